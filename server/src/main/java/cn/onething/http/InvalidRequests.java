package cn.onething.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Requests the HTTP decoder could not read — an address longer than 4 KiB, headers larger than
 * 8 KiB, a malformed request line — never reach the router. Vert.x's own answer is a bare status
 * with an empty body; this one is a problem+json like every other refusal. The connection is
 * closed afterwards, as the decoder cannot tell where the next request starts.
 */
public final class InvalidRequests implements Handler<HttpServerRequest> {
  @Override
  public void handle(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Problem problem;
    if (cause instanceof TooLongHttpLineException) {
      problem = Problem.of("uri-too-long", "请求地址过长", 414, "请求地址（含查询参数）不能超过 4 KiB，请缩短查询条件。");
    } else if (cause instanceof TooLongHttpHeaderException) {
      problem = Problem.of("headers-too-large", "请求头过大", 431, "请求头合计不能超过 8 KiB。");
    } else {
      problem = Problem.of("bad-request", "请求有误", 400, "无法解析该 HTTP 请求，请检查请求的格式。");
    }
    request.response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", Problem.CONTENT_TYPE)
        .putHeader("Connection", "close")
        .end(problem.toJson(request.path(), null).encode())
        .onComplete(done -> request.connection().close());
  }
}
