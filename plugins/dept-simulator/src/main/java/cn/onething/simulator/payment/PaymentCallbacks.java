package cn.onething.simulator.payment;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 支付结果通知 — POSTs the signed result to the order's {@code notifyUrl} until a 2xx, waiting backoff, 2×, 4×, 8×
 * between attempts ({@link #MAX_ATTEMPTS} in all).
 */
final class PaymentCallbacks {

  static final int MAX_ATTEMPTS = 5;
  static final int REQUEST_TIMEOUT_MS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(PaymentCallbacks.class);

  private final Vertx vertx;
  private final HttpClient client;
  private final String secret;
  private final Duration backoff;
  private final Set<Long> timers = ConcurrentHashMap.newKeySet();

  PaymentCallbacks(Vertx vertx, String secret, Duration backoff) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(REQUEST_TIMEOUT_MS));
    this.secret = secret;
    this.backoff = backoff;
  }

  /** Starts delivering; {@code progress} gets (attempt number, outcome) after each attempt. */
  void deliver(String notifyUrl, JsonObject notification, BiConsumer<Integer, JsonObject> progress) {
    attempt(notifyUrl, notification.encode().getBytes(StandardCharsets.UTF_8), 1, progress);
  }

  private void attempt(String url, byte[] body, int attempt, BiConsumer<Integer, JsonObject> progress) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
        .setIdleTimeout(REQUEST_TIMEOUT_MS)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader(CallbackSigner.HEADER, CallbackSigner.sign(secret, body));
    client.request(options)
        // body() in the same callback the response arrives in, or its chunks can be missed.
        .compose(request -> request.send(Buffer.buffer(body))
            .compose(response -> response.body().map(ignored -> response.statusCode())))
        .onComplete(result -> {
          boolean delivered = result.succeeded() && result.result() / 100 == 2;
          JsonObject outcome = new JsonObject().put("attempts", attempt).put("delivered", delivered);
          if (result.succeeded()) {
            outcome.put("lastStatus", result.result());
          } else {
            outcome.put("lastError", String.valueOf(result.cause().getMessage()));
          }
          progress.accept(attempt, outcome);
          if (!delivered && attempt < MAX_ATTEMPTS) {
            long delay = backoff.toMillis() << (attempt - 1);
            long[] id = new long[1];
            id[0] = vertx.setTimer(delay, t -> {
              timers.remove(id[0]);
              attempt(url, body, attempt + 1, progress);
            });
            timers.add(id[0]);
          } else if (!delivered) {
            LOG.warn("支付结果通知 {} 在 {} 次尝试后仍未成功", url, attempt);
          }
        });
  }

  Future<Void> close() {
    timers.forEach(vertx::cancelTimer);
    return client.close();
  }
}
