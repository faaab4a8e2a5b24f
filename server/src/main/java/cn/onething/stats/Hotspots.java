package cn.onething.stats;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * 热点 — the steps and matter branches that most need attention, ranked: the longest handling time
 * (p90), the highest overdue share, and (matters only: a rating is about the matters of an
 * application, not its steps) the most bad ratings. Each entry carries the figures that put it
 * there. Rows with fewer than {@code minSample} worked steps are left out so one slow case does not
 * top a list.
 */
public final class Hotspots {
  public static final int DEFAULT_LIMIT = 10;
  public static final int DEFAULT_MIN_SAMPLE = 5;

  private final Breakdowns breakdowns;

  public Hotspots(Breakdowns breakdowns) {
    this.breakdowns = breakdowns;
  }

  public Future<JsonObject> rank(Breakdowns.Filter filter, LocalDate today, int limit, int minSample) {
    Future<JsonArray> steps = breakdowns.by(Breakdowns.Dimension.STEP, filter, today);
    Future<JsonArray> branches = breakdowns.by(Breakdowns.Dimension.BRANCH, filter, today);
    return Future.all(steps, branches).map(all -> {
      List<JsonObject> s = sample(all.resultAt(0), minSample);
      List<JsonObject> b = sample(all.resultAt(1), minSample);
      JsonObject stepLists = new JsonObject()
          .put("slowest", top(s, r -> r.getJsonObject("handling").getDouble("p90Hours"), limit))
          .put("mostOverdue", top(s, r -> r.getDouble("overdueShare"), limit));
      JsonObject matterLists = new JsonObject()
          .put("slowest", top(b, r -> r.getJsonObject("handling").getDouble("p90Hours"), limit))
          .put("mostOverdue", top(b, r -> r.getDouble("overdueShare"), limit))
          .put("mostBadRatings", top(b, r -> {
            long bad = r.getJsonObject("ratings").getLong("bad");
            return bad == 0 ? null : (double) bad;
          }, limit));
      return new JsonObject().put("minSample", minSample).put("limit", limit).put("steps", stepLists)
          .put("matters", matterLists);
    });
  }

  private static List<JsonObject> sample(JsonArray rows, int minSample) {
    List<JsonObject> out = new ArrayList<>();
    rows.forEach(o -> {
      JsonObject r = (JsonObject) o;
      if (r.getLong("worked") >= minSample) {
        out.add(r);
      }
    });
    return out;
  }

  /** Highest metric first (rows without one left out); ties by key, so a ranking is stable. */
  static JsonArray top(List<JsonObject> rows, Function<JsonObject, Double> metric, int limit) {
    JsonArray out = new JsonArray();
    rows.stream().filter(r -> metric.apply(r) != null && metric.apply(r) > 0)
        .sorted(Comparator.comparing((JsonObject r) -> metric.apply(r)).reversed()
            .thenComparing(r -> r.getString("key")))
        .limit(limit)
        .forEach(r -> out.add(r.copy().put("rank", out.size() + 1).put("value", metric.apply(r))));
    return out;
  }
}
