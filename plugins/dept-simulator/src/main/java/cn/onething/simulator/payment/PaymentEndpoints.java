package cn.onething.simulator.payment;

import cn.onething.simulator.data.ChinaTime;
import cn.onething.simulator.data.World;
import cn.onething.simulator.http.Call;
import cn.onething.simulator.http.Contracts;
import cn.onething.simulator.http.Endpoint;
import cn.onething.simulator.http.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * 统一支付平台 — orders (idempotent by {@code orderId}), the citizen's payment and the signed result callback.
 */
public final class PaymentEndpoints {

  static final String ORDERS = "payment-order";
  static final String CREATED = "CREATED";
  static final String PAID = "PAID";
  private static final List<String> ORDER_FIELDS = List.of("orderId", "amount", "subject", "payerIdNumber", "notifyUrl");

  private final Supplier<World> world;
  private final PaymentCallbacks callbacks;

  public PaymentEndpoints(Vertx vertx, Supplier<World> world, String secret, Duration backoff) {
    this.world = world;
    this.callbacks = new PaymentCallbacks(vertx, secret, backoff);
  }

  public List<Endpoint> endpoints() {
    return List.of(
        Endpoint.of(Contracts.extra("POST /pay/v1/orders"), this::create),
        Endpoint.of(Contracts.extra("POST /pay/v1/orders/{orderId}/pay"), this::pay),
        Endpoint.of(Contracts.extra("GET /pay/v1/orders/{orderId}"), this::read));
  }

  /** The same order id with the same content returns the order; with different content it is a 409. */
  Reply create(Call call) {
    World w = world.get();
    JsonObject request = call.request();
    if (BigDecimal.valueOf(request.getNumber("amount").doubleValue()).stripTrailingZeros().scale() > 2) {
      return Reply.rejected("AMOUNT_PRECISION", "金额以元为单位，最多两位小数");
    }
    Optional<JsonObject> existing = w.record(ORDERS, call.string("orderId"));
    if (existing.isPresent()) {
      JsonObject order = existing.get();
      boolean same = ORDER_FIELDS.stream().allMatch(f -> sameValue(order.getValue(f), request.getValue(f)));
      return same ? Reply.ok(created(order))
          : Reply.conflict("ORDER_CONFLICT", "订单号已存在，且金额、事由、付款人或通知地址与原订单不同");
    }
    JsonObject order = new JsonObject();
    ORDER_FIELDS.forEach(f -> order.put(f, request.getValue(f)));
    order.put("status", CREATED)
        .put("createdAt", ChinaTime.now().toString())
        .put("payUrl", call.baseUrl() + "/pay/checkout/" + call.string("orderId"))
        .put("callback", new JsonObject().put("attempts", 0).put("delivered", false));
    w.putRecord(ORDERS, call.string("orderId"), order);
    return Reply.applied(created(order));
  }

  Reply pay(Call call) {
    return payOrder(call.string("orderId"));
  }

  /** Also used by the checkout page. Paying a paid order changes nothing and sends no second callback. */
  Reply payOrder(String orderId) {
    World w = world.get();
    Optional<JsonObject> found = w.record(ORDERS, orderId);
    if (found.isEmpty()) {
      return Reply.rejected("ORDER_NOT_FOUND", "查无此支付订单");
    }
    JsonObject order = found.get();
    if (PAID.equals(order.getString("status"))) {
      return Reply.ok(paid(order));
    }
    order.put("status", PAID).put("paidAt", ChinaTime.now().toString());
    w.putRecord(ORDERS, orderId, order);
    JsonObject notification = new JsonObject()
        .put("orderId", orderId)
        .put("status", PAID)
        .put("amount", order.getValue("amount"))
        .put("paidAt", order.getString("paidAt"));
    callbacks.deliver(order.getString("notifyUrl"), notification, (attempt, outcome) ->
        w.record(ORDERS, orderId).ifPresent(current -> w.putRecord(ORDERS, orderId, current.put("callback", outcome))));
    return Reply.applied(paid(order));
  }

  Reply read(Call call) {
    return world.get().record(ORDERS, call.string("orderId"))
        .map(order -> Reply.ok(order.copy().put("found", true)))
        .orElseGet(() -> Reply.ok(new JsonObject().put("found", false).put("orderId", call.string("orderId"))));
  }

  public Optional<JsonObject> order(String orderId) {
    return world.get().record(ORDERS, orderId);
  }

  public Future<Void> close() {
    return callbacks.close();
  }

  private static boolean sameValue(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return BigDecimal.valueOf(x.doubleValue()).compareTo(BigDecimal.valueOf(y.doubleValue())) == 0;
    }
    return a != null && a.equals(b);
  }

  private static JsonObject created(JsonObject order) {
    return new JsonObject().put("orderId", order.getString("orderId")).put("status", order.getString("status"))
        .put("payUrl", order.getString("payUrl")).put("amount", order.getValue("amount"))
        .put("subject", order.getString("subject")).put("createdAt", order.getString("createdAt"));
  }

  private static JsonObject paid(JsonObject order) {
    return new JsonObject().put("orderId", order.getString("orderId")).put("status", order.getString("status"))
        .put("paidAt", order.getString("paidAt")).put("amount", order.getValue("amount"));
  }
}
