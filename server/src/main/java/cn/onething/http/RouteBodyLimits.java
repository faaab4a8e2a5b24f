package cn.onething.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.InputTrustHandler;
import java.util.List;
import java.util.regex.Pattern;

/**
 * 分路由的请求体上限 — each kind of request gets the size it needs, not the largest any request
 * needs: a sign-in is a few hundred bytes, a clerk's decision a comment, a submission a form;
 * templates and service definitions get the configured limit ({@code ONETHING_BODY_LIMIT}, which
 * also caps every entry here). Files go to {@code /api/uploads}, which has its own limit.
 */
public final class RouteBodyLimits implements InputTrustHandler {
  private record Limit(Pattern path, long bytes) {}

  private static final List<Limit> LIMITS = List.of(
      new Limit(Pattern.compile("/api/auth/.*"), 4 * 1024),
      new Limit(Pattern.compile("/api/payments/callback"), 16 * 1024),
      new Limit(Pattern.compile("/api/tasks/.*"), 64 * 1024),
      new Limit(Pattern.compile("/api/services/[^/]+/[^/]+/prefill"), 64 * 1024),
      new Limit(Pattern.compile("/api/applications(/.*)?"), 512 * 1024));

  private final long configured;

  public RouteBodyLimits(long configured) {
    this.configured = configured;
  }

  /** The limit for a path: the first entry that matches, never above the configured one. */
  public long limitFor(String path) {
    for (Limit limit : LIMITS) {
      if (limit.path().matcher(path).matches()) {
        return Math.min(limit.bytes(), configured);
      }
    }
    return configured;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    long limit = limitFor(ctx.request().path());
    if (body != null && body.length() > limit) {
      ctx.fail(Problems.payloadTooLarge(limit));
      return;
    }
    ctx.next();
  }
}
