package cn.onething.stats;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * 减材料、减环节、减跑动、减时间 — per published service, what the composition saved against the
 * member matters done one by one: fields asked, materials, steps, offline visits and working days
 * of the active release against the members' sum (the compiler's figures in the release).
 */
public final class ReductionReport {
  /** The release figures reported, in the order a report lists them. */
  static final List<String> FIGURES = List.of("fields", "materials", "steps", "offlineVisits", "workingDays");

  private final Breakdowns breakdowns;

  public ReductionReport(Breakdowns breakdowns) {
    this.breakdowns = breakdowns;
  }

  public Future<JsonArray> report(String regionPrefix, String serviceKey) {
    return breakdowns.services(regionPrefix).map(services -> {
      JsonArray out = new JsonArray();
      services.values().stream()
          .filter(s -> s.activeRelease() != null && s.figures() != null)
          .filter(s -> serviceKey == null || serviceKey.equals(s.key()))
          .forEach(s -> {
            JsonObject figures = new JsonObject();
            for (String name : FIGURES) {
              JsonObject f = s.figures().getJsonObject(name);
              if (f != null) {
                figures.put(name, reduction(f));
              }
            }
            JsonObject materials = s.figures().getJsonObject("materials");
            if (materials != null && figures.containsKey("materials")) {
              figures.getJsonObject("materials").put("waived", materials.getLong("waived", 0L));
            }
            out.add(new JsonObject().put("region", s.region()).put("regionName", s.regionName()).put("slug", s.slug())
                .put("title", s.title()).put("activeRelease", s.activeRelease()).put("members", s.members())
                .put("figures", figures));
          });
      return out;
    });
  }

  /** {@code {service, memberSum, saved, savedShare}} from a release figure ({@code asked}, {@code service} or {@code promised}). */
  static JsonObject reduction(JsonObject f) {
    Integer service = f.getInteger("service", f.getInteger("asked", f.getInteger("promised")));
    Integer sum = f.getInteger("memberSum");
    JsonObject out = new JsonObject().put("service", service).put("memberSum", sum);
    if (service != null && sum != null) {
      out.put("saved", sum - service).put("savedShare", ServiceStats.share(sum - service, sum));
    }
    return out;
  }
}
