package cn.onething.rules;

import static cn.onething.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A province admin who writes a hostile rule gets a clean validation error at the rule, never a
 * 500, and the server goes on answering everyone else meanwhile.
 */
@ExtendWith(ServerExtension.class)
class HostileRulesApiTest {
  static final List<String> HOSTILE = List.of("while(true){}", "(function f(){ return f(); })()",
      "Java.type('java.lang.System').exit(1)", "Polyglot.eval('js', '1')",
      "this.constructor.constructor('return this')()", "(function(){ for(;;){} })()");

  static Map<String, String> serverEnv() {
    return Map.of("ONETHING_TEMPLATES_DIR", Path.of("..", "templates").toAbsolutePath().toString());
  }

  @Test
  void eachHostileRuleIsACleanErrorAndTheServerStaysHealthy(TestServer server) throws Exception {
    String admin = server.login("admin-330000");
    assertThat(server.post("/api/tenants/330000/services").token(admin)
        .json(new JsonObject().put("slug", "newborn-x").put("package", "national/newborn")).send().status()).isEqualTo(201);
    for (String expression : HOSTILE) {
      JsonArray overrides = new JsonArray().add(new JsonObject().put("id", "evil").put("op", "addRule")
          .put("rule", new JsonObject().put("kind", "eligible").put("expression", expression).put("message", "x")));
      assertThat(server.put("/api/tenants/330000/services/newborn-x").token(admin)
          .json(new JsonObject().put("overrides", overrides)).send().status()).isEqualTo(200);
      CompletableFuture<Integer> health = CompletableFuture.supplyAsync(() -> server.get("/health").send().status());
      var published = server.post("/api/tenants/330000/services/newborn-x/publish").token(admin).send();
      assertProblem(published, 422, "urn:onething:problem:service-invalid");
      assertThat(published.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("pointer")))
          .as(expression).allMatch(p -> p.startsWith("/overrides/0/rule"));
      assertThat(published.json().getJsonArray("errors").getJsonObject(0).getString("message")).as(expression)
          .containsPattern("[\\u4e00-\\u9fa5]");
      assertThat(health.get(5, TimeUnit.SECONDS)).isEqualTo(200);
    }
  }
}
