package cn.onething.simulator.control;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * 故障开关 — the faults set for one endpoint (or "*"). The {@code *Next} counters are consumed one per call.
 * Mutable, guarded by {@link Faults}.
 */
final class FaultKnobs {

  static final Set<String> PROPERTIES = Set.of("endpoint", "latencyMs", "failNext", "errorRate", "timeoutNext",
      "malformedNext", "malformedJsonNext", "status");

  long latencyMs;
  int failNext;
  double errorRate;
  int timeoutNext;
  int malformedNext;
  int malformedJsonNext;
  int status = 503;

  /** Parses a {@code PUT /_sim/faults} body; the problems found are added to {@code errors} in Chinese. */
  static FaultKnobs parse(JsonObject body, List<String> errors) {
    FaultKnobs k = new FaultKnobs();
    for (String name : body.fieldNames()) {
      if (!PROPERTIES.contains(name)) {
        errors.add("未知的故障开关 " + name);
      }
    }
    k.latencyMs = nonNegative(body, "latencyMs", errors);
    k.failNext = (int) nonNegative(body, "failNext", errors);
    k.timeoutNext = (int) nonNegative(body, "timeoutNext", errors);
    k.malformedNext = (int) nonNegative(body, "malformedNext", errors);
    k.malformedJsonNext = (int) nonNegative(body, "malformedJsonNext", errors);
    Object rate = body.getValue("errorRate");
    if (rate != null) {
      if (!(rate instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 1) {
        errors.add("errorRate 应为 0 到 1 之间的数");
      } else {
        k.errorRate = n.doubleValue();
      }
    }
    Object status = body.getValue("status");
    if (status != null) {
      if (!(status instanceof Integer s) || s < 400 || s > 599) {
        errors.add("status 应为 400 到 599 之间的 HTTP 状态码");
      } else {
        k.status = s;
      }
    }
    return k;
  }

  private static long nonNegative(JsonObject body, String name, List<String> errors) {
    Object v = body.getValue(name);
    if (v == null) {
      return 0;
    }
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0) {
      errors.add(name + " 应为非负整数");
      return 0;
    }
    return ((Number) v).longValue();
  }

  JsonObject toJson() {
    return new JsonObject().put("latencyMs", latencyMs).put("failNext", failNext).put("errorRate", errorRate)
        .put("timeoutNext", timeoutNext).put("malformedNext", malformedNext)
        .put("malformedJsonNext", malformedJsonNext).put("status", status);
  }

  static List<String> newErrors() {
    return new ArrayList<>();
  }
}
