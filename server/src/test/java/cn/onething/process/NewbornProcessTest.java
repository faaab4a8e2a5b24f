package cn.onething.process;

import static cn.onething.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.simulator.SimulatorConfig;
import cn.onething.testing.RunningSimulator;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 新生儿出生一件事 end to end through HTTP against the department simulator: submitted once, accepted
 * at the one window, then 卫健 first and 公安, 医保, 社保 in their order and in parallel where they can,
 * each clerk seeing only their department's tasks with ID numbers masked; automatic verification
 * by the population registry; the citizen follows progress and rates it once it is complete.
 */
@ExtendWith(ServerExtension.class)
class NewbornProcessTest {
  static final String LI_NA = "330106199208151424";
  static final String ZHANG_WEI = "330106199003071236";
  static RunningSimulator simulator;

  static Map<String, String> serverEnv() {
    simulator = new RunningSimulator();
    return simulator.serverEnv(true);
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  /** 李娜's newborn form (the applicant's own fields come from her login anyway). */
  static JsonObject newborn() {
    return cn.onething.apply.NewbornForm.data();
  }

  static JsonArray queue(TestServer server, String clerk) {
    return server.get("/api/tasks").as(clerk).send().json().getJsonArray("items");
  }

  static List<String> names(JsonArray items, String application) {
    return items.stream().map(i -> (JsonObject) i).filter(i -> application.equals(i.getString("application")))
        .map(i -> i.getString("branch") + "#" + i.getString("step")).toList();
  }

  /** Works the clerk's open tasks of the application with their first outcome until none is left. */
  static void workAll(TestServer server, String clerk, String application) {
    for (int round = 0; round < 20; round++) {
      server.server().processWorker().tick().await();
      List<JsonObject> mine = queue(server, clerk).stream().map(i -> (JsonObject) i)
          .filter(i -> application.equals(i.getString("application"))).toList();
      if (mine.isEmpty()) {
        return;
      }
      for (JsonObject task : mine) {
        JsonObject detail = server.get("/api/tasks/" + task.getLong("id")).as(clerk).send().json();
        String outcome = detail.getJsonArray("outcomes").getJsonObject(0).getString("id");
        Reply done = server.post("/api/tasks/" + task.getLong("id") + "/complete").as(clerk)
            .json(new JsonObject().put("version", task.getInteger("version")).put("outcome", outcome)
                .put("comment", "审核通过")).send();
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
      }
    }
  }

  @Test
  void theNewbornServiceRunsAcrossDepartmentsInOrderAndInParallel(TestServer server) throws Exception {
    String sha = server.post("/api/uploads").as("citizen-lina").body("application/octet-stream",
        "%PDF-1.4\n%vaccination\n%%EOF\n".getBytes(StandardCharsets.UTF_8)).send().json().getString("sha256");
    Reply submitted = server.post("/api/applications").as("citizen-lina").header("Idempotency-Key", "newborn-e2e")
        .json(new JsonObject().put("region", "330000").put("service", "newborn").put("data", newborn())
            .put("materials", new JsonObject().put("name:新生儿出生时疫苗接种记录", sha))).send();
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
    String id = submitted.json().getString("id");

    server.server().processWorker().tick().await();
    JsonObject progress = server.get("/api/applications/" + id + "/progress").as("citizen-lina").send().json();
    assertThat(progress.getString("status")).isEqualTo("accepting");
    assertThat(progress.getString("dueDate")).isNotNull();
    assertProblem(server.get("/api/applications/" + id + "/progress").as("citizen-chenjie").send(), 404,
        "urn:onething:problem:not-found");

    // 一窗受理: the one window accepts; nobody else sees that task.
    assertThat(names(queue(server, "clerk-330000-health"), id)).isEmpty();
    JsonArray window = queue(server, "clerk-330000-data");
    assertThat(names(window, id)).containsExactly("shared#shared-accept");
    JsonObject accept = window.stream().map(i -> (JsonObject) i).filter(i -> id.equals(i.getString("application")))
        .findFirst().orElseThrow();
    JsonObject acceptDetail = server.get("/api/tasks/" + accept.getLong("id")).as("clerk-330000-data").send().json();
    JsonObject motherId = acceptDetail.getJsonArray("fields").stream().map(f -> (JsonObject) f)
        .filter(f -> "mother_person_idNumber".equals(f.getString("key"))).findFirst().orElseThrow();
    assertThat(motherId.getString("value")).isEqualTo("330106********1424");
    assertThat(server.get("/api/tasks/" + accept.getLong("id")).as("clerk-330000-health").send().status()).isEqualTo(404);
    // A stale version is refused; the right one goes through.
    assertProblem(server.post("/api/tasks/" + accept.getLong("id") + "/complete").as("clerk-330000-data")
        .json(new JsonObject().put("version", accept.getInteger("version") + 7).put("outcome", "accepted")).send(), 409,
        "urn:onething:problem:stale-version");
    assertThat(server.post("/api/tasks/" + accept.getLong("id") + "/claim").as("clerk-330000-data")
        .json(new JsonObject().put("version", accept.getInteger("version"))).send().status()).isEqualTo(200);
    Reply accepted = server.post("/api/tasks/" + accept.getLong("id") + "/complete").as("clerk-330000-data")
        .json(new JsonObject().put("version", accept.getInteger("version") + 1).put("outcome", "accepted")).send();
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);

    // 出生医学证明 and 预防接种 wait for nothing; 落户 waits for 出生医学证明; the automatic verification runs.
    server.server().processWorker().tick().await();
    server.server().processWorker().tick().await();
    List<String> health = names(queue(server, "clerk-330000-health"), id);
    assertThat(health).contains("nhc/birth-medical-certificate#review");
    assertThat(names(queue(server, "clerk-330000-public-security"), id)).as("落户 after 出生医学证明").isEmpty();
    assertThat(names(queue(server, "clerk-330000-hrss"), id)).isEmpty();

    workAll(server, "clerk-330000-health", id);
    // 父母核对签字确认: the mother signs the application with her e-signature; the server checks it itself.
    JsonObject waiting = server.get("/api/applications/" + id + "/progress").as("citizen-lina").send().json();
    assertThat(waiting.getJsonArray("waitingOnYou").getJsonObject(0).getString("what")).isEqualTo("签名");
    assertThat(names(queue(server, "clerk-330000-health"), id)).as("signing is the applicant's, not a clerk's")
        .doesNotContain("nhc/birth-medical-certificate#confirm");
    assertProblem(server.post("/api/applications/" + id + "/sign").as("citizen-chenjie").json(new JsonObject()).send(), 404,
        "urn:onething:problem:not-found");
    Reply signed = server.post("/api/applications/" + id + "/sign").as("citizen-lina").json(new JsonObject()).send();
    assertThat(signed.status()).as(signed.toString()).isEqualTo(200);
    assertThat(signed.json().getJsonArray("waitingOnYou")).isEmpty();
    workAll(server, "clerk-330000-health", id);
    server.server().processWorker().tick().await();
    assertThat(names(queue(server, "clerk-330000-public-security"), id)).as("落户 starts once 出生医学证明 is done")
        .isNotEmpty();
    workAll(server, "clerk-330000-public-security", id);
    workAll(server, "clerk-330000-medical-insurance", id);
    workAll(server, "clerk-330000-hrss", id);
    workAll(server, "clerk-330000-health", id);
    server.server().processWorker().tick().await();

    JsonObject done = server.get("/api/applications/" + id + "/progress").as("citizen-lina").send().json();
    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("completed");
    assertThat(done.getJsonArray("branches").stream().map(b -> ((JsonObject) b).getString("status"))).containsOnly("done");
    // A hospital birth: the 院外出生核查 step was never entered.
    assertThat(done.encode()).doesNotContain("院外出生核查");
    // The automatic verifications asked the department systems themselves, not a clerk.
    JsonObject calls = new JsonObject(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + simulator.port() + "/_sim/calls")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
    assertThat(calls.getJsonObject("POST /population/v1/identity/query").getInteger("calls")).isPositive();
    JsonObject verifyMother = done.getJsonArray("branches").stream().map(b -> (JsonObject) b)
        .flatMap(b -> b.getJsonArray("steps").stream().map(x -> (JsonObject) x))
        .filter(x -> "核验母亲身份".equals(x.getString("name"))).findFirst().orElseThrow();
    assertThat(verifyMother.getString("status")).isEqualTo("done");

    // 出生医学证明 was issued as an e-licence in the licence system, under a number the process gave it.
    String certificateNo = server.get("/api/applications/" + id).as("citizen-lina").send().json().getJsonObject("data")
        .getString("newborn_birth_certificateNo");
    assertThat(certificateNo).matches("[A-Z][0-9]{9}");
    JsonObject licence = new JsonObject(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + simulator.port() + "/licence/v1/types/birth-certificate/query"))
        .header("X-Api-Key", SimulatorConfig.DEFAULT_API_KEY).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(new JsonObject().put("holderId", LI_NA)
            .put("licenceType", "birth-certificate").encode())).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
    assertThat(licence.getBoolean("found")).as(licence.encode()).isTrue();
    assertThat(licence.encode()).contains(certificateNo);

    // The receipt page shows the whole progress and, now that it is complete, the rating form.
    cn.onething.pages.PageBrowser page = new cn.onething.pages.PageBrowser("http://127.0.0.1:" + server.server().port());
    page.login("citizen-lina", "/s/me/applications/" + id);
    String receipt = page.get("/s/me/applications/" + id).body();
    assertThat(receipt).contains("办理进度", "出生登记（落户）", "已办结", "评价（好差评）");
    assertThat(page.postForm("/s/me/applications/" + id + "/rating", Map.of("_csrf", page.csrf(), "score", "5",
        "tag", "一次办好", "comment", "很方便")).statusCode()).isEqualTo(303);
    assertThat(page.get("/s/me/applications/" + id + "?rated=1").body()).contains("感谢您的评价").doesNotContain("提交评价");
    assertProblem(server.post("/api/applications/" + id + "/rating").as("citizen-lina")
        .json(new JsonObject().put("score", 4)).send(), 409, "urn:onething:problem:conflict");
  }
}
