package cn.onething.simulator.control;

import cn.onething.simulator.http.Problems;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Router;
import java.util.List;

/** 测试开关 — {@code /_sim/*}: fault knobs, call counters and re-seeding, for tests and demos. No API key. */
public final class ControlRoutes {

  private final Faults faults;
  private final CallCounters counters;
  private final Runnable reseed;

  public ControlRoutes(Faults faults, CallCounters counters, Runnable reseed) {
    this.faults = faults;
    this.counters = counters;
    this.reseed = reseed;
  }

  public void mount(Router router) {
    router.put("/_sim/faults").handler(this::setFaults);
    router.get("/_sim/faults").handler(ctx -> ok(ctx, faults.describe()));
    router.delete("/_sim/faults").handler(ctx -> {
      faults.clear();
      ok(ctx, new JsonObject());
    });
    router.get("/_sim/calls").handler(ctx -> ok(ctx, counters.describe()));
    router.delete("/_sim/calls").handler(ctx -> {
      counters.reset();
      ok(ctx, new JsonObject());
    });
    router.post("/_sim/reset").handler(ctx -> {
      reseed.run();
      ok(ctx, new JsonObject());
    });
  }

  private void setFaults(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null) {
      Problems.send(ctx, 400, "BAD_JSON", "请求体应为 JSON 对象，如 {\"endpoint\": \"*\", \"failNext\": 1}");
      return;
    }
    List<String> errors = faults.set(body);
    if (!errors.isEmpty()) {
      Problems.send(ctx, 400, "INVALID_FAULTS", String.join("；", errors));
      return;
    }
    ok(ctx, faults.describe());
  }

  private static void ok(RoutingContext ctx, JsonObject body) {
    Problems.send(ctx, 200, body);
  }
}
