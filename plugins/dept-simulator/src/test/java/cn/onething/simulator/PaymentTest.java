package cn.onething.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.simulator.data.SeedData;
import cn.onething.simulator.payment.CallbackSigner;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The payment platform: orders idempotent by order id, paying, and the signed callback retried until a 2xx. */
class PaymentTest {

  static final Duration BACKOFF = Duration.ofMillis(100);

  /** One received callback: raw body and signature header. */
  record Received(String body, String signature) {
  }

  private static Vertx vertx;
  private static DeptSimulator simulator;
  private static SimClient client;
  private static HttpServer receiver;
  private static final List<Received> received = new CopyOnWriteArrayList<>();
  /** How many callbacks the receiver refuses with 500 before it accepts. */
  private static final AtomicInteger refusals = new AtomicInteger();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    simulator = DeptSimulator.start(vertx, SimulatorConfig.onPort(0).withCallbackBackoff(BACKOFF)).await();
    client = new SimClient(simulator);
    receiver = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      received.add(new Received(body.toString(StandardCharsets.UTF_8), req.getHeader("X-Pay-Signature")));
      boolean refuse = refusals.getAndDecrement() > 0;
      req.response().setStatusCode(refuse ? 500 : 204).end();
    })).listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void stop() {
    receiver.close().await();
    simulator.close().await();
    vertx.close().await();
  }

  @BeforeEach
  void clean() {
    received.clear();
    refusals.set(0);
    client.delete("/_sim/calls");
  }

  static JsonObject order(String orderId) {
    return new JsonObject().put("orderId", orderId).put("amount", 12.5).put("subject", "不动产登记费")
        .put("payerIdNumber", SeedData.ZHANG_WEI)
        .put("notifyUrl", "http://127.0.0.1:" + receiver.actualPort() + "/callbacks/pay");
  }

  @Test
  void createThenPayDeliversASignedCallback() throws Exception {
    SimClient.Response created = client.write("/pay/v1/orders", order("ORD-1"));
    assertThat(created.status()).isEqualTo(200);
    assertThat(created.json().getString("status")).isEqualTo("CREATED");
    assertThat(created.json().getString("payUrl")).endsWith("/pay/checkout/ORD-1");

    SimClient.Response paid = client.write("/pay/v1/orders/ORD-1/pay", new JsonObject());
    assertThat(paid.status()).isEqualTo(200);
    assertThat(paid.json().getString("status")).isEqualTo("PAID");
    waitFor(() -> received.size() == 1);

    Received callback = received.getFirst();
    assertThat(callback.signature()).isEqualTo(CallbackSigner.sign(SimulatorConfig.DEFAULT_PAYMENT_SECRET,
        callback.body().getBytes(StandardCharsets.UTF_8)));
    JsonObject body = new JsonObject(callback.body());
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("orderId", "status", "amount", "paidAt");
    assertThat(body.getString("orderId")).isEqualTo("ORD-1");
    assertThat(body.getString("status")).isEqualTo("PAID");
    assertThat(body.getDouble("amount")).isEqualTo(12.5);
    assertThat(body.getString("paidAt")).isEqualTo(paid.json().getString("paidAt"));

    waitFor(() -> client.get("/pay/v1/orders/ORD-1").json().getJsonObject("callback").getBoolean("delivered"));
    SimClient.Response read = client.get("/pay/v1/orders/ORD-1");
    assertThat(read.json().getString("status")).isEqualTo("PAID");
    assertThat(read.json().getJsonObject("callback").getInteger("attempts")).isEqualTo(1);
  }

  @Test
  void theCallbackIsRetriedWithBackoffUntilA2xx() throws Exception {
    refusals.set(2);
    client.write("/pay/v1/orders", order("ORD-2"));
    long started = System.nanoTime();
    client.write("/pay/v1/orders/ORD-2/pay", new JsonObject());
    waitFor(() -> client.get("/pay/v1/orders/ORD-2").json().getJsonObject("callback").getBoolean("delivered"));
    assertThat(received).hasSize(3);
    assertThat(received.stream().map(Received::body).distinct()).hasSize(1);
    // waits of 100 ms then 200 ms
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(BACKOFF.multipliedBy(3));
    assertThat(client.get("/pay/v1/orders/ORD-2").json().getJsonObject("callback").getInteger("attempts")).isEqualTo(3);
  }

  @Test
  void theCallbackGivesUpAfterFiveAttempts() throws Exception {
    refusals.set(100);
    client.write("/pay/v1/orders", order("ORD-3"));
    client.write("/pay/v1/orders/ORD-3/pay", new JsonObject());
    waitFor(() -> client.get("/pay/v1/orders/ORD-3").json().getJsonObject("callback").getInteger("attempts") == 5);
    Thread.sleep(BACKOFF.toMillis() * 20);
    assertThat(received).hasSize(5);
    assertThat(client.get("/pay/v1/orders/ORD-3").json().getJsonObject("callback").getBoolean("delivered")).isFalse();
  }

  @Test
  void theSameOrderIdIsIdempotentAndADifferentBodyIs409() {
    SimClient.Response first = client.write("/pay/v1/orders", order("ORD-4"));
    SimClient.Response same = client.write("/pay/v1/orders", order("ORD-4"));
    assertThat(same.status()).isEqualTo(200);
    assertThat(same.json().getString("createdAt")).isEqualTo(first.json().getString("createdAt"));
    SimClient.Response different = client.write("/pay/v1/orders", order("ORD-4").put("amount", 13));
    assertThat(different.status()).isEqualTo(409);
    assertThat(different.json().getString("code")).isEqualTo("ORDER_CONFLICT");
    JsonObject counted = client.get("/_sim/calls").json().getJsonObject("POST /pay/v1/orders");
    assertThat(counted.getLong("applied")).isEqualTo(1);
  }

  @Test
  void payingTwiceSendsOneCallback() throws Exception {
    client.write("/pay/v1/orders", order("ORD-5"));
    client.write("/pay/v1/orders/ORD-5/pay", new JsonObject());
    SimClient.Response again = client.write("/pay/v1/orders/ORD-5/pay", new JsonObject());
    assertThat(again.json().getString("status")).isEqualTo("PAID");
    waitFor(() -> received.size() == 1);
    Thread.sleep(300);
    assertThat(received).hasSize(1);
  }

  @Test
  void unknownOrdersAreFoundFalseOr422() {
    assertThat(client.get("/pay/v1/orders/NOPE").json().getBoolean("found")).isFalse();
    assertThat(client.write("/pay/v1/orders/NOPE/pay", new JsonObject()).status()).isEqualTo(422);
    assertThat(client.write("/pay/v1/orders", order("ORD-6").put("amount", 1.234)).status()).isEqualTo(422);
  }

  @Test
  void theCheckoutPageNeedsNoApiKeyAndPays() throws Exception {
    client.write("/pay/v1/orders", order("ORD-7"));
    SimClient browser = client.withApiKey(null);
    SimClient.Response page = browser.get("/pay/checkout/ORD-7");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("不动产登记费").contains("确认支付");
    assertThat(browser.postRaw("/pay/checkout/ORD-7", "", Duration.ofSeconds(5)).body()).contains("支付成功");
    waitFor(() -> received.size() == 1);
  }

  static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(20);
    }
  }
}
