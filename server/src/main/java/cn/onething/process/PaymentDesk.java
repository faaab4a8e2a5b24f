package cn.onething.process;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.IntSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * 统一支付 — orders with the payment platform for pay steps, and the platform's callbacks: a
 * callback counts only with a valid HMAC-SHA256 of its body under the shared secret, for an order
 * we made, for the amount we asked.
 */
public final class PaymentDesk {
  private final HttpClient client;
  private final String baseUrl;
  private final String apiKey;
  private final byte[] callbackSecret;
  private final IntSupplier ownPort;

  public PaymentDesk(Vertx vertx, String baseUrl, String apiKey, String callbackSecret, IntSupplier ownPort) {
    this.client = vertx.createHttpClient();
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.apiKey = apiKey;
    this.callbackSecret = callbackSecret.getBytes(StandardCharsets.UTF_8);
    this.ownPort = ownPort;
  }

  /** Creates (or finds again: the platform is idempotent by order id) the order; answers its payUrl. */
  public Future<JsonObject> order(String orderId, double amount, String subject, String payerIdNumber) {
    JsonObject body = new JsonObject().put("orderId", orderId).put("amount", amount).put("subject", subject)
        .put("payerIdNumber", payerIdNumber).put("notifyUrl", "http://127.0.0.1:" + ownPort.getAsInt() + "/api/payments/callback");
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(baseUrl + "/pay/v1/orders")
        .putHeader("X-Api-Key", apiKey).putHeader("X-Request-Id", orderId).putHeader("Content-Type", "application/json")
        .setIdleTimeout(5000);
    // body() in the same callback the response arrives in (see HttpJsonConnector).
    return client.request(options).compose(req -> req.send(Buffer.buffer(body.encode()))
        .compose(resp -> resp.body().map(b -> {
          JsonObject answer = new JsonObject(b);
          if (resp.statusCode() >= 300) {
            throw new IllegalStateException("统一支付平台未能创建订单：" + answer.getString("message", answer.encode()));
          }
          return answer;
        })));
  }

  /** Whether {@code signatureHex} is the HMAC of exactly these bytes. */
  public boolean authentic(Buffer body, String signatureHex) {
    if (signatureHex == null || body == null) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(callbackSecret, "HmacSHA256"));
      byte[] expected = mac.doFinal(body.getBytes());
      return MessageDigest.isEqual(expected, HexFormat.of().parseHex(signatureHex.toLowerCase()));
    } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
      return false;
    }
  }
}
