package cn.onething.http;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/** Headers every response carries so browsers do not sniff types or frame us elsewhere. */
public final class SecurityHeadersHandler implements SecurityPolicyHandler {
  @Override
  public void handle(RoutingContext ctx) {
    ctx.response()
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "SAMEORIGIN")
        .putHeader("Referrer-Policy", "same-origin");
    ctx.next();
  }
}
