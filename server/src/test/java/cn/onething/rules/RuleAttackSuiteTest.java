package cn.onething.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * 规则沙箱攻击集 ({@code rules/attacks.json}): every hostile expression is refused by the checker
 * with a Chinese message, and — evaluated directly, as if the checker had let it through — ends in
 * an error or is cancelled within its limit, after which the same context still evaluates a canary
 * rule exactly as before (nothing polluted, nothing leaked, the form untouched).
 */
class RuleAttackSuiteTest {
  static final Duration LIMIT = Duration.ofMillis(500);
  /** Everything a rule could have spoiled for the next one in the same context. */
  static final String CANARY = "includes([1, 2], 2) && [3].indexOf(3) === 0 && ({}).polluted === undefined"
      + " && Math.max(1, 2) === 2 && typeof leak === 'undefined' && form.x === 'original' && form.n === 1"
      + " && ctx.applicant.idNumber === '330106199208151424' && typeof Java === 'undefined'"
      + " && typeof Polyglot === 'undefined' && JSON.parse('{\"a\":1}').a === 1 && [1, 2].map(String).join() === '1,2'";

  static JsonArray attacks() throws IOException {
    try (InputStream in = RuleAttackSuiteTest.class.getResourceAsStream("/rules/attacks.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getJsonArray("attacks");
    }
  }

  static JsonObject form() {
    return new JsonObject().put("x", "original").put("n", 1);
  }

  static JsonObject ctx() {
    return new JsonObject().put("today", "2026-11-27").put("region", "330000").put("channel", "web")
        .put("applicant", new JsonObject().put("idNumber", "330106199208151424"));
  }

  @Test
  void everyAttackIsRefusedAtLintAndContainedAtRunTime() throws Exception {
    JsonArray attacks = attacks();
    assertThat(attacks.size()).as("at least 30 attacks").isGreaterThanOrEqualTo(30);
    RuleSandbox sandbox = new RuleSandbox(LIMIT);
    for (String part : CANARY.split(" && ")) {
      assertThat(sandbox.evaluate(part, form(), ctx())).as("the canary holds before: " + part).isEqualTo(RuleSandbox.Outcome.of(true));
    }
    Map<String, Integer> byEnd = new LinkedHashMap<>();
    List<String> escaped = new ArrayList<>();
    long slowest = 0;
    for (Object o : attacks) {
      String expression = ((JsonObject) o).getString("expression");
      List<RuleChecker.Finding> findings = RuleChecker.check(expression, new RuleChecker.Scope(Set.of("x", "n")));
      assertThat(findings).as("the checker refuses " + expression).isNotEmpty();
      assertThat(findings.get(0).message()).as(expression).containsPattern("\\p{IsHan}");

      long started = System.nanoTime();
      String end;
      try {
        RuleSandbox.Outcome outcome = sandbox.evaluate(expression, form(), ctx());
        end = outcome.failed() ? "error" : "value " + outcome.value();
        // TRegex matches these patterns in linear time: they finish, false, long before the limit.
        if (!outcome.failed() && !"regex".equals(((JsonObject) o).getString("kind"))) {
          escaped.add(expression);
        }
      } catch (RuleSandbox.RuleTimeoutException e) {
        end = "cancelled";
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      slowest = Math.max(slowest, millis);
      System.out.printf("attack %-10s %-9s %5d ms  %s%n", ((JsonObject) o).getString("kind"), end, millis, expression);
      byEnd.merge(end.startsWith("value") ? "value" : end, 1, Integer::sum);
      // The watchdog interrupts guest code at its next safepoint; a single built-in call (one
      // JSON.stringify of ten million strings) runs to its end first, seconds on a busy machine.
      // That is why the checker is the first line: it refuses every one of these at publish.
      assertThat(millis).as("the thread is free again: " + expression).isLessThan(20_000);
      assertThat(sandbox.evaluate(CANARY, form(), ctx()).value()).as("nothing left behind by " + expression).isTrue();
    }
    System.out.printf("attacks: %d, ends %s, slowest %d ms%n", attacks.size(), byEnd, slowest);
    assertThat(escaped).as("attacks that evaluated to a value instead of failing").isEmpty();
  }
}
