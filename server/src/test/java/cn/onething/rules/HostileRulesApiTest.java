package cn.onething.rules;

import static cn.onething.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import cn.onething.db.DatabaseUrl;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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
  /**
   * As if the checker had let a rule through: the published release is changed in the database
   * to hold an endless loop. Each submission that reaches it is a 503 problem and stores nothing;
   * after the second time-out the rule is quarantined and refused at once; the province's other
   * services go on taking submissions.
   */
  @Test
  void aRuleThatSlipsPastTheCheckerIsA503ThenQuarantined(TestServer server) throws Exception {
    String admin = server.login("admin-330000");
    assertThat(server.post("/api/tenants/330000/services").token(admin)
        .json(new JsonObject().put("slug", "newborn-loop").put("package", "national/newborn")).send().status()).isEqualTo(201);
    JsonArray overrides = new JsonArray().add(new JsonObject().put("id", "gate").put("op", "addRule")
        .put("rule", new JsonObject().put("kind", "eligible").put("expression", "ctx.channel !== 'nowhere'")
            .put("message", "x")));
    assertThat(server.put("/api/tenants/330000/services/newborn-loop").token(admin)
        .json(new JsonObject().put("overrides", overrides)).send().status()).isEqualTo(200);
    var published = server.post("/api/tenants/330000/services/newborn-loop/publish").token(admin).send();
    assertThat(published.status()).as(published.toString()).isEqualTo(201);
    DatabaseUrl db = DatabaseUrl.parse(server.databaseUrl());
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement s = c.createStatement()) {
      int changed = s.executeUpdate("""
          UPDATE service_release SET content = replace(content::text, 'ctx.channel !== ''nowhere''',
                 '(function(){ var a = []; for (var i = 0; i < 1e12; i++) { a = [i]; } return true; })()')::jsonb
           WHERE region = '330000' AND slug = 'newborn-loop'""");
      assertThat(changed).isEqualTo(1);
      String citizen = server.login("citizen-lina");
      for (int i = 0; i < 3; i++) {
        var reply = server.post("/api/applications").token(citizen).header("Idempotency-Key", "loop-" + i)
            .json(new JsonObject().put("region", "330000").put("service", "newborn-loop").put("data", new JsonObject()))
            .send();
        assertProblem(reply, 503, "urn:onething:problem:rules-unavailable");
        assertThat(reply.json().getString("detail")).contains("稍后再试");
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM application WHERE service_slug = 'newborn-loop'")) {
        rs.next();
        assertThat(rs.getLong(1)).as("nothing stored").isZero();
      }
    }
    // Stopped by a limit twice, then refused without running.
    String metrics = server.get("/metrics").send().text();
    assertThat(metrics).containsPattern("onething_rules_failures_total\\{kind=\"limit\"\\S* 2\\.0");
    assertThat(metrics).containsPattern("onething_rules_refused_total\\S* 1\\.0");
    // Another service of the province still takes submissions (its own rules run).
    var other = server.post("/api/applications").token(server.login("citizen-lina")).header("Idempotency-Key", "honest")
        .json(new JsonObject().put("region", "330000").put("service", "newborn").put("data", new JsonObject())).send();
    assertThat(other.status()).as(other.toString()).isNotEqualTo(503).isLessThan(500);
  }
}
