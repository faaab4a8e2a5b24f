package cn.onething.audit;

import static cn.onething.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.onething.catalogue.Fixtures;
import cn.onething.db.DatabaseUrl;
import cn.onething.apply.NewbornForm;
import cn.onething.testing.RunningSimulator;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 审计留痕: template, service and release changes, task decisions and looks at full sensitive values
 * each leave one entry with who, when, tenant and what; refused acts leave none; auditors see their
 * own region only; nothing in the API or the database changes or deletes an entry.
 */
@ExtendWith(ServerExtension.class)
class AuditTrailTest {
  static RunningSimulator simulator;

  static Map<String, String> serverEnv() {
    simulator = new RunningSimulator();
    return simulator.serverEnv(true);
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  static JsonArray audit(TestServer server, String auditor, String query) {
    Reply reply = server.get("/api/audit" + query).as(auditor).send();
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json().getJsonArray("items");
  }

  static List<JsonObject> entries(JsonArray items, String action) {
    return items.stream().map(i -> (JsonObject) i).filter(i -> action.equals(i.getString("action"))).toList();
  }

  @Test
  void changesAndDecisionsAreRecordedForTheirOwnAuditorsOnly(TestServer server) {
    // A province publishes a release of its service; a publisher publishes a template version.
    Reply published = server.post("/api/tenants/330000/services/newborn/publish").as("admin-330000").send();
    assertThat(published.status()).as(published.toString()).isEqualTo(201);
    String draft = "/api/catalogue/templates/nhc/audit-matter/versions/1.0.0";
    assertThat(server.put(draft).as("publisher-nhc").json(Fixtures.load("matter").put("slug", "audit-matter")).send()
        .status()).isEqualTo(201);
    Reply invalid = server.post(draft + "/publish").as("publisher-nhc").send();
    assertThat(invalid.status()).as("the fixture names test data elements: refused").isEqualTo(422);
    Reply deprecated = server.post("/api/catalogue/templates/nhc/vaccination-record/versions/1.1.0/deprecate")
        .as("publisher-nhc").json(new JsonObject().put("note", "审计测试")).send();
    assertThat(deprecated.status()).as(deprecated.toString()).isEqualTo(200);
    // Refused and failed acts leave nothing.
    int before = entries(audit(server, "auditor-national", "?action=release"), "release.publish").size();
    assertThat(server.post("/api/tenants/330000/services/newborn/publish").as("admin-440000").send().status()).isEqualTo(403);
    assertThat(server.post("/api/tenants/330000/services/no-such/publish").as("admin-330000").send().status()).isEqualTo(404);

    JsonArray zhejiang = audit(server, "auditor-330000", "");
    List<JsonObject> releases = entries(zhejiang, "release.publish");
    assertThat(releases).hasSize(before);
    JsonObject release = releases.stream().filter(r -> published.json().getInteger("number")
        .equals(r.getJsonObject("detail").getJsonObject("result").getInteger("number"))).findFirst().orElseThrow();
    assertThat(release.getString("actor")).isEqualTo("admin-330000");
    assertThat(release.getString("actorName")).isEqualTo("浙江省 政务服务管理员");
    assertThat(release.getJsonArray("roles")).containsExactly("admin");
    assertThat(release.getString("tenant")).isEqualTo("330000");
    assertThat(release.getString("subject")).isEqualTo("services/330000/newborn");
    assertThat(release.getJsonObject("detail").getJsonObject("result").getInteger("number"))
        .isEqualTo(published.json().getInteger("number"));
    assertThat(release.getString("at")).isNotBlank();
    assertThat(release.getString("requestId")).isNotBlank();
    assertThat(entries(zhejiang, "template.draft")).as("a publisher's act is not the province's").isEmpty();

    JsonArray all = audit(server, "auditor-national", "?action=template");
    assertThat(all.stream().map(i -> ((JsonObject) i).getString("action")).distinct().toList())
        .as("the refused publish left nothing").containsExactlyInAnyOrder("template.draft", "template.deprecate");
    assertThat(entries(all, "template.draft").get(0).getString("subject")).isEqualTo("templates/nhc/audit-matter/1.0.0");
    JsonObject template = entries(all, "template.deprecate").get(0);
    assertThat(template.getString("tenant")).isEqualTo("nhc");
    assertThat(template.getString("actor")).isEqualTo("publisher-nhc");
    assertThat(template.getString("subject")).isEqualTo("templates/nhc/vaccination-record/1.1.0");
    assertThat(template.getJsonObject("detail").getString("note")).isEqualTo("审计测试");
    assertThat(entries(audit(server, "auditor-national", "?tenant=330000"), "release.publish")).hasSize(before);

    assertThat(audit(server, "auditor-440000", "")).as("广东 sees nothing of 浙江").isEmpty();
    assertProblem(server.get("/api/audit?tenant=330000").as("auditor-440000").send(), 403, "urn:onething:problem:forbidden");
    assertProblem(server.get("/api/audit").as("admin-330000").send(), 403, "urn:onething:problem:forbidden");
    assertProblem(server.get("/api/audit").as("citizen-lina").send(), 403, "urn:onething:problem:forbidden");
    assertProblem(server.get("/api/audit").send(), 401, "urn:onething:problem:unauthorized");
  }

  /** A newborn application submitted and started; its acceptance task in the data bureau's queue. */
  static JsonObject acceptanceTask(TestServer server, String idempotencyKey) {
    String sha = server.post("/api/uploads").as("citizen-lina").body("application/octet-stream",
        "%PDF-1.4\n%audit\n%%EOF\n".getBytes(StandardCharsets.UTF_8)).send().json().getString("sha256");
    Reply submitted = server.post("/api/applications").as("citizen-lina").header("Idempotency-Key", idempotencyKey)
        .json(new JsonObject().put("region", "330000").put("service", "newborn").put("data", NewbornForm.data())
            .put("materials", new JsonObject().put("name:新生儿出生时疫苗接种记录", sha))).send();
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
    String id = submitted.json().getString("id");
    server.server().processWorker().tick().await();
    return server.get("/api/tasks").as("clerk-330000-data").send().json().getJsonArray("items").stream()
        .map(i -> (JsonObject) i).filter(i -> id.equals(i.getString("application"))).findFirst().orElseThrow();
  }

  @Test
  void taskDecisionsAndRevealedValuesAreRecorded(TestServer server) {
    JsonObject task = acceptanceTask(server, "audit-task");
    String id = task.getString("application");
    String path = "/api/tasks/" + task.getLong("id");

    assertThat(server.get(path).as("clerk-330000-data").send().status()).isEqualTo(200);
    assertThat(entries(audit(server, "auditor-330000", "?action=sensitive"), "sensitive.reveal"))
        .as("a masked look is not recorded").isEmpty();
    Reply revealed = server.get(path + "?reveal=true").as("clerk-330000-data").send();
    assertThat(revealed.status()).isEqualTo(200);
    List<JsonObject> reveals = entries(audit(server, "auditor-330000", "?action=sensitive"), "sensitive.reveal");
    assertThat(reveals).hasSize(1);
    assertThat(reveals.get(0).getString("actor")).isEqualTo("clerk-330000-data");
    assertThat(reveals.get(0).getJsonObject("detail").getString("application")).isEqualTo(id);
    assertThat(reveals.get(0).getJsonObject("detail").getJsonArray("fields")).contains("mother_person_idNumber");

    Reply done = server.post(path + "/complete").as("clerk-330000-data")
        .json(new JsonObject().put("version", task.getInteger("version")).put("outcome", "accepted").put("comment", "材料齐全"))
        .send();
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
    Reply stale = server.post(path + "/complete").as("clerk-330000-data")
        .json(new JsonObject().put("version", task.getInteger("version")).put("outcome", "accepted")).send();
    assertThat(stale.status()).isEqualTo(409);
    List<JsonObject> decisions = entries(audit(server, "auditor-330000", "?action=task&subject=tasks/" + task.getLong("id")),
        "task.complete");
    assertThat(decisions).as("one decision; the refused repeat left nothing").hasSize(1);
    JsonObject detail = decisions.get(0).getJsonObject("detail");
    assertThat(detail.getString("outcome")).isEqualTo("accepted");
    assertThat(detail.getString("comment")).isEqualTo("材料齐全");
    assertThat(detail.getString("application")).isEqualTo(id);
    assertThat(detail.getString("department")).isEqualTo("data");
    assertThat(decisions.get(0).getString("tenant")).isEqualTo("330000");
    assertThat(audit(server, "auditor-440000", "?action=task")).isEmpty();
  }

  @Test
  void aDecisionIsNotStoredWithoutItsRecord(TestServer server) throws SQLException {
    JsonObject task = acceptanceTask(server, "audit-atomic");
    String path = "/api/tasks/" + task.getLong("id");
    DatabaseUrl db = DatabaseUrl.parse(server.databaseUrl());
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
      // The audit table refuses this one entry, as a full disk or a broken table would.
      s.execute("CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
          + "IF NEW.subject = 'tasks/" + task.getLong("id") + "' THEN RAISE EXCEPTION 'audit refused'; END IF; "
          + "RETURN NEW; END $$");
      s.execute("CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION refuse_audit()");
      try {
        Reply refused = server.post(path + "/complete").as("clerk-330000-data")
            .json(new JsonObject().put("version", task.getInteger("version")).put("outcome", "accepted")).send();
        assertThat(refused.status()).as(refused.toString()).isGreaterThanOrEqualTo(500);
      } finally {
        s.execute("DROP TRIGGER refuse_audit ON audit_event");
        s.execute("DROP FUNCTION refuse_audit()");
      }
    }
    Reply still = server.get(path).as("clerk-330000-data").send();
    assertThat(still.json().getString("status")).as("the decision was rolled back with its record")
        .isEqualTo(task.getString("status"));
    assertThat(still.json().getInteger("version")).isEqualTo(task.getInteger("version"));
    Reply done = server.post(path + "/complete").as("clerk-330000-data")
        .json(new JsonObject().put("version", task.getInteger("version")).put("outcome", "accepted")).send();
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
    assertThat(entries(audit(server, "auditor-330000", "?action=task&subject=tasks/" + task.getLong("id")), "task.complete"))
        .hasSize(1);
  }

  @Test
  void entriesCannotBeChangedOrDeleted(TestServer server) throws SQLException {
    assertThat(server.post("/api/tenants/330000/services/company-opening/publish").as("admin-330000").send().status())
        .isEqualTo(201);
    for (String method : List.of("DELETE", "PUT", "POST", "PATCH")) {
      assertProblem(server.request(method, "/api/audit").as("auditor-national").json(new JsonObject()).send(), 405,
          "urn:onething:problem:method-not-allowed");
    }
    DatabaseUrl db = DatabaseUrl.parse(server.databaseUrl());
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_event SET actor = 'someone-else'"))
          .hasMessageContaining("审计记录只能追加");
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_event")).hasMessageContaining("审计记录只能追加");
      assertThatThrownBy(() -> s.executeUpdate("TRUNCATE audit_event")).hasMessageContaining("审计记录只能追加");
    }
    assertThat(entries(audit(server, "auditor-330000", "?subject=services/330000/company-opening"), "release.publish"))
        .hasSize(1);
  }

  @Test
  void pagesAndBadQueries(TestServer server) {
    for (int i = 0; i < 3; i++) {
      assertThat(server.post("/api/tenants/330000/services/newborn/publish").as("admin-330000").send().status())
          .isEqualTo(201);
    }
    JsonObject first = server.get("/api/audit?action=release.publish&limit=2").as("auditor-330000").send().json();
    assertThat(first.getJsonArray("items")).hasSize(2);
    JsonObject second = server.get("/api/audit?action=release.publish&limit=2&before=" + first.getLong("next"))
        .as("auditor-330000").send().json();
    assertThat(second.getJsonArray("items")).isNotEmpty();
    assertThat(second.getJsonArray("items").getJsonObject(0).getLong("id"))
        .isLessThan(first.getJsonArray("items").getJsonObject(1).getLong("id"));

    Reply bad = server.get("/api/audit?limit=0&from=yesterday&action=drop").as("auditor-330000").send();
    assertProblem(bad, 400, "urn:onething:problem:invalid-input");
    assertThat(bad.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("pointer")))
        .containsExactlyInAnyOrder("limit", "from", "action");
    assertProblem(server.get("/api/audit?from=2026-12-01&to=2026-11-01").as("auditor-330000").send(), 400,
        "urn:onething:problem:invalid-input");
    assertThat(audit(server, "auditor-330000", "?from=2020-01-01&to=2020-01-31")).isEmpty();
  }
}
