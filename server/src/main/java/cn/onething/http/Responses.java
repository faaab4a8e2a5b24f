package cn.onething.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The one place that writes response bodies, so content types and headers stay consistent. */
public final class Responses {
  private Responses() {}

  /** Writes a JSON answer; a succeeding audited act leaves its audit entry first (see AuditTrail). */
  public static void json(RoutingContext ctx, int status, Object body) {
    cn.onething.audit.AuditTrail.beforeAnswer(ctx, status, body).onComplete(recorded -> send(ctx, status, body));
  }

  private static void send(RoutingContext ctx, int status, Object body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(body instanceof JsonObject o ? o.encode() : io.vertx.core.json.Json.encode(body));
  }

  /** 204: done, nothing to say (an audited act still leaves its entry first). */
  public static void noContent(RoutingContext ctx) {
    cn.onething.audit.AuditTrail.beforeAnswer(ctx, 204, null).onComplete(recorded -> ctx.response().setStatusCode(204).end());
  }

  public static void ok(RoutingContext ctx, Object body) {
    json(ctx, 200, body);
  }

  static void problem(RoutingContext ctx, Problem problem) {
    var response = ctx.response();
    if (response.headWritten()) {
      // Too late for a clean answer: cut the connection rather than send half a body as success.
      ctx.request().connection().close();
      return;
    }
    if (problem.status() == 401) {
      response.putHeader("WWW-Authenticate", "Bearer realm=\"onething\"");
    }
    response
        .setStatusCode(problem.status())
        .putHeader("Content-Type", Problem.CONTENT_TYPE)
        .putHeader("Cache-Control", "no-store")
        .end(problem.toJson(ctx.request().path(), RequestIdHandler.of(ctx)).encode());
  }
}
