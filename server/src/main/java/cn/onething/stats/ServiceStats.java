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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * 办件统计 — figures per published service and per step, read from the runtime's own tables
 * (application, step_instance, application_event, rating) through the rollups the database keeps
 * of them (V11, read by {@link Breakdowns}). Every figure is about the applications submitted in a
 * window of dates; handling time is calendar hours from submission to the end. Reporting reads
 * these tables directly rather than through the process's Java API: it only reads, and
 * aggregating in PostgreSQL is the point.
 */
public final class ServiceStats {
  static final NamedStatements SQL = NamedStatements.load(ServiceStats.class, "stats.sql");

  private final Pool pool;
  private final Breakdowns breakdowns;

  public ServiceStats(Pool pool) {
    this.pool = pool;
    this.breakdowns = new Breakdowns(pool);
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
    Future<RowSet<Row>> services = query("services", Tuple.of(w.regionPrefix()));
    Future<JsonArray> figures = breakdowns.by(Breakdowns.Dimension.SERVICE,
        new Breakdowns.Filter(w.regionPrefix(), null, null, w.from(), w.to()), today);
    return Future.all(services, figures).map(all -> merge(all));
  }

  private static JsonArray merge(CompositeFuture all) {
    Map<String, JsonObject> byService = new LinkedHashMap<>();
    all.<JsonArray>resultAt(1).forEach(o -> byService.put(((JsonObject) o).getString("key"), (JsonObject) o));
    JsonArray out = new JsonArray();
    for (Row s : all.<RowSet<Row>>resultAt(0)) {
      String key = key(s.getString("region"), s.getString("slug"));
      JsonObject figures = s.getJsonObject("figures") == null ? new JsonObject() : s.getJsonObject("figures");
      JsonObject f = byService.get(key);
      if (f == null) {
        f = Breakdowns.applicationFigures(null, 0, new JsonArray());
      }
      JsonObject applications = f.getJsonObject("applications").copy();
      applications.remove("rejectionRate");
      JsonObject r = f.getJsonObject("ratings");
      JsonObject rating = new JsonObject().put("count", r.getLong("count")).put("mean", r.getDouble("mean"))
          .put("distribution", r.getJsonObject("distribution")).put("badShare", r.getDouble("badShare"))
          .put("badTags", r.getJsonArray("badTags"));
      out.add(new JsonObject().put("region", s.getString("region")).put("slug", s.getString("slug"))
          .put("title", s.getString("title"))
          .put("promisedWorkingDays", figures.getJsonObject("workingDays", new JsonObject()).getInteger("promised"))
          .put("offlineVisits", figures.getJsonObject("offlineVisits", new JsonObject()).getInteger("service"))
          .put("applications", applications).put("handling", f.getJsonObject("handling"))
          .put("overdueOpenSteps", f.getLong("overdueOpenSteps"))
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
    return breakdowns.stepGroups(Breakdowns.Dimension.STEP, new Breakdowns.Filter(region, region, slug, from, to), today)
        .map(groups -> {
          List<JsonObject> rows = new ArrayList<>();
          groups.forEach((key, g) -> {
            Tally t = g.steps();
            String[] step = key.split("\\|", 2)[1].split("#", 2);
            rows.add(new JsonObject().put("step", step[0] + "#" + step[1]).put("branch", step[0]).put("stepId", step[1])
                .put("name", t.name()).put("department", t.department())
                .put("completed", t.get("worked"))
                .put("medianHours", t.percentileHours(0.5)).put("p90Hours", t.percentileHours(0.9))
                .put("overdueNow", g.overdue())
                .put("lateShare", share(t.get("late"), t.get("worked_with_due"))));
          });
          rows.sort(Comparator.comparing((JsonObject r) -> r.getDouble("p90Hours"),
                  Comparator.nullsLast(Comparator.<Double>reverseOrder()))
              .thenComparing(r -> r.getString("branch")).thenComparing(r -> r.getString("stepId")));
          return new JsonArray(new ArrayList<>(rows));
        });
  }

  private Future<RowSet<Row>> query(String name, Tuple args) {
    return pool.preparedQuery(SQL.get(name)).execute(args);
  }

  private static String key(String region, String slug) {
    return region + "/" + slug;
  }

  /** A share to four decimals (0.1234 = 12.34 %); null when there is nothing to divide by. */
  static Double share(long part, long whole) {
    return whole == 0 ? null : round((double) part / whole, 10_000);
  }

  static double round(double value, int scale) {
    return Math.round(value * scale) / (double) scale;
  }
}
