package cn.onething.process;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.RunningSimulator;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 部门系统故障: every department system answers 2 s late and fails 30 % of the calls. Every
 * application still completes (retries, and a clerk where a call gives up), and no push is
 * applied twice (request ids).
 */
@ExtendWith(ServerExtension.class)
class FaultyDepartmentsTest {
  static final int APPLICATIONS = 3;
  static final List<String> CLERKS = List.of("clerk-330000-data", "clerk-330000-health", "clerk-330000-public-security",
      "clerk-330000-medical-insurance", "clerk-330000-hrss");
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static RunningSimulator simulator;

  static Map<String, String> serverEnv() {
    simulator = new RunningSimulator();
    return simulator.serverEnv(true);
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  static String sim(String method, String path, JsonObject body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(simulator.url() + path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Submits {@code count} newborn applications and works every queue until all are complete (or the deadline). */
  static List<String> runToCompletion(TestServer server, String prefix, int count, Duration limit) throws Exception {
    String sha = server.post("/api/uploads").as("citizen-lina").body("application/octet-stream",
        ("%PDF-1.4\n%" + prefix + "\n%%EOF\n").getBytes(StandardCharsets.UTF_8)).send().json().getString("sha256");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Reply submitted = server.post("/api/applications").as("citizen-lina").header("Idempotency-Key", prefix + i)
          .json(new JsonObject().put("region", "330000").put("service", "newborn").put("data", NewbornProcessTest.newborn())
              .put("materials", new JsonObject().put("name:新生儿出生时疫苗接种记录", sha))).send();
      assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
      ids.add(submitted.json().getString("id"));
    }
    long deadline = System.nanoTime() + limit.toNanos();
    List<String> open = new ArrayList<>(ids);
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      for (String clerk : CLERKS) {
        for (Object o : server.get("/api/tasks").as(clerk).send().json().getJsonArray("items")) {
          JsonObject task = (JsonObject) o;
          if (!ids.contains(task.getString("application"))) {
            continue;
          }
          JsonObject detail = server.get("/api/tasks/" + task.getLong("id")).as(clerk).send().json();
          server.post("/api/tasks/" + task.getLong("id") + "/complete").as(clerk)
              .json(new JsonObject().put("version", task.getInteger("version"))
                  .put("outcome", detail.getJsonArray("outcomes").getJsonObject(0).getString("id"))).send();
        }
      }
      for (String id : List.copyOf(open)) {
        JsonObject progress = server.get("/api/applications/" + id + "/progress").as("citizen-lina").send().json();
        if (!progress.getJsonArray("waitingOnYou", new JsonArray()).isEmpty()) {
          Reply signed = server.post("/api/applications/" + id + "/sign").as("citizen-lina").json(new JsonObject()).send();
          // The e-signature service is one of the faulty systems: its failure is a 503 to try again, never a 500.
          assertThat(signed.status()).as(signed.toString()).isIn(200, 409, 503);
        }
        if ("completed".equals(progress.getString("status"))) {
          open.remove(id);
        }
      }
      Thread.sleep(300);
    }
    return open;
  }

  @Test
  void everyApplicationCompletesAndNothingIsPushedTwice(TestServer server) throws Exception {
    // One application without faults: how many writes each department system gets per application.
    assertThat(runToCompletion(server, "clean-", 1, Duration.ofMinutes(1))).isEmpty();
    JsonObject clean = new JsonObject(sim("GET", "/_sim/calls", null));
    sim("DELETE", "/_sim/calls", null);

    sim("PUT", "/_sim/faults", new JsonObject().put("endpoint", "*").put("latencyMs", 2000).put("errorRate", 0.3));
    try {
      List<String> open = runToCompletion(server, "faulty-", APPLICATIONS, Duration.ofMinutes(3));
      assertThat(open).as("applications not completed within 3 minutes (the suite allows a test 5)").isEmpty();
    } finally {
      sim("DELETE", "/_sim/faults", null);
    }
    JsonObject calls = new JsonObject(sim("GET", "/_sim/calls", null));
    int pushes = 0;
    for (String endpoint : calls.fieldNames()) {
      int applied = calls.getJsonObject(endpoint).getInteger("applied", 0);
      int perApplication = clean.getJsonObject(endpoint, new JsonObject()).getInteger("applied", 0);
      pushes += applied;
      // A call that gave up sends its step to a clerk, so fewer writes are fine; more would be a duplicate.
      assertThat(applied).as(endpoint + ": writes applied, against " + perApplication + " per application without faults")
          .isLessThanOrEqualTo(APPLICATIONS * perApplication);
    }
    assertThat(pushes).as("writes to department systems happened despite the faults").isPositive();
    System.out.printf("faulty departments: %d applications completed; calls %s%n", APPLICATIONS, calls.encode());
  }
}
