package cn.onething.simulator.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Every department endpoint needs {@code X-Api-Key}; the test knobs under {@code /_sim/}, {@code GET /health} and
 * the citizen's checkout page under {@code /pay/checkout/} do not.
 */
public final class ApiKeyCheck implements Handler<RoutingContext> {

  public static final String HEADER = "X-Api-Key";
  private final byte[] expected;

  public ApiKeyCheck(String apiKey) {
    this.expected = apiKey.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (path.startsWith("/_sim/") || path.equals("/health") || path.startsWith("/pay/checkout/")) {
      ctx.next();
      return;
    }
    String given = ctx.request().getHeader(HEADER);
    if (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
      ctx.next();
      return;
    }
    Problems.send(ctx, 401, "UNAUTHORIZED", given == null
        ? "缺少 X-Api-Key 请求头：部门系统只接受已登记的调用方"
        : "X-Api-Key 不正确：部门系统拒绝了调用方");
  }
}
