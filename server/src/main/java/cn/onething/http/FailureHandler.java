package cn.onething.http;

import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure and every unmatched request into an {@code application/problem+json}
 * answer. Unexpected errors are logged with their stack and answered with a 500 that reveals
 * nothing but the request id.
 */
public final class FailureHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);
  private final long bodyLimitBytes;

  public FailureHandler(long bodyLimitBytes) {
    this.bodyLimitBytes = bodyLimitBytes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Problem problem = problemFor(ctx, ctx.failure(), ctx.statusCode());
    if (problem.status() >= 500 && problem.type().endsWith(":internal")) {
      LOG.error("未处理的错误 {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
    }
    Responses.problem(ctx, problem);
  }

  private Problem problemFor(RoutingContext ctx, Throwable failure, int status) {
    if (failure instanceof ProblemException p) {
      return p.problem();
    }
    if (failure instanceof DecodeException d) {
      return Problems.invalidJson(JsonBodies.describe(d)).problem();
    }
    if (failure instanceof HttpException http) {
      status = http.getStatusCode();
    }
    if (databaseUnreachable(failure)) {
      return Problems.unavailable("暂时无法连接数据库，请稍后重试。").problem();
    }
    String path = ctx.request().path();
    return switch (status) {
      case 400 -> Problem.of("bad-request", "请求有误", 400, "请求无法处理，请检查请求的格式。");
      case 401 -> Problems.unauthorized("请先登录，并在 Authorization 头中携带令牌。").problem();
      case 403 -> Problems.forbidden("当前用户无权执行此操作。").problem();
      case 404 -> Problems.notFound("没有这个地址：" + path).problem();
      case 405 -> Problems.methodNotAllowed(ctx.request().method().name(), path).problem();
      case 413 -> Problems.payloadTooLarge(bodyLimitBytes).problem();
      case 415 -> Problems.unsupportedMediaType(ctx.request().getHeader("Content-Type")).problem();
      default -> Problems.internal();
    };
  }

  private static boolean databaseUnreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      // A socket to PostgreSQL refused, closed, or broken while a statement was written to it.
      if (t instanceof ConnectException || t instanceof ClosedConnectionException || t instanceof java.io.IOException) {
        return true;
      }
      // A pooled connection that died between being handed out and being used.
      if (t instanceof io.vertx.core.VertxException && String.valueOf(t.getMessage()).startsWith("Connection is not active")) {
        return true;
      }
      // PostgreSQL's own: connection exceptions (08…) and an operator shutting it down (57P…).
      if (t instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null
          && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
        return true;
      }
    }
    return false;
  }
}
