package cn.onething.simulator.control;

import cn.onething.simulator.http.Problems;
import cn.onething.simulator.data.World;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.function.Supplier;

/** 测试开关 — {@code /_sim/*}: fault knobs, call counters, the seeded data and re-seeding, for tests and demos. No API key. */
public final class ControlRoutes {

  private final Faults faults;
  private final CallCounters counters;
  private final Runnable reseed;
  private final Supplier<World> world;

  public ControlRoutes(Faults faults, CallCounters counters, Runnable reseed, Supplier<World> world) {
    this.faults = faults;
    this.counters = counters;
    this.reseed = reseed;
    this.world = world;
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
    router.get("/_sim/seed").handler(ctx -> ok(ctx, seed(world.get())));
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

  /** Who and what exists, so a demo or a test can pick an identity without reading the seed code. */
  private static JsonObject seed(World w) {
    JsonArray persons = new JsonArray();
    w.persons().forEach(p -> persons.add(new JsonObject().put("idNumber", p.idNumber()).put("name", p.name())
        .put("gender", p.gender()).put("birthDate", p.birthDate().toString()).put("regionCode", p.regionCode())
        .put("householdNo", p.householdNo()).put("spouseIdNumber", p.spouseId())));
    JsonArray enterprises = new JsonArray();
    w.enterprises().forEach(e -> enterprises.add(new JsonObject().put("uscc", e.uscc()).put("name", e.name())
        .put("regionCode", e.regionCode()).put("legalRepresentativeIdNumber", e.legalRepresentativeId())
        .put("legalRepresentativeName", e.legalRepresentativeName())));
    JsonArray flats = new JsonArray();
    w.flats().forEach(f -> flats.add(new JsonObject().put("certificateNo", f.certificateNo()).put("unitNo", f.unitNo())
        .put("address", f.address()).put("ownerIdNumber", f.ownerId()).put("ownerName", f.ownerName())));
    JsonArray licences = new JsonArray();
    w.allLicences().forEach(l -> licences.add(new JsonObject().put("licenceType", l.type()).put("holderId", l.holderId())
        .put("licenceNo", l.licenceNo()).put("valid", l.valid())));
    return new JsonObject().put("persons", persons).put("enterprises", enterprises).put("flats", flats)
        .put("licences", licences);
  }

  private static void ok(RoutingContext ctx, JsonObject body) {
    Problems.send(ctx, 200, body);
  }
}
