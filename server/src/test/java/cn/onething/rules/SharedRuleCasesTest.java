package cn.onething.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The server's half of the shared rule table (the browser's half is the designer's Vitest test of
 * {@code rules.js}): every expression parses as a checked rule and GraalJS gives the expected result.
 */
class SharedRuleCasesTest {
  static final RuleSandbox SANDBOX = new RuleSandbox();

  static JsonObject table() throws IOException {
    try (InputStream in = SharedRuleCasesTest.class.getResourceAsStream("/rules/shared-cases.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @TestFactory
  Stream<DynamicTest> theSandboxGivesTheTablesResults() throws IOException {
    JsonObject table = table();
    JsonObject ctx = table.getJsonObject("ctx");
    return table.getJsonArray("cases").stream().map(o -> (JsonObject) o).map(c -> DynamicTest.dynamicTest(
        c.getString("expression"), () -> {
          assertThat(RuleChecker.ast(c.getString("expression"))).as("parses as one expression").isNotNull();
          RuleSandbox.Outcome outcome = SANDBOX.evaluate(c.getString("expression"), c.getJsonObject("form"), ctx);
          Object expected = c.getValue("expected");
          if ("error".equals(expected)) {
            assertThat(outcome.failed()).isTrue();
          } else {
            assertThat(outcome.failed()).as(String.valueOf(outcome.error())).isFalse();
            assertThat(outcome.value()).isEqualTo(expected);
          }
        }));
  }
}
