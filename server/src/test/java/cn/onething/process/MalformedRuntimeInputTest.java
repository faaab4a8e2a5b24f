package cn.onething.process;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.RunningSimulator;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The runtime's endpoints given wrong types, wrong ids, nobody signed in or someone else's
 * application: always a 4xx problem, never a 500.
 */
@ExtendWith(ServerExtension.class)
class MalformedRuntimeInputTest {
  static RunningSimulator simulator;

  static Map<String, String> serverEnv() {
    simulator = new RunningSimulator();
    return simulator.serverEnv(true);
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  static void assert4xx(Reply reply, String what) {
    assertThat(reply.status()).as(what + ": " + reply).isBetween(400, 499);
    assertThat(reply.contentType()).as(what).startsWith("application/problem+json");
  }

  @Test
  void wrongTypesWrongIdsAndStrangersAreProblemsNotErrors(TestServer server) {
    String sha = server.post("/api/uploads").as("citizen-lina").body("application/octet-stream",
        "%PDF-1.4\n%x\n%%EOF\n".getBytes(StandardCharsets.UTF_8)).send().json().getString("sha256");
    Reply submitted = server.post("/api/applications").as("citizen-lina").header("Idempotency-Key", "malformed-1")
        .json(new JsonObject().put("region", "330000").put("service", "newborn").put("data", NewbornProcessTest.newborn())
            .put("materials", new JsonObject().put("name:新生儿出生时疫苗接种记录", sha))).send();
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
    String id = submitted.json().getString("id");
    server.server().processWorker().tick().await();
    String app = "/api/applications/" + id;

    List<Object[]> cases = List.of(
        new Object[] {"submit, channel a number", server.post("/api/applications").as("citizen-lina").header("Idempotency-Key", "m2")
            .json(new JsonObject().put("region", "330000").put("service", "newborn").put("data", new JsonObject()).put("channel", 7))},
        new Object[] {"submit, data an array", server.post("/api/applications").as("citizen-lina").header("Idempotency-Key", "m3")
            .json(new JsonObject().put("region", "330000").put("service", "newborn").put("data", new JsonArray()))},
        new Object[] {"prefill, data a string", server.post("/api/services/330000/newborn/prefill").as("citizen-lina")
            .json(new JsonObject().put("data", "x"))},
        new Object[] {"prefill, not JSON", server.post("/api/services/330000/newborn/prefill").as("citizen-lina")
            .body("application/json", "{".getBytes())},
        new Object[] {"sign, task a string", server.post(app + "/sign").as("citizen-lina").json(new JsonObject().put("task", "x"))},
        new Object[] {"sign, someone else's", server.post(app + "/sign").as("citizen-chenjie").json(new JsonObject())},
        new Object[] {"sign, nobody signed in", server.post(app + "/sign").json(new JsonObject())},
        new Object[] {"pay, nothing to pay", server.post(app + "/pay").as("citizen-lina").json(new JsonObject())},
        new Object[] {"materials, not an object", server.post(app + "/materials").as("citizen-lina")
            .json(new JsonObject().put("materials", "x"))},
        new Object[] {"supplement, not asked", server.post(app + "/supplement").as("citizen-lina")
            .json(new JsonObject().put("data", new JsonObject()))},
        new Object[] {"rating, score a string", server.post(app + "/rating").as("citizen-lina").json(new JsonObject().put("score", "5"))},
        new Object[] {"rating, not complete", server.post(app + "/rating").as("citizen-lina").json(new JsonObject().put("score", 5))},
        new Object[] {"progress, unknown id", server.get("/api/applications/nope/progress").as("citizen-lina")},
        new Object[] {"task, not a number", server.get("/api/tasks/abc").as("clerk-330000-data")},
        new Object[] {"task, citizen", server.get("/api/tasks").as("citizen-lina")},
        new Object[] {"complete, outcome a number", server.post("/api/tasks/1/complete").as("clerk-330000-data")
            .json(new JsonObject().put("version", 0).put("outcome", 3))},
        new Object[] {"complete, version a string", server.post("/api/tasks/1/complete").as("clerk-330000-data")
            .json(new JsonObject().put("version", "0").put("outcome", "accepted"))},
        new Object[] {"complete, unknown outcome", server.post("/api/tasks/1/complete").as("clerk-330000-data")
            .json(new JsonObject().put("version", 0).put("outcome", "nonsense"))},
        new Object[] {"escalations, not a lead", server.get("/api/tasks/escalations").as("clerk-330000-data")},
        new Object[] {"callback, unsigned", server.post("/api/payments/callback").json(new JsonObject().put("orderId", 1))},
        new Object[] {"upload, empty", server.post("/api/uploads").as("citizen-lina").body("application/octet-stream", new byte[0])},
        new Object[] {"stats, citizen", server.get("/api/stats/services").as("citizen-lina")});
    for (Object[] c : cases) {
      assert4xx(((TestServer.Call) c[1]).send(), (String) c[0]);
    }
  }
}
