package cn.onething.simulator.http;

import cn.onething.simulator.control.CallCounters;
import cn.onething.simulator.control.Faults;
import cn.onething.simulator.control.Faults.Decision;
import cn.onething.simulator.control.IdempotencyStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every department call goes through, in order: count the call, injected faults (latency, hang, failure,
 * malformed answers), the {@code X-Request-Id} of writes and their stored replies, the request object against
 * the contract's schema, the handler, then storing the write's reply.
 */
public final class EndpointPipeline {

  public static final String REQUEST_ID = "X-Request-Id";
  public static final String REPLAY = "X-Idempotent-Replay";
  static final int MAX_REQUEST_ID_LENGTH = 200;
  static final String MALFORMED_JSON = "{\"simulated\": \"malformed\", \"found\": tru";
  private static final Pattern PATH_PARAM = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");
  private static final Logger LOG = LoggerFactory.getLogger(EndpointPipeline.class);

  private final Vertx vertx;
  private final Faults faults;
  private final CallCounters counters;
  private final IdempotencyStore idempotency;
  private final Duration hang;

  public EndpointPipeline(Vertx vertx, Faults faults, CallCounters counters, IdempotencyStore idempotency,
                          Duration hang) {
    this.vertx = vertx;
    this.faults = faults;
    this.counters = counters;
    this.idempotency = idempotency;
    this.hang = hang;
  }

  public void mount(Router router, Endpoint endpoint) {
    Contract c = endpoint.contract();
    router.route(HttpMethod.valueOf(c.method()), vertxPath(c.path())).handler(ctx -> serve(endpoint, ctx));
  }

  /** {@code /licence/v1/types/{licenceType}/query} → {@code /licence/v1/types/:licenceType/query}. */
  static String vertxPath(String template) {
    return PATH_PARAM.matcher(template).replaceAll(":$1");
  }

  private void serve(Endpoint endpoint, RoutingContext ctx) {
    String key = endpoint.contract().key();
    counters.called(key);
    Decision decision = faults.decide(key);
    if (decision.latencyMs() > 0) {
      vertx.setTimer(decision.latencyMs(), t -> afterLatency(endpoint, ctx, decision));
    } else {
      afterLatency(endpoint, ctx, decision);
    }
  }

  private void afterLatency(Endpoint endpoint, RoutingContext ctx, Decision decision) {
    switch (decision.outcome()) {
      case HANG -> {
        HttpConnection connection = ctx.request().connection();
        vertx.setTimer(hang.toMillis(), t -> connection.close());
      }
      case FAIL -> Problems.send(ctx, decision.status(), decision.status() >= 500 ? "SIMULATED_OUTAGE" : "SIMULATED_REJECTION",
          decision.status() >= 500 ? "模拟故障：部门系统暂时不可用，请稍后重试" : "模拟拒绝：部门系统拒绝了本次请求");
      case MALFORMED_JSON -> ctx.response().setStatusCode(200).putHeader("Content-Type", Problems.JSON).end(MALFORMED_JSON);
      case MALFORMED -> ctx.response().setStatusCode(200).putHeader("Content-Type", Problems.JSON)
          .end(malformedBody(endpoint.contract().response()));
      case NONE -> handle(endpoint, ctx);
    }
  }

  private void handle(Endpoint endpoint, RoutingContext ctx) {
    Contract contract = endpoint.contract();
    String requestId = null;
    if (contract.write()) {
      requestId = ctx.request().getHeader(REQUEST_ID);
      if (requestId == null || requestId.isBlank()) {
        Problems.send(ctx, 400, "MISSING_REQUEST_ID", "写接口必须带 X-Request-Id 请求头（幂等键）");
        return;
      }
      if (requestId.length() > MAX_REQUEST_ID_LENGTH) {
        Problems.send(ctx, 400, "INVALID_REQUEST_ID", "X-Request-Id 过长（最多 " + MAX_REQUEST_ID_LENGTH + " 个字符）");
        return;
      }
      Optional<Reply> stored = idempotency.find(contract.key(), requestId);
      if (stored.isPresent()) {
        ctx.response().putHeader(REPLAY, "true");
        send(ctx, stored.get());
        return;
      }
    }
    JsonObject request;
    try {
      request = requestObject(contract, ctx);
    } catch (BadRequest e) {
      Problems.send(ctx, 400, e.code, e.getMessage());
      return;
    }
    List<SchemaCheck.Violation> violations = SchemaCheck.check(contract.request(), request);
    if (!violations.isEmpty()) {
      JsonObject body = Problems.body("INVALID_REQUEST", "请求不符合接口约定：" + violations.getFirst().message());
      body.put("errors", new JsonArray(violations.stream().map(SchemaCheck.Violation::toJson).toList()));
      Problems.send(ctx, 400, body);
      return;
    }
    Reply reply;
    try {
      reply = endpoint.handler().apply(new Call(request, baseUrl(ctx)));
    } catch (RuntimeException e) {
      LOG.error("{} failed", contract.key(), e);
      Problems.send(ctx, 500, "INTERNAL_ERROR", "模拟器内部错误：" + e.getClass().getSimpleName());
      return;
    }
    if (contract.write()) {
      idempotency.store(contract.key(), requestId, reply);
      if (reply.applied() && reply.status() / 100 == 2) {
        counters.applied(contract.key());
      }
    }
    send(ctx, reply);
  }

  /**
   * The request object: for {@code GET} the path and query parameters; otherwise the JSON body, whose top-level
   * properties named in the path must equal the path's values (the http-json convention). Extra endpoints may
   * leave path parameters out of the body; binding endpoints may not (their schema requires them).
   */
  private static JsonObject requestObject(Contract contract, RoutingContext ctx) {
    Map<String, String> pathParams = ctx.pathParams();
    JsonObject request;
    if ("GET".equals(contract.method())) {
      request = new JsonObject();
      ctx.queryParams().forEach(e -> {
        if (!request.containsKey(e.getKey())) {
          request.put(e.getKey(), e.getValue());
        }
      });
      pathParams.forEach(request::put);
      return request;
    }
    String text = ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString("UTF-8").strip();
    if (text.isEmpty()) {
      if (!"simulator".equals(contract.source())) {
        throw new BadRequest("EMPTY_BODY", "请求体不能为空：应为 JSON 对象");
      }
      text = "{}";
    }
    try {
      Object parsed = io.vertx.core.json.Json.decodeValue(text);
      if (!(parsed instanceof JsonObject object)) {
        throw new BadRequest("BAD_JSON", "请求体应为 JSON 对象");
      }
      request = object;
    } catch (io.vertx.core.json.DecodeException e) {
      throw new BadRequest("BAD_JSON", "请求体不是合法的 JSON");
    }
    for (Map.Entry<String, String> param : pathParams.entrySet()) {
      Object inBody = request.getValue(param.getKey());
      if (inBody == null && "simulator".equals(contract.source())) {
        request.put(param.getKey(), param.getValue());
      } else if (inBody != null && !param.getValue().equals(String.valueOf(inBody))) {
        throw new BadRequest("PATH_MISMATCH", "路径参数 " + param.getKey() + " 与请求体中的同名属性不一致");
      }
    }
    return request;
  }

  /** A 200 body that breaks the response schema: the first required property has the wrong type, the rest are missing. */
  static String malformedBody(JsonObject responseSchema) {
    JsonArray required = responseSchema.getJsonArray("required", new JsonArray());
    if (required.isEmpty()) {
      return "[\"simulated malformed response\"]";
    }
    String first = required.getString(0);
    JsonObject property = responseSchema.getJsonObject("properties", new JsonObject()).getJsonObject(first, new JsonObject());
    Object wrong = switch (property.getString("type", "string")) {
      case "string" -> 12345;
      case "object" -> "不是对象";
      case "array" -> "不是数组";
      case "boolean" -> "不是布尔值";
      default -> "不是数值";
    };
    return new JsonObject().put("simulated", "malformed").put(first, wrong).encode();
  }

  private static void send(RoutingContext ctx, Reply reply) {
    Problems.send(ctx, reply.status(), reply.body());
  }

  private static String baseUrl(RoutingContext ctx) {
    HostAndPort authority = ctx.request().authority();
    String host = authority == null ? "127.0.0.1" : authority.host() + (authority.port() > 0 ? ":" + authority.port() : "");
    return ctx.request().scheme() + "://" + host;
  }

  private static final class BadRequest extends RuntimeException {
    private final String code;

    BadRequest(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }
}
