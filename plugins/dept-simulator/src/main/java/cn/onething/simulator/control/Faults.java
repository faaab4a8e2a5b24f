package cn.onething.simulator.control;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** 故障注入 — the fault knobs of every endpoint and what each call gets. */
public final class Faults {

  public static final String ANY_ENDPOINT = "*";

  /** What happens to a call before its handler runs. */
  public enum Outcome { NONE, HANG, FAIL, MALFORMED, MALFORMED_JSON }

  /** The decision for one call: a delay first, then an outcome ({@code status} for {@link Outcome#FAIL}). */
  public record Decision(long latencyMs, Outcome outcome, int status) {
  }

  private final Map<String, FaultKnobs> knobs = new LinkedHashMap<>();
  private final Set<String> knownEndpoints;
  private final Random random = new Random();

  public Faults(Set<String> knownEndpoints) {
    this.knownEndpoints = knownEndpoints;
  }

  /**
   * Replaces the knobs of the endpoint named in {@code body}. Returns the Chinese problems; empty when applied.
   */
  public synchronized List<String> set(JsonObject body) {
    List<String> errors = FaultKnobs.newErrors();
    String endpoint = body.getString("endpoint");
    if (endpoint == null) {
      errors.add("缺少 endpoint（如 \"POST /population/v1/identity/query\" 或 \"*\"）");
    } else if (!endpoint.equals(ANY_ENDPOINT) && !knownEndpoints.contains(endpoint)) {
      errors.add("未知的接口 " + endpoint + "：应为 \"方法 路径模板\"，与 GET /_sim/calls 中的键一致");
    }
    FaultKnobs parsed = FaultKnobs.parse(body, errors);
    if (errors.isEmpty()) {
      knobs.put(endpoint, parsed);
    }
    return errors;
  }

  public synchronized void clear() {
    knobs.clear();
  }

  public synchronized JsonObject describe() {
    JsonObject out = new JsonObject();
    knobs.forEach((k, v) -> out.put(k, v.toJson()));
    return out;
  }

  /** Consumes at most one {@code *Next} counter: the endpoint's own knobs first, then those of "*". */
  public synchronized Decision decide(String endpoint) {
    FaultKnobs own = knobs.get(endpoint);
    FaultKnobs any = knobs.get(ANY_ENDPOINT);
    long latency = Math.max(own == null ? 0 : own.latencyMs, any == null ? 0 : any.latencyMs);
    for (FaultKnobs k : new FaultKnobs[] {own, any}) {
      if (k == null) {
        continue;
      }
      if (k.timeoutNext > 0) {
        k.timeoutNext--;
        return new Decision(latency, Outcome.HANG, 0);
      }
      if (k.failNext > 0) {
        k.failNext--;
        return new Decision(latency, Outcome.FAIL, k.status);
      }
      if (k.malformedJsonNext > 0) {
        k.malformedJsonNext--;
        return new Decision(latency, Outcome.MALFORMED_JSON, 200);
      }
      if (k.malformedNext > 0) {
        k.malformedNext--;
        return new Decision(latency, Outcome.MALFORMED, 200);
      }
    }
    for (FaultKnobs k : new FaultKnobs[] {own, any}) {
      if (k != null && k.errorRate > 0 && random.nextDouble() < k.errorRate) {
        return new Decision(latency, Outcome.FAIL, 503);
      }
    }
    return new Decision(latency, Outcome.NONE, 200);
  }
}
