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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 居民身份证换领 with its signing and paying steps: the applicant signs (verified by the server) and
 * pays the 20 yuan fee through the payment platform, whose verified callback advances the step once;
 * a forged callback is refused.
 */
@ExtendWith(ServerExtension.class)
class PaymentAndSigningTest {
  static RunningSimulator simulator;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static Map<String, String> serverEnv() {
    simulator = new RunningSimulator();
    return simulator.serverEnv(false);
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  static JsonObject waitingFor(TestServer server, String id, String what) throws Exception {
    for (int i = 0; i < 40; i++) {
      server.server().processWorker().tick().await();
      JsonObject p = server.get("/api/applications/" + id + "/progress").as("citizen-chenjie").send().json();
      for (Object w : p.getJsonArray("waitingOnYou")) {
        if (what.equals(((JsonObject) w).getString("what"))) {
          return (JsonObject) w;
        }
      }
      for (String clerk : new String[] {"clerk-330000-data", "clerk-330000-public-security"}) {
        for (Object o : NewbornProcessTest.queue(server, clerk)) {
          JsonObject t = (JsonObject) o;
          if (id.equals(t.getString("application"))) {
            String outcome = server.get("/api/tasks/" + t.getLong("id")).as(clerk).send().json()
                .getJsonArray("outcomes").getJsonObject(0).getString("id");
            server.post("/api/tasks/" + t.getLong("id") + "/complete").as(clerk)
                .json(new JsonObject().put("version", t.getInteger("version")).put("outcome", outcome)).send();
          }
        }
      }
    }
    throw new AssertionError("never waited for " + what);
  }

  @Test
  void theApplicantSignsAndPaysAndTheCallbackAdvancesTheStepOnce(TestServer server) throws Exception {
    String admin = server.login("admin-330000");
    assertThat(server.post("/api/tenants/330000/services").token(admin).json(new JsonObject().put("slug", "id-card")
        .put("matters", new JsonArray().add("mps/id-card-renewal"))).send().status()).isEqualTo(201);
    assertThat(server.post("/api/tenants/330000/services/id-card/publish").token(admin).send().status()).isEqualTo(201);
    JsonObject view = server.get("/api/services/330000/id-card").send().json();
    JsonObject materials = new JsonObject();
    for (Object m : view.getJsonArray("materials")) {
      JsonObject material = (JsonObject) m;
      if (material.getBoolean("required", false) && !material.getBoolean("waived", false)) {
        materials.put(material.getString("key"), server.post("/api/uploads").as("citizen-chenjie")
            .body("application/octet-stream", ("%PDF-1.4\n%" + material.getString("key") + "\n%%EOF\n")
                .getBytes(StandardCharsets.UTF_8)).send().json().getString("sha256"));
      }
    }
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    JsonObject data = new JsonObject().put("applicant_person_name", "陈杰").put("applicant_person_idNumber", "330102198511203514")
        .put("applicant_person_gender", "1").put("applicant_person_birthDate", "1985-11-20").put("applicant_person_ethnicity", "01")
        .put("applicant_person_householdAddress", "浙江省杭州市上城区清波街道河坊街 1 号").put("applicant_person_householdRegion", "330102")
        .put("applicant_person_mobile", "13900139000").put("mps_id_card_renewal__oldCardExpiryDate", today.plusDays(30).toString())
        .put("mps_id_card_renewal__acceptancePlace", "household").put("mps_id_card_renewal__validityPeriod", "20")
        .put("mps_id_card_renewal__collectMethod", "window");
    Reply submitted = server.post("/api/applications").as("citizen-chenjie").header("Idempotency-Key", "id-card-1")
        .json(new JsonObject().put("region", "330000").put("service", "id-card").put("data", data).put("materials", materials)).send();
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
    String id = submitted.json().getString("id");

    waitingFor(server, id, "签名");
    assertThat(server.post("/api/applications/" + id + "/sign").as("citizen-chenjie").json(new JsonObject()).send().status())
        .isEqualTo(200);

    JsonObject due = waitingFor(server, id, "缴费");
    assertThat(due.getDouble("amount")).isEqualTo(20.0);
    JsonObject order = server.post("/api/applications/" + id + "/pay").as("citizen-chenjie").json(new JsonObject()).send().json();
    assertThat(order.getString("payUrl")).isNotBlank();

    // A forged callback is refused.
    String fake = new JsonObject().put("orderId", order.getString("orderId")).put("status", "PAID").put("amount", 20).encode();
    HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.server().port()
        + "/api/payments/callback")).header("Content-Type", "application/json").header("X-Pay-Signature", "00ff")
        .POST(HttpRequest.BodyPublishers.ofString(fake)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(401);

    // The citizen pays at the platform; its signed callback advances the step.
    HttpResponse<String> paid = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.port()
        + "/pay/v1/orders/" + order.getString("orderId") + "/pay")).header("X-Api-Key", SimulatorConfig.DEFAULT_API_KEY)
        .header("X-Request-Id", "pay-" + id).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(paid.statusCode()).as(paid.body()).isLessThan(300);
    JsonObject progress = null;
    for (int i = 0; i < 40; i++) {
      progress = server.get("/api/applications/" + id + "/progress").as("citizen-chenjie").send().json();
      if (progress.getJsonArray("waitingOnYou").isEmpty()) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(progress.getJsonArray("waitingOnYou")).as("paid: nothing waits on the applicant").isEmpty();
    assertThat(progress.encode()).contains("已办结");
  }
}
