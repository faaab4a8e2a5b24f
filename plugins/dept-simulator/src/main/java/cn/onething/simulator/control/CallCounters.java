package cn.onething.simulator.control;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** 调用计数 — per endpoint: calls received (authenticated) and writes actually applied. */
public final class CallCounters {

  private record Counts(AtomicLong calls, AtomicLong applied) {
  }

  private final Map<String, Counts> counts = new ConcurrentHashMap<>();

  public CallCounters(Iterable<String> endpoints) {
    endpoints.forEach(e -> counts.put(e, new Counts(new AtomicLong(), new AtomicLong())));
  }

  public void called(String endpoint) {
    counts.get(endpoint).calls().incrementAndGet();
  }

  public void applied(String endpoint) {
    counts.get(endpoint).applied().incrementAndGet();
  }

  public void reset() {
    counts.values().forEach(c -> {
      c.calls().set(0);
      c.applied().set(0);
    });
  }

  public JsonObject describe() {
    JsonObject out = new JsonObject();
    new TreeMap<>(counts).forEach((k, v) ->
        out.put(k, new JsonObject().put("calls", v.calls().get()).put("applied", v.applied().get())));
    return out;
  }
}
