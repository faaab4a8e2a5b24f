package cn.onething.stats;

import cn.onething.db.NamedStatements;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * 办件统计 — figures per published service and per step, read from the runtime's own tables
 * (application, step_instance, application_event, rating). Every figure is about the applications
 * submitted in a window of dates; handling time is calendar hours from submission to the end.
 * Reporting reads these tables directly rather than through the process's Java API: it only reads,
 * and aggregating in PostgreSQL is the point.
 */
public final class ServiceStats {
  static final NamedStatements SQL = NamedStatements.load(ServiceStats.class, "stats.sql");

  private final Pool pool;

  public ServiceStats(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  /** What a set of figures is about: regions by code prefix ("" = all) and submission dates (null = open). */
  public record Window(String regionPrefix, LocalDate from, LocalDate to) {
    /** The regions a code stands for: a province its first two digits, a city its first four. */
    public static String prefixOf(String region) {
      if (region.endsWith("0000")) {
        return region.substring(0, 2);
      }
      return region.endsWith("00") ? region.substring(0, 4) : region;
    }
  }

  /** Per published service in the window's regions, with {@code today} deciding what is overdue now. */
  public Future<JsonArray> services(Window w, LocalDate today) {
    Tuple scope = Tuple.of(w.regionPrefix(), w.from(), w.to());
    Future<RowSet<Row>> services = query("services", Tuple.of(w.regionPrefix()));
    Future<RowSet<Row>> applications = query("applications", scope);
    Future<RowSet<Row>> overdue = query("overdueSteps", Tuple.of(w.regionPrefix(), w.from(), w.to(), today));
    Future<RowSet<Row>> ratings = query("ratings", scope);
    Future<RowSet<Row>> badTags = query("badTags", scope);
    return Future.all(services, applications, overdue, ratings, badTags).map(all -> merge(all));
  }

  private static JsonArray merge(CompositeFuture all) {
    Map<String, Row> apps = byService(all.resultAt(1));
    Map<String, Row> overdue = byService(all.resultAt(2));
    Map<String, Row> ratings = byService(all.resultAt(3));
    Map<String, JsonArray> tags = new LinkedHashMap<>();
    for (Row r : all.<RowSet<Row>>resultAt(4)) {
      tags.computeIfAbsent(key(r.getString("region"), r.getString("service_slug")), k -> new JsonArray())
          .add(new JsonObject().put("tag", r.getString("tag")).put("count", r.getLong("n")));
    }
    JsonArray out = new JsonArray();
    for (Row s : all.<RowSet<Row>>resultAt(0)) {
      String key = key(s.getString("region"), s.getString("slug"));
      JsonObject figures = s.getJsonObject("figures") == null ? new JsonObject() : s.getJsonObject("figures");
      Row a = apps.get(key);
      long received = a == null ? 0 : a.getLong("received");
      long completed = a == null ? 0 : a.getLong("completed");
      JsonObject applications = new JsonObject().put("received", received).put("completed", completed)
          .put("rejected", a == null ? 0 : a.getLong("rejected"))
          .put("completionRate", share(completed, received))
          .put("supplementRate", share(a == null ? 0 : a.getLong("supplemented"), received));
      JsonObject handling = new JsonObject().put("ended", a == null ? 0 : a.getLong("ended"))
          .put("meanHours", hours(a, "mean_hours")).put("medianHours", hours(a, "median_hours"))
          .put("p90Hours", hours(a, "p90_hours"))
          .put("onTimeShare", a == null ? null : share(a.getLong("on_time"), a.getLong("ended_with_due")));
      Row r = ratings.get(key);
      long count = r == null ? 0 : r.getLong("ratings");
      JsonObject distribution = new JsonObject();
      long bad = 0;
      for (int score = 1; score <= 5; score++) {
        long n = r == null ? 0 : r.getLong("s" + score);
        distribution.put(String.valueOf(score), n);
        bad += score <= 2 ? n : 0;
      }
      JsonObject rating = new JsonObject().put("count", count)
          .put("mean", r == null ? null : round(r.getDouble("mean"), 100))
          .put("distribution", distribution).put("badShare", share(bad, count))
          .put("badTags", tags.getOrDefault(key, new JsonArray()));
      out.add(new JsonObject().put("region", s.getString("region")).put("slug", s.getString("slug"))
          .put("title", s.getString("title"))
          .put("promisedWorkingDays", figures.getJsonObject("workingDays", new JsonObject()).getInteger("promised"))
          .put("offlineVisits", figures.getJsonObject("offlineVisits", new JsonObject()).getInteger("service"))
          .put("applications", applications).put("handling", handling)
          .put("overdueOpenSteps", overdue.containsKey(key) ? overdue.get(key).getLong("overdue") : 0L)
          .put("ratings", rating));
    }
    return out;
  }

  /** Whether the service is published in exactly this region. */
  public Future<String> publishedTitle(String region, String slug) {
    return query("publishedService", Tuple.of(region, slug))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("title"));
  }

  /** Per step (branch#step) of one service, longest p90 first: the hotspots. */
  public Future<JsonArray> steps(String region, String slug, LocalDate from, LocalDate to, LocalDate today) {
    return query("steps", Tuple.of(region, slug, from, to, today)).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row r : rows) {
        out.add(new JsonObject().put("step", r.getString("branch") + "#" + r.getString("step_id"))
            .put("branch", r.getString("branch")).put("stepId", r.getString("step_id"))
            .put("name", r.getString("name")).put("department", r.getString("department"))
            .put("completed", r.getLong("completed"))
            .put("medianHours", hours(r, "median_hours")).put("p90Hours", hours(r, "p90_hours"))
            .put("overdueNow", r.getLong("overdue"))
            .put("lateShare", share(r.getLong("late"), r.getLong("completed_with_due"))));
      }
      return out;
    });
  }

  private Future<RowSet<Row>> query(String name, Tuple args) {
    return pool.preparedQuery(SQL.get(name)).execute(args);
  }

  private static Map<String, Row> byService(RowSet<Row> rows) {
    Map<String, Row> out = new LinkedHashMap<>();
    rows.forEach(r -> out.put(key(r.getString("region"), r.getString("service_slug")), r));
    return out;
  }

  private static String key(String region, String slug) {
    return region + "/" + slug;
  }

  /** Hours to one decimal; null when nothing ended. */
  private static Double hours(Row row, String column) {
    return row == null || row.getDouble(column) == null ? null : round(row.getDouble(column), 10);
  }

  /** A share to four decimals (0.1234 = 12.34 %); null when there is nothing to divide by. */
  static Double share(long part, long whole) {
    return whole == 0 ? null : round((double) part / whole, 10_000);
  }

  static double round(double value, int scale) {
    return Math.round(value * scale) / (double) scale;
  }
}
