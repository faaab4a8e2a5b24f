package cn.onething.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.onething.simulator.data.SeedData;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** API key, request checking, idempotent writes, fault knobs and call counters. */
class PipelineTest {

  static final String IDENTITY = "/population/v1/identity/query";
  static final String IDENTITY_KEY = "POST /population/v1/identity/query";
  static final String ENROLMENT = "/medical-insurance/v1/enrolments";
  static final String ENROLMENT_KEY = "POST /medical-insurance/v1/enrolments";
  static final Duration HANG = Duration.ofSeconds(3);

  private static Vertx vertx;
  private static DeptSimulator simulator;
  private static SimClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    simulator = DeptSimulator.start(vertx, SimulatorConfig.onPort(0).withHangDuration(HANG)).await();
    client = new SimClient(simulator);
  }

  @AfterAll
  static void stop() {
    simulator.close().await();
    vertx.close().await();
  }

  @BeforeEach
  void clean() {
    assertThat(client.post("/_sim/reset", new JsonObject()).status()).isEqualTo(200);
  }

  static JsonObject zhangWei() {
    return new JsonObject().put("idNumber", SeedData.ZHANG_WEI).put("name", "张伟");
  }

  static JsonObject enrolment() {
    return new JsonObject().put("insured", new JsonObject().put("idNumber", SeedData.LI_NA).put("name", "李娜"))
        .put("insuranceType", "390").put("insuredRegion", "330106");
  }

  static JsonObject calls(String key) {
    return client.get("/_sim/calls").json().getJsonObject(key);
  }

  // API key

  @Test
  void aMissingOrWrongApiKeyIs401WithAChineseMessage() {
    for (SimClient c : new SimClient[] {client.withApiKey(null), client.withApiKey("wrong")}) {
      SimClient.Response r = c.post(IDENTITY, zhangWei());
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.header("Content-Type")).startsWith("application/json");
      assertThat(r.json().getString("code")).isEqualTo("UNAUTHORIZED");
      assertThat(r.json().getString("message")).contains("X-Api-Key");
    }
  }

  @Test
  void healthAndTestKnobsNeedNoApiKey() {
    SimClient anonymous = client.withApiKey(null);
    assertThat(anonymous.get("/health").json().getString("status")).isEqualTo("UP");
    assertThat(anonymous.get("/_sim/calls").status()).isEqualTo(200);
    assertThat(anonymous.get("/_sim/faults").status()).isEqualTo(200);
  }

  // request checking

  @Test
  void requestsOutsideTheSchemaAre400() {
    SimClient.Response missing = client.post(IDENTITY, new JsonObject().put("name", "张伟"));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().getString("message")).contains("缺少必填属性 /idNumber");
    SimClient.Response pattern = client.post(IDENTITY, new JsonObject().put("idNumber", "33010619900307123"));
    assertThat(pattern.status()).isEqualTo(400);
    assertThat(pattern.json().getString("message")).contains("/idNumber").contains("格式不正确");
    SimClient.Response nested = client.write(ENROLMENT, enrolment().put("insured",
        new JsonObject().put("idNumber", SeedData.LI_NA).put("name", "李娜").put("mobile", "13800000000")));
    assertThat(nested.status()).isEqualTo(400);
    assertThat(nested.json().getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("/insured/mobile");
    SimClient.Response wrongType = client.write(ENROLMENT, enrolment().put("insuredRegion", 330106));
    assertThat(wrongType.status()).isEqualTo(400);
    SimClient.Response notJson = client.postRaw(IDENTITY, "{idNumber:", Duration.ofSeconds(5));
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json().getString("code")).isEqualTo("BAD_JSON");
  }

  @Test
  void aPathParameterMustEqualTheBodyProperty() {
    SimClient.Response r = client.post("/licence/v1/types/id-card/query",
        new JsonObject().put("holderId", SeedData.ZHANG_WEI).put("licenceType", "marriage-certificate"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getString("code")).isEqualTo("PATH_MISMATCH");
  }

  @Test
  void businessRefusalsAre422() {
    SimClient.Response r = client.write(ENROLMENT, enrolment().put("insured",
        new JsonObject().put("idNumber", SeedData.LI_NA).put("name", "李丽")));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().getString("code")).isEqualTo("NAME_MISMATCH");
  }

  // idempotency

  @Test
  void aWriteWithoutRequestIdIs400() {
    SimClient.Response r = client.post(ENROLMENT, enrolment());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getString("code")).isEqualTo("MISSING_REQUEST_ID");
    assertThat(calls(ENROLMENT_KEY).getLong("applied")).isZero();
  }

  @Test
  void aRepeatedRequestIdReplaysTheStoredReplyAndIsAppliedOnce() {
    SimClient.Response first = client.write(ENROLMENT, enrolment(), "req-1");
    SimClient.Response second = client.write(ENROLMENT, enrolment(), "req-1");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("X-Idempotent-Replay")).isNull();
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.header("X-Idempotent-Replay")).isEqualTo("true");
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(calls(ENROLMENT_KEY).getLong("calls")).isEqualTo(2);
    assertThat(calls(ENROLMENT_KEY).getLong("applied")).isEqualTo(1);
  }

  @Test
  void aStoredRefusalIsReplayedToo() {
    JsonObject wrongName = enrolment().put("insured", new JsonObject().put("idNumber", SeedData.LI_NA).put("name", "李丽"));
    assertThat(client.write(ENROLMENT, wrongName, "req-2").status()).isEqualTo(422);
    SimClient.Response again = client.write(ENROLMENT, enrolment(), "req-2");
    assertThat(again.status()).isEqualTo(422);
    assertThat(again.header("X-Idempotent-Replay")).isEqualTo("true");
  }

  @Test
  void aNewRequestIdForTheSameEnrolmentReturnsTheFirstWithoutApplyingAgain() {
    SimClient.Response first = client.write(ENROLMENT, enrolment());
    SimClient.Response second = client.write(ENROLMENT, enrolment());
    assertThat(second.json().getString("enrolmentNo")).isEqualTo(first.json().getString("enrolmentNo"));
    assertThat(second.header("X-Idempotent-Replay")).isNull();
    assertThat(calls(ENROLMENT_KEY).getLong("applied")).isEqualTo(1);
  }

  // faults

  @Test
  void failNextAnswers503ThenRecovers() {
    setFaults(new JsonObject().put("endpoint", IDENTITY_KEY).put("failNext", 2));
    assertThat(client.post(IDENTITY, zhangWei()).status()).isEqualTo(503);
    SimClient.Response second = client.post(IDENTITY, zhangWei());
    assertThat(second.status()).isEqualTo(503);
    assertThat(second.json().getString("code")).isEqualTo("SIMULATED_OUTAGE");
    assertThat(client.post(IDENTITY, zhangWei()).status()).isEqualTo(200);
    assertThat(calls(IDENTITY_KEY).getLong("calls")).isEqualTo(3);
  }

  @Test
  void failNextWithAStatusSimulatesARejection() {
    setFaults(new JsonObject().put("endpoint", ENROLMENT_KEY).put("failNext", 1).put("status", 422));
    SimClient.Response rejected = client.write(ENROLMENT, enrolment(), "req-3");
    assertThat(rejected.status()).isEqualTo(422);
    assertThat(rejected.json().getString("code")).isEqualTo("SIMULATED_REJECTION");
    // A fault is not a stored reply: the retry with the same id is applied.
    SimClient.Response retried = client.write(ENROLMENT, enrolment(), "req-3");
    assertThat(retried.status()).isEqualTo(200);
    assertThat(retried.header("X-Idempotent-Replay")).isNull();
    assertThat(calls(ENROLMENT_KEY).getLong("applied")).isEqualTo(1);
  }

  @Test
  void theStarEndpointAppliesToEveryEndpoint() {
    setFaults(new JsonObject().put("endpoint", "*").put("failNext", 1));
    assertThat(client.write(ENROLMENT, enrolment()).status()).isEqualTo(503);
    assertThat(client.post(IDENTITY, zhangWei()).status()).isEqualTo(200);
  }

  @Test
  void latencyDelaysTheAnswer() {
    setFaults(new JsonObject().put("endpoint", IDENTITY_KEY).put("latencyMs", 300));
    long started = System.nanoTime();
    assertThat(client.post(IDENTITY, zhangWei()).status()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void errorRateOneFailsEveryCall() {
    setFaults(new JsonObject().put("endpoint", IDENTITY_KEY).put("errorRate", 1.0));
    for (int i = 0; i < 3; i++) {
      assertThat(client.post(IDENTITY, zhangWei()).status()).isEqualTo(503);
    }
    assertThat(client.delete("/_sim/faults").status()).isEqualTo(200);
    assertThat(client.post(IDENTITY, zhangWei()).status()).isEqualTo(200);
  }

  @Test
  void timeoutNextNeverAnswersUntilTheClientGivesUp() {
    setFaults(new JsonObject().put("endpoint", IDENTITY_KEY).put("timeoutNext", 1));
    assertThatThrownBy(() -> client.postWithTimeout(IDENTITY, zhangWei(), Duration.ofMillis(500)))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(client.post(IDENTITY, zhangWei()).status()).isEqualTo(200);
  }

  @Test
  void timeoutNextClosesTheConnectionAfterTheHangDuration() {
    setFaults(new JsonObject().put("endpoint", IDENTITY_KEY).put("timeoutNext", 1));
    long started = System.nanoTime();
    assertThatThrownBy(() -> client.postWithTimeout(IDENTITY, zhangWei(), Duration.ofSeconds(20)))
        .isInstanceOf(java.io.IOException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(HANG.minusMillis(200), Duration.ofSeconds(15));
  }

  @Test
  void malformedNextBreaksTheResponseSchema() {
    JsonObject template = BindingContractTest.read(BindingContractTest.TEMPLATES.resolve("mps/population-identity.json"));
    setFaults(new JsonObject().put("endpoint", IDENTITY_KEY).put("malformedNext", 1));
    SimClient.Response broken = client.post(IDENTITY, zhangWei());
    assertThat(broken.status()).isEqualTo(200);
    assertThat(ResponseSchemas.errors(template.getJsonObject("response"), broken.body())).isNotEmpty();
    SimClient.Response fine = client.post(IDENTITY, zhangWei());
    assertThat(ResponseSchemas.errors(template.getJsonObject("response"), fine.body())).isEmpty();
  }

  @Test
  void malformedJsonNextAnswersInvalidJson() {
    setFaults(new JsonObject().put("endpoint", IDENTITY_KEY).put("malformedJsonNext", 1));
    SimClient.Response broken = client.post(IDENTITY, zhangWei());
    assertThat(broken.status()).isEqualTo(200);
    assertThatThrownBy(broken::json).isInstanceOf(DecodeException.class);
    assertThat(client.post(IDENTITY, zhangWei()).json().getBoolean("verified")).isTrue();
  }

  @Test
  void injectedFaultsAreNotApplied() {
    setFaults(new JsonObject().put("endpoint", ENROLMENT_KEY).put("malformedNext", 1));
    client.write(ENROLMENT, enrolment());
    JsonObject counted = calls(ENROLMENT_KEY);
    assertThat(counted.getLong("calls")).isEqualTo(1);
    assertThat(counted.getLong("applied")).isZero();
  }

  @Test
  void unknownEndpointsAndKnobsAreRefused() {
    SimClient.Response endpoint = client.put("/_sim/faults", new JsonObject().put("endpoint", "POST /nowhere").put("failNext", 1));
    assertThat(endpoint.status()).isEqualTo(400);
    SimClient.Response knob = client.put("/_sim/faults", new JsonObject().put("endpoint", "*").put("explode", true));
    assertThat(knob.status()).isEqualTo(400);
    assertThat(knob.json().getString("message")).contains("explode");
  }

  @Test
  void callCountersReset() {
    client.post(IDENTITY, zhangWei());
    assertThat(calls(IDENTITY_KEY).getLong("calls")).isEqualTo(1);
    assertThat(client.delete("/_sim/calls").status()).isEqualTo(200);
    assertThat(calls(IDENTITY_KEY).getLong("calls")).isZero();
    assertThat(client.get("/_sim/calls").json().fieldNames()).containsAll(simulator.endpointKeys());
  }

  @Test
  void theSeedIsListedWithoutApiKey() {
    JsonObject seed = client.withApiKey(null).get("/_sim/seed").json();
    assertThat(seed.getJsonArray("persons").size()).isGreaterThanOrEqualTo(200);
    assertThat(seed.getJsonArray("enterprises").size()).isGreaterThanOrEqualTo(30);
    assertThat(seed.getJsonArray("flats").size()).isGreaterThanOrEqualTo(30);
    assertThat(seed.getJsonArray("persons").getJsonObject(0).getString("idNumber")).isEqualTo(SeedData.ZHANG_WEI);
  }

  @Test
  void unknownPathsAnswerJson404() {
    SimClient.Response r = client.post("/nowhere", new JsonObject());
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().getString("code")).isEqualTo("NOT_FOUND");
  }

  private static void setFaults(JsonObject knobs) {
    SimClient.Response r = client.put("/_sim/faults", knobs);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }
}
