package cn.onething.simulator.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The one way errors leave the simulator: {@code {"code": "...", "message": "中文说明"}}. */
public final class Problems {

  public static final String JSON = "application/json; charset=utf-8";

  private Problems() {
  }

  public static JsonObject body(String code, String message) {
    return new JsonObject().put("code", code).put("message", message);
  }

  public static void send(RoutingContext ctx, int status, String code, String message) {
    send(ctx, status, body(code, message));
  }

  public static void send(RoutingContext ctx, int status, JsonObject body) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status).putHeader("Content-Type", JSON).end(body.encode());
  }
}
