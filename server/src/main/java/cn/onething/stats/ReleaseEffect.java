package cn.onething.stats;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * 发布前后对比 — did publishing release N change things? The applications made under release N
 * against those made under the release before it (an application stays tied to the release it was
 * made under, so no date cut-off is needed): volume, completion, handling time, on-time share,
 * ratings, and per step the median and p90 before and after.
 */
public final class ReleaseEffect {
  private final Breakdowns breakdowns;

  public ReleaseEffect(Breakdowns breakdowns) {
    this.breakdowns = breakdowns;
  }

  /** Null when the service has no release {@code number}. */
  public Future<JsonObject> compare(String region, String slug, int number, LocalDate today) {
    return breakdowns.query("releases", Tuple.of(region, slug)).compose(rows -> {
      Map<Integer, Row> releases = new LinkedHashMap<>();
      rows.forEach(r -> releases.put(r.getInteger("number"), r));
      if (!releases.containsKey(number)) {
        return Future.succeededFuture(null);
      }
      Integer before = releases.keySet().stream().filter(n -> n < number).max(Integer::compare).orElse(null);
      Breakdowns.Filter filter = new Breakdowns.Filter(region, region, slug, null, null);
      Future<JsonArray> apps = breakdowns.by(Breakdowns.Dimension.RELEASE, filter, today);
      Future<JsonArray> steps = breakdowns.by(Breakdowns.Dimension.RELEASE_STEP, filter, today);
      return Future.all(apps, steps).map(all -> {
        JsonObject after = side(releases.get(number), all.resultAt(0));
        JsonObject prior = before == null ? null : side(releases.get(before), all.resultAt(0));
        JsonArray stepRows = all.resultAt(1);
        Map<String, JsonObject> stepChanges = new LinkedHashMap<>();
        for (Object o : stepRows) {
          JsonObject s = (JsonObject) o;
          int release = s.getInteger("release");
          if (release != number && (before == null || release != before)) {
            continue;
          }
          JsonObject change = stepChanges.computeIfAbsent(s.getString("step"), k -> new JsonObject().put("step", k)
              .put("branch", s.getString("branch")).put("stepId", s.getString("stepId")).put("name", s.getString("name")));
          change.put(release == number ? "after" : "before", new JsonObject().put("worked", s.getLong("worked"))
              .put("medianHours", s.getJsonObject("handling").getDouble("medianHours"))
              .put("p90Hours", s.getJsonObject("handling").getDouble("p90Hours"))
              .put("onTimeShare", s.getDouble("onTimeShare")));
        }
        JsonArray stepList = new JsonArray();
        stepChanges.values().forEach(c -> stepList.add(c.put("medianHoursChange",
            difference(c.getJsonObject("before"), c.getJsonObject("after"), "medianHours"))));
        JsonObject change = new JsonObject();
        if (prior != null) {
          JsonObject a = after.getJsonObject("handling");
          JsonObject b = prior.getJsonObject("handling");
          change.put("meanHours", difference(b, a, "meanHours")).put("medianHours", difference(b, a, "medianHours"))
              .put("p90Hours", difference(b, a, "p90Hours")).put("onTimeShare", difference(b, a, "onTimeShare"))
              .put("completionRate", difference(prior.getJsonObject("applications"), after.getJsonObject("applications"),
                  "completionRate"))
              .put("ratingMean", difference(prior.getJsonObject("ratings"), after.getJsonObject("ratings"), "mean"));
          Double bm = b.getDouble("medianHours");
          Double am = a.getDouble("medianHours");
          change.put("shorter", bm == null || am == null ? null : am < bm);
        }
        return new JsonObject().put("region", region).put("slug", slug).put("release", number)
            .put("before", prior).put("after", after).put("change", change).put("steps", stepList);
      });
    });
  }

  private static JsonObject side(Row release, JsonArray byRelease) {
    int number = release.getInteger("number");
    JsonObject figures = null;
    for (Object o : byRelease) {
      if (((JsonObject) o).getInteger("release") == number) {
        figures = (JsonObject) o;
      }
    }
    if (figures == null) {
      figures = new JsonObject().mergeIn(Breakdowns.applicationFigures(null, 0, new JsonArray()));
    }
    JsonObject out = figures.copy();
    out.remove("key");
    out.remove("release");
    return new JsonObject().put("release", number)
        .put("publishedAt", String.valueOf(release.getValue("published_at")))
        .put("promisedWorkingDays", release.getValue("figures") instanceof JsonObject f
            ? f.getJsonObject("workingDays", new JsonObject()).getInteger("promised") : null)
        .mergeIn(out);
  }

  /** after − before, rounded like the figures; null when either is missing. */
  static Double difference(JsonObject before, JsonObject after, String field) {
    if (before == null || after == null || before.getDouble(field) == null || after.getDouble(field) == null) {
      return null;
    }
    return ServiceStats.round(after.getDouble(field) - before.getDouble(field), 10_000);
  }
}
