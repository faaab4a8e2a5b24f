package cn.onething.process;

import static cn.onething.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.db.DatabaseUrl;
import cn.onething.testing.RunningSimulator;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The other paths: refused at the window, a department's rejection, a supplement (补正), an overdue task. */
@ExtendWith(ServerExtension.class)
class ProcessPathsTest {
  static RunningSimulator simulator;
  static int seq;

  static Map<String, String> serverEnv() {
    simulator = new RunningSimulator();
    return simulator.serverEnv(true);
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  static String submit(TestServer server) {
    String sha = server.post("/api/uploads").as("citizen-lina").body("application/octet-stream",
        "%PDF-1.4\n%v\n%%EOF\n".getBytes(StandardCharsets.UTF_8)).send().json().getString("sha256");
    Reply r = server.post("/api/applications").as("citizen-lina").header("Idempotency-Key", "paths-" + (++seq))
        .json(new JsonObject().put("region", "330000").put("service", "newborn").put("data", NewbornProcessTest.newborn())
            .put("materials", new JsonObject().put("name:新生儿出生时疫苗接种记录", sha))).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    String id = r.json().getString("id");
    server.server().processWorker().tick().await();
    return id;
  }

  static JsonObject task(TestServer server, String clerk, String id, String step) {
    for (int i = 0; i < 5; i++) {
      server.server().processWorker().tick().await();
      var found = NewbornProcessTest.queue(server, clerk).stream().map(o -> (JsonObject) o)
          .filter(t -> id.equals(t.getString("application")) && step.equals(t.getString("branch") + "#" + t.getString("step")))
          .findFirst();
      if (found.isPresent()) {
        return found.get();
      }
    }
    throw new AssertionError("no task " + step + " for " + clerk);
  }

  static Reply complete(TestServer server, String clerk, JsonObject task, String outcome) {
    return server.post("/api/tasks/" + task.getLong("id") + "/complete").as(clerk)
        .json(new JsonObject().put("version", task.getInteger("version")).put("outcome", outcome).put("comment", "经审核")).send();
  }

  static JsonObject progress(TestServer server, String id) {
    return server.get("/api/applications/" + id + "/progress").as("citizen-lina").send().json();
  }

  @Test
  void refusedAtTheWindowEndsEverything(TestServer server) {
    String id = submit(server);
    assertThat(complete(server, "clerk-330000-data", task(server, "clerk-330000-data", id, "shared#shared-accept"), "refused")
        .status()).isEqualTo(200);
    JsonObject p = progress(server, id);
    assertThat(p.getString("status")).isEqualTo("rejected");
    // The one window's branch was refused; each of the five matters' branches was cancelled.
    java.util.Map<String, String> byMatter = p.getJsonArray("branches").stream().map(b -> (JsonObject) b)
        .collect(java.util.stream.Collectors.toMap(b -> b.getString("matter"), b -> b.getString("status")));
    assertThat(byMatter.remove(ProcessDefinition.SHARED)).isEqualTo("rejected");
    assertThat(byMatter).hasSize(5).allSatisfy((matter, status) -> assertThat(status).as(matter).isEqualTo("cancelled"));
  }

  @Test
  void aRejectionCancelsWhatWaitsForIt(TestServer server) {
    String id = submit(server);
    complete(server, "clerk-330000-data", task(server, "clerk-330000-data", id, "shared#shared-accept"), "accepted");
    JsonObject review = task(server, "clerk-330000-health", id, "nhc/birth-medical-certificate#review");
    JsonObject detail = server.get("/api/tasks/" + review.getLong("id")).as("clerk-330000-health").send().json();
    String reject = detail.getJsonArray("outcomes").stream().map(o -> (JsonObject) o)
        .filter(o -> "rejected".equals(o.getString("result"))).findFirst().orElseThrow().getString("id");
    assertThat(complete(server, "clerk-330000-health", review, reject).status()).isEqualTo(200);
    JsonObject p = progress(server, id);
    Map<String, String> states = new java.util.HashMap<>();
    p.getJsonArray("branches").forEach(b -> states.put(((JsonObject) b).getString("matter"), ((JsonObject) b).getString("status")));
    assertThat(states).containsEntry("nhc/birth-medical-certificate", "rejected")
        .containsEntry("mps/birth-registration", "cancelled")
        .containsEntry("mohrss/social-security-card-application", "cancelled");
    assertThat(NewbornProcessTest.names(NewbornProcessTest.queue(server, "clerk-330000-public-security"), id)).isEmpty();
  }

  @Test
  void aSupplementGoesBackToTheCitizenAndResumes(TestServer server) {
    String id = submit(server);
    complete(server, "clerk-330000-data", task(server, "clerk-330000-data", id, "shared#shared-accept"), "accepted");
    JsonObject review = task(server, "clerk-330000-health", id, "nhc/birth-medical-certificate#review");
    Reply asked = server.post("/api/tasks/" + review.getLong("id") + "/supplement").as("clerk-330000-health")
        .json(new JsonObject().put("version", review.getInteger("version")).put("comment", "出生体重与分娩记录不符，请核对后更正")).send();
    assertThat(asked.status()).as(asked.toString()).isEqualTo(200);
    JsonObject p = progress(server, id);
    assertThat(p.getString("status")).isEqualTo("supplement");
    assertThat(p.getJsonArray("waitingOnYou").getJsonObject(0).getString("comment")).contains("出生体重");
    assertThat(NewbornProcessTest.names(NewbornProcessTest.queue(server, "clerk-330000-health"), id))
        .doesNotContain("nhc/birth-medical-certificate#review");

    assertProblem(server.post("/api/applications/" + id + "/supplement").as("citizen-lina")
        .json(new JsonObject().put("data", new JsonObject().put("newborn_birth_weight", 99999))).send(), 422,
        "urn:onething:problem:application-invalid");
    assertProblem(server.post("/api/applications/" + id + "/supplement").as("citizen-chenjie")
        .json(new JsonObject().put("data", new JsonObject().put("newborn_birth_weight", 3250))).send(), 404,
        "urn:onething:problem:not-found");
    Reply fixed = server.post("/api/applications/" + id + "/supplement").as("citizen-lina")
        .json(new JsonObject().put("data", new JsonObject().put("newborn_birth_weight", 3250))).send();
    assertThat(fixed.status()).as(fixed.toString()).isEqualTo(200);
    assertThat(fixed.json().getJsonArray("waitingOnYou")).isEmpty();
    JsonObject again = task(server, "clerk-330000-health", id, "nhc/birth-medical-certificate#review");
    String pass = server.get("/api/tasks/" + again.getLong("id")).as("clerk-330000-health").send().json()
        .getJsonArray("outcomes").getJsonObject(0).getString("id");
    assertThat(complete(server, "clerk-330000-health", again, pass).status()).isEqualTo(200);
    assertThat(server.get("/api/applications/" + id).as("citizen-lina").send().json().getJsonObject("data")
        .getInteger("newborn_birth_weight")).isEqualTo(3250);
  }

  @Test
  void anOverdueTaskIsFlaggedAndEscalated(TestServer server) throws Exception {
    String id = submit(server);
    JsonObject accept = task(server, "clerk-330000-data", id, "shared#shared-accept");
    assertThat(accept.getBoolean("overdue")).isFalse();
    DatabaseUrl db = DatabaseUrl.parse(server.databaseUrl());
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
      // Time passes: its due date (a working day) is behind us now.
      s.executeUpdate("UPDATE step_instance SET due_date = DATE '2026-10-09' WHERE id = " + accept.getLong("id"));
    }
    JsonObject late = task(server, "clerk-330000-data", id, "shared#shared-accept");
    assertThat(late.getBoolean("overdue")).isTrue();
    assertThat(server.get("/api/tasks?overdue=true").as("clerk-330000-data").send().json().getJsonArray("items").stream()
        .map(o -> ((JsonObject) o).getString("application"))).contains(id);
    // Escalation: the department lead sees the overdue tasks; a plain clerk may not open the lead's list.
    JsonObject review = task(server, "clerk-330000-data", id, "shared#shared-accept");
    complete(server, "clerk-330000-data", review, "accepted");
    JsonObject healthReview = task(server, "clerk-330000-health", id, "nhc/birth-medical-certificate#review");
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE step_instance SET due_date = DATE '2026-10-09' WHERE id = " + healthReview.getLong("id"));
    }
    assertThat(server.get("/api/tasks/escalations").as("lead-330000-health").send().json().getJsonArray("items").stream()
        .map(o -> ((JsonObject) o).getLong("id"))).contains(healthReview.getLong("id"));
    assertProblem(server.get("/api/tasks/escalations").as("clerk-330000-health").send(), 403, "urn:onething:problem:forbidden");
    // Another region's clerk of the same department sees nothing of it.
    assertThat(NewbornProcessTest.names(NewbornProcessTest.queue(server, "clerk-440000-health"), id)).isEmpty();
    assertThat(server.get("/api/tasks/" + healthReview.getLong("id")).as("clerk-440000-health").send().status()).isEqualTo(404);
  }
}
