package cn.onething.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.connector.ConnectorException;
import cn.onething.connector.ConnectorException.Kind;
import cn.onething.connector.Outputs;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls through the http-json connector to the department simulator over real HTTP, with the
 * simulator's fault knobs: mapping in and out, a response that breaks the binding's schema,
 * timeouts, retry then success, the circuit opening and closing, a push applied once.
 */
class BindingCallsTest {
  static final String ZHANG_WEI = "330106199003071236";
  static final BindingCalls.Policy POLICY = new BindingCalls.Policy(3, Duration.ofMillis(20), Duration.ofMillis(80),
      3, Duration.ofMillis(700), Duration.ofSeconds(8));  // generous: a busy CI machine must not turn a call into a timeout

  static SimulatorFixture sim;
  static Connectors connectors;
  BindingCalls calls;

  @BeforeAll
  static void start() {
    sim = new SimulatorFixture();
    connectors = Connectors.load(sim.vertx, null, new ServerSchemaCheck());
  }

  @AfterAll
  static void stop() {
    connectors.close().await();
    sim.close();
  }

  @org.junit.jupiter.api.BeforeEach
  void fresh() {
    // A new BindingCalls per test: fresh circuits.
    calls = new BindingCalls(sim.vertx, connectors, new ServerSchemaCheck(), sim.secrets(), POLICY);
  }

  @AfterEach
  void clear() {
    sim.clearFaults();
  }

  static JsonObject idCardLookup() {
    return new JsonObject().put("holderId", ZHANG_WEI).put("licenceType", "id-card");
  }

  Future<Outputs> lookup(JsonObject endpoint) {
    return calls.call(sim.binding("national/e-licence-lookup"), endpoint, idCardLookup(), null);
  }

  static Kind kindOf(Future<?> f) {
    try {
      f.await(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer in 10 s", e);
    } catch (RuntimeException e) {
      // failed: inspected below
    }
    return f.failed() && f.cause() instanceof ConnectorException e ? e.kind() : null;
  }

  @Test
  void inputsGoInByPointerAndOutputsComeBackByName() {
    Outputs out = lookup(sim.endpoint()).await();
    assertThat(out.values().getString("holderName")).isEqualTo("张伟");
    assertThat(out.values().getBoolean("valid")).isTrue();
    assertThat(out.values().getString("licenceNo")).isNotBlank();
    assertThat(out.response().getBoolean("found")).isTrue();

    JsonObject tax = calls.call(sim.binding("sta/deed-tax-calculation"), sim.endpoint(), new JsonObject()
        .put("transactionPrice", 2_000_000).put("area", 89.5).put("buyerIdNumber", ZHANG_WEI).put("firstHome", true),
        null).await().values();
    assertThat(tax.getDouble("deedTaxAmount")).isPositive();
    assertThat(tax.getDouble("rate")).isBetween(0.0, 0.05);
  }

  @Test
  void aResponseThatBreaksTheBindingsSchemaIsABadResponseAndNotRetried() {
    JsonObject binding = sim.binding("national/e-licence-lookup");
    sim.fault(new JsonObject().put("endpoint", SimulatorFixture.endpointKey(binding)).put("malformedNext", 1));
    Future<Outputs> f = lookup(sim.endpoint());
    assertThat(kindOf(f)).isEqualTo(Kind.BAD_RESPONSE);
    assertThat(f.cause()).hasMessageContaining("不符合接口约定");
    assertThat(sim.calls(binding).getInteger("calls")).isEqualTo(1);

    sim.fault(new JsonObject().put("endpoint", SimulatorFixture.endpointKey(binding)).put("malformedJsonNext", 1));
    assertThat(kindOf(lookup(sim.endpoint()))).isEqualTo(Kind.BAD_RESPONSE);
  }

  @Test
  void aSystemThatDoesNotAnswerInTimeIsATimeoutRetriedWithTheSameRequest() {
    JsonObject binding = sim.binding("national/e-licence-lookup");
    sim.fault(new JsonObject().put("endpoint", SimulatorFixture.endpointKey(binding)).put("timeoutNext", 3));
    long started = System.nanoTime();
    Future<Outputs> f = lookup(sim.endpoint().put("timeoutMs", 300));
    assertThat(kindOf(f)).isEqualTo(Kind.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(sim.calls(binding).getInteger("calls")).isEqualTo(3);
  }

  @Test
  void aPassingFailureIsRetriedUntilItSucceeds() {
    JsonObject binding = sim.binding("national/e-licence-lookup");
    sim.fault(new JsonObject().put("endpoint", SimulatorFixture.endpointKey(binding)).put("failNext", 2));
    assertThat(lookup(sim.endpoint()).await().values().getString("holderName")).isEqualTo("张伟");
    assertThat(sim.calls(binding).getInteger("calls")).isEqualTo(3);
  }

  @Test
  void aRejectionIsNeitherRetriedNorHeldAgainstTheSystem() {
    JsonObject binding = sim.binding("national/e-licence-lookup");
    sim.fault(new JsonObject().put("endpoint", SimulatorFixture.endpointKey(binding)).put("failNext", 5)
        .put("status", 422));
    for (int i = 0; i < 4; i++) {
      assertThat(kindOf(lookup(sim.endpoint()))).isEqualTo(Kind.REJECTED);
    }
    assertThat(sim.calls(binding).getInteger("calls")).isEqualTo(4);
    assertThat(calls.circuits()).singleElement().extracting(BindingCalls.Circuit::state).isEqualTo("closed");
  }

  @Test
  void aWrongKeyIsARejection() {
    Future<Outputs> f = calls.call(sim.binding("national/e-licence-lookup"),
        sim.endpoint().put("secretRef", "NOT_CONFIGURED"), idCardLookup(), null);
    assertThat(kindOf(f)).isEqualTo(Kind.REJECTED);
    assertThat(f.cause()).hasMessageContaining("ONETHING_SECRET_NOT_CONFIGURED");

    BindingCalls wrongKey = new BindingCalls(sim.vertx, connectors, new ServerSchemaCheck(),
        name -> java.util.Optional.of("wrong"), POLICY);
    assertThat(kindOf(wrongKey.call(sim.binding("national/e-licence-lookup"), sim.endpoint(), idCardLookup(), null)))
        .isEqualTo(Kind.REJECTED);
  }

  @Test
  void theCircuitOpensAfterRepeatedFailuresFailsFastAndClosesWhenTheSystemRecovers() throws Exception {
    JsonObject binding = sim.binding("national/e-licence-lookup");
    sim.fault(new JsonObject().put("endpoint", SimulatorFixture.endpointKey(binding)).put("failNext", 1000));
    assertThat(kindOf(lookup(sim.endpoint()))).isEqualTo(Kind.UNAVAILABLE);  // 3 attempts = 3 failures: open
    int afterOpening = sim.calls(binding).getInteger("calls");
    assertThat(afterOpening).isEqualTo(3);
    assertThat(calls.circuits()).singleElement().extracting(BindingCalls.Circuit::state).isEqualTo("open");

    Future<Outputs> fast = lookup(sim.endpoint());
    assertThat(kindOf(fast)).isEqualTo(Kind.UNAVAILABLE);
    assertThat(fast.cause()).hasMessageContaining("已暂停调用");
    assertThat(sim.calls(binding).getInteger("calls")).as("an open circuit does not call").isEqualTo(afterOpening);

    sim.clearFaults();
    Thread.sleep(POLICY.breakerReset().toMillis() + 200);
    assertThat(lookup(sim.endpoint()).await().values().getString("holderName")).isEqualTo("张伟");
    assertThat(calls.circuits()).singleElement().extracting(BindingCalls.Circuit::state).isEqualTo("closed");
  }

  @Test
  void aPushRepeatedWithTheSameRequestIdIsAppliedOnce() {
    JsonObject binding = sim.binding("nhsa/medical-insurance-enrolment");
    JsonObject inputs = new JsonObject().put("idNumber", ZHANG_WEI).put("name", "张伟")
        .put("insuranceType", "390").put("insuredRegion", "330106");
    JsonObject first = calls.call(binding, sim.endpoint(), inputs, "app-42/enrol").await().values();
    JsonObject again = calls.call(binding, sim.endpoint(), inputs, "app-42/enrol").await().values();
    assertThat(again).isEqualTo(first);
    assertThat(first.getString("enrolmentNo")).isNotBlank();
    assertThat(sim.calls(binding).getInteger("applied")).isEqualTo(1);

    // A retry after a failure carries the same id as the attempt before it.
    sim.fault(new JsonObject().put("endpoint", SimulatorFixture.endpointKey(binding)).put("failNext", 1));
    calls.call(binding, sim.endpoint(), inputs.copy().put("idNumber", "330106199208151424").put("name", "李娜"),
        "app-43/enrol").await();
    assertThat(sim.calls(binding).getInteger("applied")).isEqualTo(2);
  }

  @Test
  void aRequestThatBreaksTheBindingsSchemaIsNotSent() {
    JsonObject binding = sim.binding("national/e-licence-lookup");
    Future<Outputs> f = calls.call(binding, sim.endpoint(),
        new JsonObject().put("holderId", "12345").put("licenceType", "id-card"), null);
    assertThat(kindOf(f)).isEqualTo(Kind.REJECTED);
    assertThat(f.cause()).hasMessageContaining("未发送").hasMessageContaining("/holderId");
    assertThat(sim.calls(binding).getInteger("calls")).isZero();
  }
}
