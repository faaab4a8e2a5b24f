package cn.onething.health;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.apply.NewbornForm;
import cn.onething.db.DatabaseUrl;
import cn.onething.testing.RunningSimulator;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The figures an operator watches beyond Vert.x's own: outbox backlog, overdue steps, rules. */
@ExtendWith(ServerExtension.class)
class OperationsMetricsTest {
  static RunningSimulator simulator;

  static Map<String, String> serverEnv() {
    simulator = new RunningSimulator();
    return simulator.serverEnv(true);
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  static double metric(TestServer server, String line) {
    String text = server.get("/metrics").send().text();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(line) + " ([0-9.eE+-]+)$").matcher(text);
    assertThat(m.find()).as(line + " in\n" + text.lines().filter(l -> l.startsWith("onething_")).toList()).isTrue();
    return Double.parseDouble(m.group(1));
  }

  static long count(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void backlogOverdueStepsAndRulesAreOnTheMetricsEndpoint(TestServer server) throws Exception {
    double rulesBefore = metric(server, "onething_rules_evaluated_total");
    double batchesBefore = metric(server, "onething_rules_evaluation_seconds_count");
    String sha = server.post("/api/uploads").as("citizen-lina").body("application/octet-stream",
        "%PDF-1.4\n%metrics\n%%EOF\n".getBytes(StandardCharsets.UTF_8)).send().json().getString("sha256");
    Reply submitted = server.post("/api/applications").as("citizen-lina").header("Idempotency-Key", "metrics")
        .json(new JsonObject().put("region", "330000").put("service", "newborn").put("data", NewbornForm.data())
            .put("materials", new JsonObject().put("name:新生儿出生时疫苗接种记录", sha))).send();
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
    assertThat(metric(server, "onething_rules_evaluated_total")).as("the submission's rules were counted")
        .isGreaterThan(rulesBefore);
    assertThat(metric(server, "onething_rules_evaluation_seconds_count")).isGreaterThan(batchesBefore);
    assertThat(metric(server, "onething_rules_evaluation_seconds_sum")).isPositive();
    assertThat(metric(server, "onething_rules_failures_total{kind=\"limit\"}")).isZero();

    server.server().processWorker().stop();
    server.server().processWorker().tick().await();
    DatabaseUrl db = DatabaseUrl.parse(server.databaseUrl());
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
      // The open steps are made overdue; the gauges follow the tables at the next read.
      s.executeUpdate("UPDATE step_instance SET due_date = DATE '2026-01-05' WHERE id IN (SELECT id FROM step_instance"
          + " WHERE status IN ('active', 'claimed') ORDER BY id LIMIT 2)");
      s.executeUpdate("INSERT INTO outbox (application_id, step_instance_id, request_id, next_attempt_at)"
          + " SELECT application_id, id, 'metrics-test', now() + interval '1 hour' FROM step_instance LIMIT 1");
      server.server().metrics().refresh().await();
      assertThat(metric(server, "onething_steps_overdue")).isEqualTo(count(s, "SELECT count(*) FROM step_instance"
          + " WHERE status IN ('active', 'claimed') AND due_date < (now() AT TIME ZONE 'Asia/Shanghai')::date")).isGreaterThanOrEqualTo(1);
      long pending = count(s, "SELECT count(*) FROM outbox WHERE status = 'pending'");
      assertThat(pending).isPositive();
      assertThat(metric(server, "onething_outbox_pending")).isEqualTo(pending);
      assertThat(metric(server, "onething_outbox_due")).isEqualTo(
          count(s, "SELECT count(*) FROM outbox WHERE status = 'pending' AND next_attempt_at <= now()"));
      assertThat(metric(server, "onething_outbox_failed")).isEqualTo(count(s, "SELECT count(*) FROM outbox WHERE status = 'failed'"));
    }
  }
}
