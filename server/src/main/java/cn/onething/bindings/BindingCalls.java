package cn.onething.bindings;

import cn.onething.connector.ConnectorException;
import cn.onething.connector.ConnectorException.Kind;
import cn.onething.connector.Invocation;
import cn.onething.connector.Outputs;
import cn.onething.connector.SchemaCheck;
import cn.onething.connector.Secrets;
import cn.onething.connector.Violation;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 接口调用 — calls a binding through its connector the way a department system should be
 * called: each attempt within the endpoint's timeout; timeouts and unavailability retried with
 * exponential backoff and jitter, rejections and bad responses not; one circuit breaker per
 * department system (connector and base address) that opens after repeated failures and fails
 * fast until it half-opens; and one request id for all attempts of a call, sent to the system so
 * that a retried push is applied once.
 */
public final class BindingCalls {
  private static final Logger LOG = LoggerFactory.getLogger(BindingCalls.class);

  /**
   * How hard to try.
   *
   * @param attempts attempts in all for a retryable failure (1 = no retry)
   * @param firstBackoff the wait before the first retry; each later wait doubles, up to {@code maxBackoff},
   *     and a random part of up to half of it is taken off so that callers do not retry in step
   * @param breakerFailures failed attempts in a row that open an endpoint's circuit
   * @param breakerReset how long an open circuit fails fast before it lets one trial call through
   * @param defaultTimeout an attempt's timeout when the endpoint sets none
   */
  public record Policy(int attempts, Duration firstBackoff, Duration maxBackoff, int breakerFailures,
      Duration breakerReset, Duration defaultTimeout) {
    public static final Policy DEFAULT = new Policy(3, Duration.ofMillis(200), Duration.ofSeconds(2), 5,
        Duration.ofSeconds(30), Duration.ofSeconds(5));
  }

  /** One endpoint's circuit as operators see it. */
  public record Circuit(String endpoint, String state, long failures) {}

  private final Vertx vertx;
  private final Connectors connectors;
  private final SchemaCheck schemas;
  private final Secrets secrets;
  private final Policy policy;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  public BindingCalls(Vertx vertx, Connectors connectors, SchemaCheck schemas, Secrets secrets, Policy policy) {
    this.vertx = vertx;
    this.connectors = connectors;
    this.schemas = schemas;
    this.secrets = secrets;
    this.policy = policy;
  }

  /**
   * Calls {@code binding} (a published binding template) at {@code endpoint} (the province's
   * configuration for it) with input parameters by name. {@code requestId} identifies the logical
   * call across retries and restarts (e.g. an application's push); null makes a fresh one.
   */
  public Future<Outputs> call(JsonObject binding, JsonObject endpoint, JsonObject inputs, String requestId) {
    String type = binding.getString("connector", "http-json");
    Connectors.Installed installed = connectors.get(type).orElse(null);
    if (installed == null) {
      return Future.failedFuture(new ConnectorException(Kind.REJECTED,
          "服务器没有安装连接器“" + type + "”，无法调用" + binding.getString("system", "该系统")));
    }
    if (endpoint == null) {
      return Future.failedFuture(new ConnectorException(Kind.REJECTED,
          "尚未配置" + binding.getString("system", "该系统") + "的接口地址"));
    }
    List<Violation> problems = new ArrayList<>(schemas.check(installed.factory().configurationSchema(), endpoint));
    if (problems.isEmpty()) {
      problems.addAll(installed.factory().validate(endpoint));
    }
    if (!problems.isEmpty()) {
      return Future.failedFuture(new ConnectorException(Kind.REJECTED, "接口配置有误："
          + problems.stream().map(Violation::toString).collect(Collectors.joining("；"))));
    }
    Duration timeout = endpoint.containsKey("timeoutMs")
        ? Duration.ofMillis(endpoint.getLong("timeoutMs")) : policy.defaultTimeout();
    Invocation invocation = new Invocation(binding, endpoint, inputs,
        requestId == null ? UUID.randomUUID().toString() : requestId, timeout, secrets);
    CircuitBreaker breaker = breakers.computeIfAbsent(type + " " + endpoint.getString("baseUrl"), this::breaker);
    return attempt(installed, invocation, breaker, 1);
  }

  private Future<Outputs> attempt(Connectors.Installed installed, Invocation invocation, CircuitBreaker breaker, int n) {
    String what = invocation.binding().getString("publisher") + "/" + invocation.binding().getString("slug");
    return breaker.<Outputs>execute(() -> installed.connector().invoke(invocation))
        .recover(failure -> {
          ConnectorException e = classify(failure, invocation, breaker);
          if (e.retryable() && !(failure instanceof OpenCircuitException) && n < policy.attempts()) {
            long wait = backoff(n);
            LOG.warn("调用 {} 第 {} 次失败（{}：{}），{} 毫秒后重试，请求编号 {}", what, n, e.kind().label(),
                e.getMessage(), wait, invocation.requestId());
            return vertx.timer(wait, TimeUnit.MILLISECONDS).compose(t -> attempt(installed, invocation, breaker, n + 1));
          }
          LOG.warn("调用 {} 失败（{}，共 {} 次）：{}，请求编号 {}", what, e.kind().label(), n, e.getMessage(),
              invocation.requestId());
          return Future.failedFuture(e);
        });
  }

  /** The wait before retry {@code n}: doubling from the first, capped, minus up to half at random. */
  long backoff(int n) {
    long full = Math.min(policy.maxBackoff().toMillis(), policy.firstBackoff().toMillis() << Math.min(n - 1, 20));
    return full - ThreadLocalRandom.current().nextLong(full / 2 + 1);
  }

  private static ConnectorException classify(Throwable failure, Invocation invocation, CircuitBreaker breaker) {
    if (failure instanceof ConnectorException e) {
      return e;
    }
    String system = invocation.binding().getString("system", "部门系统");
    if (failure instanceof OpenCircuitException) {
      return new ConnectorException(Kind.UNAVAILABLE, 0, system + "（" + invocation.endpoint().getString("baseUrl")
          + "）最近连续调用失败，已暂停调用，稍后自动恢复", failure);
    }
    if (failure instanceof java.util.concurrent.TimeoutException) {
      return new ConnectorException(Kind.TIMEOUT, 0, system + "在 " + invocation.timeout().toMillis() + " 毫秒内没有响应", failure);
    }
    return new ConnectorException(Kind.UNAVAILABLE, 0, "调用" + system + "时出错：" + failure, failure);
  }

  private CircuitBreaker breaker(String key) {
    CircuitBreaker breaker = CircuitBreaker.create(key, vertx, new CircuitBreakerOptions()
        .setMaxFailures(policy.breakerFailures())
        .setResetTimeout(policy.breakerReset().toMillis())
        .setTimeout(-1)  // each connector keeps the endpoint's timeout itself
        .setNotificationAddress(null));
    // A rejection (a 4xx, a request the system refused) says nothing about the system's health.
    breaker.failurePolicy(future -> future.failed()
        && !(future.cause() instanceof ConnectorException e && e.kind() == Kind.REJECTED));
    breaker.openHandler(v -> LOG.error("接口断路器打开：{} 连续 {} 次调用失败，{} 毫秒内不再调用", key,
        policy.breakerFailures(), policy.breakerReset().toMillis()));
    breaker.closeHandler(v -> LOG.info("接口断路器关闭：{} 已恢复", key));
    return breaker;
  }

  /** Every endpoint called so far and the state of its circuit. */
  public List<Circuit> circuits() {
    Map<String, CircuitBreaker> sorted = new TreeMap<>(breakers);
    return sorted.entrySet().stream().map(e -> new Circuit(e.getKey(), label(e.getValue().state()),
        e.getValue().failureCount())).toList();
  }

  private static String label(CircuitBreakerState state) {
    return switch (state) {
      case CLOSED -> "closed";
      case OPEN -> "open";
      case HALF_OPEN -> "half-open";
    };
  }
}
