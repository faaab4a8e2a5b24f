package cn.onething.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.apply.NewbornForm;
import cn.onething.catalogue.Fixtures;
import cn.onething.testing.RunningSimulator;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 批量赋值: properties a caller must not set — owner, tenant, status, version, publisher — sent in
 * request bodies are refused (400) or ignored, never applied.
 */
@ExtendWith(ServerExtension.class)
class MassAssignmentTest {
  static RunningSimulator simulator;

  static Map<String, String> serverEnv() {
    simulator = new RunningSimulator();
    return simulator.serverEnv(true);
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  /** Refused, or answered as if the extra properties were not there. */
  static void refusedOrIgnored(Reply reply) {
    assertThat(reply.status()).as(reply.toString()).isIn(200, 201, 400);
  }

  @Test
  void ownerTenantStatusAndVersionInBodiesAreNeverApplied(TestServer server) {
    String sha = server.post("/api/uploads").as("citizen-lina").body("application/octet-stream",
        "%PDF-1.4\n%mass\n%%EOF\n".getBytes(StandardCharsets.UTF_8)).send().json().getString("sha256");
    Reply submitted = server.post("/api/applications").as("citizen-lina").header("Idempotency-Key", "mass")
        .json(new JsonObject().put("region", "330000").put("service", "newborn").put("data", NewbornForm.data())
            .put("materials", new JsonObject().put("name:新生儿出生时疫苗接种记录", sha))
            .put("applicant", "citizen-chenjie").put("status", "completed").put("id", "330000-20990101-999999")
            .put("tenant", "440000").put("release", 99).put("dueDate", "2026-01-01")).send();
    refusedOrIgnored(submitted);
    if (submitted.status() == 201) {
      String id = submitted.json().getString("id");
      assertThat(id).isNotEqualTo("330000-20990101-999999");
      JsonObject mine = server.get("/api/applications/" + id).as("citizen-lina").send().json();
      assertThat(mine.getString("status")).isNotEqualTo("completed");
      assertThat(server.get("/api/applications/" + id).as("citizen-chenjie").send().status()).isEqualTo(404);
    }
    assertThat(server.get("/api/applications/330000-20990101-999999").as("citizen-lina").send().status()).isEqualTo(404);

    // A service created "in 广东, already published" is 浙江's and a draft, or refused.
    Reply created = server.post("/api/tenants/330000/services").as("admin-330000")
        .json(new JsonObject().put("slug", "mass-newborn").put("package", "national/newborn").put("region", "440000")
            .put("tenant", "440000").put("activeRelease", 7).put("status", "published")).send();
    refusedOrIgnored(created);
    assertThat(server.get("/api/tenants/440000/services/mass-newborn").as("admin-440000").send().status()).isEqualTo(404);
    if (created.status() == 201) {
      assertThat(server.get("/api/tenants/330000/services/mass-newborn/releases").as("admin-330000").send().json()
          .getJsonArray("releases", new io.vertx.core.json.JsonArray())).isEmpty();
      assertThat(server.get("/api/services/330000/mass-newborn").send().status()).as("not published").isEqualTo(404);
    }

    // A draft saved under 国家卫健委 that names 公安部 as its publisher stays 国家卫健委's, or is refused.
    Reply draft = server.put("/api/catalogue/templates/nhc/mass-draft/versions/1.0.0").as("publisher-nhc")
        .json(Fixtures.load("matter").put("slug", "mass-draft").put("publisher", "mps").put("status", "published")).send();
    refusedOrIgnored(draft);
    assertThat(server.get("/api/catalogue/templates/mps/mass-draft/versions/1.0.0").as("publisher-mps").send().status())
        .isEqualTo(404);
    assertThat(server.get("/api/catalogue/templates/nhc/mass-draft/versions/1.0.0").send().status())
        .as("still a draft: not public").isEqualTo(404);

    // A department renamed "in 广东" is renamed in 浙江 only, or refused.
    Reply renamed = server.put("/api/tenants/330000/departments/data").as("admin-330000")
        .json(new JsonObject().put("name", "浙江省政务服务中心").put("tenant", "440000")).send();
    refusedOrIgnored(renamed);

    // A clerk's decision cannot set the step's department, assignee or status directly.
    server.server().processWorker().tick().await();
    if (submitted.status() == 201) {
      String id = submitted.json().getString("id");
      JsonObject task = server.get("/api/tasks").as("clerk-330000-data").send().json().getJsonArray("items").stream()
          .map(i -> (JsonObject) i).filter(i -> id.equals(i.getString("application"))).findFirst().orElseThrow();
      Reply claimed = server.post("/api/tasks/" + task.getLong("id") + "/claim").as("clerk-330000-data")
          .json(new JsonObject().put("version", task.getInteger("version")).put("department", "health")
              .put("assignee", "clerk-330000-health").put("status", "done")).send();
      refusedOrIgnored(claimed);
      JsonObject after = server.get("/api/tasks/" + task.getLong("id")).as("clerk-330000-data").send().json();
      assertThat(after.getString("department")).isEqualTo("data");
      assertThat(after.getString("status")).isNotEqualTo("done");
      assertThat(after.getString("assignee")).isNotEqualTo("clerk-330000-health");
      assertThat(server.get("/api/tasks/" + task.getLong("id")).as("clerk-330000-health").send().status()).isEqualTo(404);
    }
  }
}
