package cn.onething.simulator.payment;

import cn.onething.simulator.http.Reply;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Router;
import java.util.Optional;

/**
 * 收银台 — the page behind an order's {@code payUrl}, so a demo citizen can pay in the browser. No API key: the
 * citizen's browser has none. Posting the form is the same as {@code POST /pay/v1/orders/{orderId}/pay}.
 */
public final class CheckoutPage {

  private final PaymentEndpoints payments;

  public CheckoutPage(PaymentEndpoints payments) {
    this.payments = payments;
  }

  public void mount(Router router) {
    router.get("/pay/checkout/:orderId").handler(this::show);
    router.post("/pay/checkout/:orderId").handler(this::pay);
  }

  private void show(RoutingContext ctx) {
    Optional<JsonObject> order = payments.order(ctx.pathParam("orderId"));
    if (order.isEmpty()) {
      page(ctx, 404, "查无此订单", "<p>订单不存在或已过期。</p>");
      return;
    }
    JsonObject o = order.get();
    String action = "PAID".equals(o.getString("status"))
        ? "<p>该订单已于 " + escape(o.getString("paidAt")) + " 支付。</p>"
        : "<form method=\"post\"><button type=\"submit\">确认支付 ¥" + escape(String.valueOf(o.getValue("amount")))
            + "</button></form>";
    page(ctx, 200, "统一支付平台（模拟）", "<p>" + escape(o.getString("subject")) + "</p><p>订单号 "
        + escape(o.getString("orderId")) + "，金额 ¥" + escape(String.valueOf(o.getValue("amount"))) + "</p>" + action);
  }

  private void pay(RoutingContext ctx) {
    Reply reply = payments.payOrder(ctx.pathParam("orderId"));
    if (reply.status() != 200) {
      page(ctx, reply.status(), "支付失败", "<p>" + escape(reply.body().getString("message")) + "</p>");
      return;
    }
    page(ctx, 200, "支付成功", "<p>已支付 ¥" + escape(String.valueOf(reply.body().getValue("amount")))
        + "，支付结果已通知办事系统。</p>");
  }

  private static void page(RoutingContext ctx, int status, String title, String body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
        .end("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
            + "content=\"width=device-width, initial-scale=1\"><title>" + escape(title) + "</title></head><body><h1>"
            + escape(title) + "</h1>" + body + "</body></html>");
  }

  private static String escape(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
