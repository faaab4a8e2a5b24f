package cn.onething.connector.httpjson;

import cn.onething.connector.Connector;
import cn.onething.connector.ConnectorContext;
import cn.onething.connector.ConnectorException;
import cn.onething.connector.ConnectorException.Kind;
import cn.onething.connector.Invocation;
import cn.onething.connector.Outputs;
import cn.onething.connector.Violation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.Collectors;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeoutException;

/** Makes HTTP JSON calls with one shared, keep-alive Vert.x HTTP client. */
final class HttpJsonConnector implements Connector {
  /** Larger answers are not what a binding declares. */
  static final int MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

  private final ConnectorContext context;
  private final HttpClient client;

  HttpJsonConnector(ConnectorContext context) {
    this.context = context;
    this.client = context.vertx().createHttpClient(
        new HttpClientOptions().setKeepAlive(true).setDecompressionSupported(true),
        new PoolOptions().setHttp1MaxSize(32));
  }

  @Override
  public Future<Outputs> invoke(Invocation call) {
    HttpJsonRequest request;
    try {
      // Our own mistakes (a field of the wrong shape mapped to a parameter) stop here, not at the department.
      List<Violation> wrong = context.schemas().check(call.binding().getJsonObject("request", new JsonObject()),
          HttpJsonRequest.requestObject(call.binding(), call.inputs()));
      if (!wrong.isEmpty()) {
        throw new ConnectorException(Kind.REJECTED, "请求不符合" + call.binding().getString("system", "部门系统")
            + "的接口约定，未发送：" + wrong.stream().limit(5).map(Violation::toString).collect(Collectors.joining("；")));
      }
      request = HttpJsonRequest.of(call);
    } catch (ConnectorException e) {
      return Future.failedFuture(e);
    }
    long timeout = Math.max(1, call.timeout().toMillis());
    RequestOptions options = new RequestOptions()
        .setMethod(request.method())
        .setAbsoluteURI(request.url())
        .setConnectTimeout(timeout)
        .setIdleTimeout(timeout);
    request.headers().forEach(options::putHeader);
    Buffer body = request.body() == null ? null : request.body().toBuffer();
    if (body != null) {
      options.putHeader("Content-Type", "application/json; charset=utf-8");
    }
    String system = call.binding().getString("system", "部门系统");
    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
    return client.request(options)
        .compose(req -> {
          sent.set(req);
          // The body is asked for in the same callback the response arrives in: a later
          // continuation on another context could miss its chunks and wait until the timeout.
          return (body == null ? req.send() : req.send(body)).compose(this::bodyOf);
        })
        .timeout(timeout, TimeUnit.MILLISECONDS)
        .map(answer -> HttpJsonResponse.read(call.binding(), answer.status(), answer.body(), context.schemas()))
        .recover(failure -> {
          // A request given up on must not leave its connection in the pool for the next call.
          HttpClientRequest req = sent.get();
          ConnectorException known = classify(failure, system, timeout);
          if (req != null && known.kind() == Kind.TIMEOUT) {
            req.reset();
          }
          return Future.failedFuture(known);
        });
  }

  private Future<Answer> bodyOf(HttpClientResponse response) {
    String length = response.getHeader("Content-Length");
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_RESPONSE_BYTES) {
      response.request().reset();
      return Future.failedFuture(new ConnectorException(Kind.BAD_RESPONSE, response.statusCode(),
          "响应过大（" + length + " 字节）", null));
    }
    return response.body().compose(b -> b.length() > MAX_RESPONSE_BYTES
        ? Future.failedFuture(new ConnectorException(Kind.BAD_RESPONSE, response.statusCode(),
            "响应过大（" + b.length() + " 字节）", null))
        : Future.succeededFuture(new Answer(response.statusCode(), b)));
  }

  private static ConnectorException classify(Throwable failure, String system, long timeout) {
    if (failure instanceof ConnectorException known) {
      return known;
    }
    if (failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout")) {
      return new ConnectorException(Kind.TIMEOUT, 0, system + "在 " + timeout + " 毫秒内没有响应", failure);
    }
    if (failure instanceof ConnectException || failure instanceof UnknownHostException
        || failure.getCause() instanceof ConnectException) {
      return new ConnectorException(Kind.UNAVAILABLE, 0, "无法连接" + system + "：" + failure.getMessage(), failure);
    }
    return new ConnectorException(Kind.UNAVAILABLE, 0, "调用" + system + "失败：" + failure, failure);
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }

  private record Answer(int status, Buffer body) {}
}
