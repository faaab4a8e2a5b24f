package cn.onething.identity;

import cn.onething.http.Problems;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;

/**
 * Reads {@code Authorization: Bearer …}. A valid token makes its {@link Caller} known to the
 * request; a bad or expired one is a 401 at once; no token at all lets the request through
 * anonymously, and each route decides with {@link Access} whether that is enough.
 */
public final class BearerTokenHandler implements AuthenticationHandler {
  private static final String SCHEME = "bearer ";
  private final Tokens tokens;

  public BearerTokenHandler(Tokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || header.isBlank()) {
      ctx.next();
      return;
    }
    if (header.length() <= SCHEME.length() || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      ctx.fail(Problems.unauthorized("Authorization 头应为“Bearer <令牌>”的形式。"));
      return;
    }
    tokens.verify(header.substring(SCHEME.length()).trim())
        .onSuccess(caller -> {
          Access.bind(ctx, caller);
          ctx.next();
        })
        .onFailure(e -> ctx.fail(Problems.unauthorized(
            e instanceof Tokens.RejectedToken rejected && rejected.expired()
                ? "登录已过期，请重新登录。"
                : "令牌无效（签名不符或格式错误），请重新登录。")));
  }
}
