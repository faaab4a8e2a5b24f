package cn.onething.http;

import cn.onething.identity.Access;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** 访问日志 — one line per request when its response ends: method, path, status, time, caller. */
public final class AccessLogHandler implements PlatformHandler {
  private static final Logger LOG = LoggerFactory.getLogger("onething.access");

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    ctx.addEndHandler(done -> {
      var request = ctx.request();
      long millis = (System.nanoTime() - started) / 1_000_000;
      var caller = Access.callerIfAny(ctx);
      LOG.info("{} {} {} {}ms {}B user={}", request.method(), request.path(), ctx.response().getStatusCode(),
          millis, ctx.response().bytesWritten(), caller == null ? "-" : caller.userId());
    });
    ctx.next();
  }
}
