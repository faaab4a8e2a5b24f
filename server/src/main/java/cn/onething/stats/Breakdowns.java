package cn.onething.stats;

import cn.onething.catalogue.Departments;
import cn.onething.db.NamedStatements;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 运营分析 — the figures of the applications in a scope (regions, one service or all, submission
 * dates) grouped by one dimension: all together, per service, region, release or period (day, week, month) for
 * the applications; per step, matter branch or department for the steps. Reads the runtime's tables
 * in PostgreSQL, like {@link ServiceStats}.
 */
public final class Breakdowns {
  static final NamedStatements SQL = NamedStatements.load(Breakdowns.class, "breakdowns.sql");
  /** Periods a trend may hold at most, so that a day-by-day trend over ten years is refused, not drawn. */
  public static final int MAX_PERIODS = 400;
  /** Memory a breakdown query may sort in (PostgreSQL's default is 4 MB). */
  static final String SORT_MEMORY = "SET LOCAL work_mem = '64MB'";

  /** What the figures are grouped by. */
  public enum Dimension {
    ALL("all", false), SERVICE("service", false), REGION("region", false), RELEASE("release", false), DAY("day", false),
    WEEK("week", false), MONTH("month", false), BRANCH("branch", true), STEP("step", true),
    DEPARTMENT("department", true), RELEASE_STEP("release-step", true);

    final String key;
    final boolean steps;

    Dimension(String key, boolean steps) {
      this.key = key;
      this.steps = steps;
    }

    public String key() {
      return key;
    }

    boolean period() {
      return this == DAY || this == WEEK || this == MONTH;
    }

    /** The dimensions a caller may ask for by name ({@code release-step} is internal). */
    public static Dimension parse(String name) {
      return Arrays.stream(values()).filter(d -> d != RELEASE_STEP && d.key.equals(name)).findFirst().orElse(null);
    }

    public static List<String> names() {
      return Arrays.stream(values()).filter(d -> d != RELEASE_STEP).map(d -> d.key).toList();
    }
  }

  /**
   * The applications figures are about: regions by code prefix ("" = all), one service (region and
   * slug) or all (null), submission dates (null = open).
   */
  public record Filter(String regionPrefix, String serviceRegion, String serviceSlug, LocalDate from, LocalDate to) {
    Tuple tuple(Object... more) {
      Tuple t = Tuple.of(regionPrefix, from, to, serviceRegion, serviceSlug);
      for (Object o : more) {
        t.addValue(o);
      }
      return t;
    }

    String serviceKey() {
      return serviceRegion == null ? null : serviceRegion + "/" + serviceSlug;
    }
  }

  /** A service in scope: its names and its active release's figures and process (null when unpublished). */
  record ServiceInfo(String region, String regionName, String slug, String title, Integer activeRelease,
      JsonObject figures, JsonObject process, JsonArray members) {
    String key() {
      return region + "/" + slug;
    }

    /** The promised limit of a step in working days, from the active release; null when unknown. */
    Integer timeLimitDays(String branch, String step) {
      if (process == null) {
        return null;
      }
      if ("shared".equals(branch)) {
        JsonObject acceptance = process.getJsonObject("acceptance", new JsonObject());
        return acceptance.getInteger("timeLimitDays");
      }
      JsonObject b = branch(branch);
      if (b == null) {
        return null;
      }
      for (Object o : b.getJsonArray("steps", new JsonArray())) {
        JsonObject s = (JsonObject) o;
        if (step.equals(s.getString("id"))) {
          return s.getInteger("timeLimitDays");
        }
      }
      return null;
    }

    JsonObject branch(String matter) {
      if (process == null) {
        return null;
      }
      for (Object o : process.getJsonArray("branches", new JsonArray())) {
        if (matter.equals(((JsonObject) o).getString("matter"))) {
          return (JsonObject) o;
        }
      }
      return null;
    }

    String branchTitle(String matter) {
      if ("shared".equals(matter)) {
        return process == null ? "受理" : process.getJsonObject("acceptance", new JsonObject()).getString("name", "受理");
      }
      JsonObject b = branch(matter);
      return b == null ? matter : b.getString("title", matter);
    }
  }

  private final Pool pool;

  public Breakdowns(Pool pool) {
    this.pool = pool;
  }

  /** The services whose region starts with the prefix, keyed by {@code region/slug}. */
  Future<Map<String, ServiceInfo>> services(String regionPrefix) {
    return query("servicesIn", Tuple.of(regionPrefix)).map(rows -> {
      Map<String, ServiceInfo> out = new LinkedHashMap<>();
      for (Row r : rows) {
        ServiceInfo s = new ServiceInfo(r.getString("region"), r.getString("region_name"), r.getString("slug"),
            r.getString("title"), r.getInteger("active_release"), json(r, "figures"), json(r, "process"),
            r.getValue("members") instanceof JsonArray a ? a : new JsonArray());
        out.put(s.key(), s);
      }
      return out;
    });
  }

  private static JsonObject json(Row r, String column) {
    return r.getValue(column) instanceof JsonObject o ? o : null;
  }

  /** The figures grouped by {@code by}, with {@code today} deciding what is overdue now. */
  public Future<JsonArray> by(Dimension by, Filter filter, LocalDate today) {
    Future<Map<String, ServiceInfo>> services = services(filter.regionPrefix());
    if (by.steps) {
      return services.compose(known -> steps(by, filter, today, known));
    }
    Future<RowSet<Row>> apps = query("applicationsBy", filter.tuple(by.key));
    Future<RowSet<Row>> overdue = query("overdueBy", filter.tuple(by.key, today));
    Future<RowSet<Row>> ratings = query("ratingsBy", filter.tuple(by.key));
    Future<RowSet<Row>> tags = query("badTagsBy", filter.tuple(by.key));
    Future<Map<String, String>> regionNames = by == Dimension.REGION ? regionNames(filter.regionPrefix())
        : Future.succeededFuture(Map.of());
    return Future.all(services, apps, overdue, ratings, tags, regionNames).map(all -> {
      Map<String, Row> appRows = byKey(all.resultAt(1));
      Map<String, Row> overdueRows = byKey(all.resultAt(2));
      Map<String, Row> ratingRows = byKey(all.resultAt(3));
      Map<String, JsonArray> tagRows = tagsByKey(all.resultAt(4));
      Map<String, ServiceInfo> known = all.resultAt(0);
      Map<String, String> names = all.resultAt(5);
      List<String> keys = keys(by, filter, appRows, known);
      JsonArray out = new JsonArray();
      for (String key : keys) {
        JsonObject row = new JsonObject().put("key", key);
        switch (by) {
          case SERVICE -> {
            ServiceInfo s = known.get(key);
            String[] parts = key.split("/", 2);
            row.put("region", parts[0]).put("slug", parts[1]).put("title", s == null ? parts[1] : s.title())
                .put("regionName", s == null ? null : s.regionName())
                .put("activeRelease", s == null ? null : s.activeRelease());
            JsonObject figures = s == null || s.figures() == null ? new JsonObject() : s.figures();
            row.put("promisedWorkingDays", figures.getJsonObject("workingDays", new JsonObject()).getInteger("promised"))
                .put("offlineVisits", figures.getJsonObject("offlineVisits", new JsonObject()).getInteger("service"));
          }
          case REGION -> row.put("region", key).put("regionName", names.get(key));
          case RELEASE -> row.put("release", Integer.parseInt(key));
          default -> row.put("period", key);
        }
        row.mergeIn(applicationFigures(appRows.get(key), overdueRows.get(key), ratingRows.get(key),
            tagRows.getOrDefault(key, new JsonArray())));
        out.add(row);
      }
      return out;
    });
  }

  /** The keys of an application breakdown: every published service in scope, every period of a closed window, or what has data. */
  private static List<String> keys(Dimension by, Filter filter, Map<String, Row> appRows, Map<String, ServiceInfo> known) {
    List<String> keys = new ArrayList<>();
    if (by == Dimension.SERVICE) {
      known.values().stream()
          .filter(s -> s.activeRelease() != null || appRows.containsKey(s.key()))
          .filter(s -> filter.serviceKey() == null || filter.serviceKey().equals(s.key()))
          .forEach(s -> keys.add(s.key()));
      appRows.keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
      return keys;
    }
    if (by == Dimension.ALL) {
      return List.of("all");
    }
    if (by.period() && filter.from() != null && filter.to() != null) {
      keys.addAll(periods(by, filter.from(), filter.to()));
      appRows.keySet().stream().filter(k -> !keys.contains(k)).sorted().forEach(keys::add);
      return keys;
    }
    keys.addAll(appRows.keySet());
    if (by == Dimension.RELEASE) {
      keys.sort((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
    }
    return keys;
  }

  /** Every period from {@code from} to {@code to}, named as the SQL names them. */
  static List<String> periods(Dimension by, LocalDate from, LocalDate to) {
    List<String> out = new ArrayList<>();
    LocalDate d = switch (by) {
      case WEEK -> from.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
      case MONTH -> from.withDayOfMonth(1);
      default -> from;
    };
    while (!d.isAfter(to)) {
      out.add(by == Dimension.MONTH ? d.toString().substring(0, 7) : d.toString());
      d = switch (by) {
        case WEEK -> d.plusWeeks(1);
        case MONTH -> d.plusMonths(1);
        default -> d.plusDays(1);
      };
    }
    return out;
  }

  /** How many periods a trend from {@code from} to {@code to} would hold. */
  public static long periodCount(Dimension by, LocalDate from, LocalDate to) {
    return switch (by) {
      case DAY -> ChronoUnit.DAYS.between(from, to) + 1;
      case WEEK -> ChronoUnit.WEEKS.between(from.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY)), to) + 1;
      case MONTH -> ChronoUnit.MONTHS.between(from.withDayOfMonth(1), to) + 1;
      default -> 1;
    };
  }

  static JsonObject applicationFigures(Row a, Row overdue, Row r, JsonArray tags) {
    long received = a == null ? 0 : a.getLong("received");
    long completed = a == null ? 0 : a.getLong("completed");
    long rejected = a == null ? 0 : a.getLong("rejected");
    JsonObject applications = new JsonObject().put("received", received).put("completed", completed)
        .put("rejected", rejected)
        .put("completionRate", ServiceStats.share(completed, received))
        .put("rejectionRate", ServiceStats.share(rejected, received))
        .put("supplementRate", ServiceStats.share(a == null ? 0 : a.getLong("supplemented"), received));
    JsonObject handling = new JsonObject().put("ended", a == null ? 0 : a.getLong("ended"))
        .put("meanHours", hours(a, "mean_hours")).put("medianHours", hours(a, "median_hours"))
        .put("p90Hours", hours(a, "p90_hours"))
        .put("onTimeShare", a == null ? null : ServiceStats.share(a.getLong("on_time"), a.getLong("ended_with_due")));
    return new JsonObject().put("applications", applications).put("handling", handling)
        .put("overdueOpenSteps", overdue == null ? 0L : overdue.getLong("overdue"))
        .put("ratings", ratings(r, tags));
  }

  static JsonObject ratings(Row r, JsonArray tags) {
    long count = r == null ? 0 : r.getLong("ratings");
    JsonObject distribution = new JsonObject();
    long bad = 0;
    for (int score = 1; score <= 5; score++) {
      long n = r == null ? 0 : r.getLong("s" + score);
      distribution.put(String.valueOf(score), n);
      bad += score <= 2 ? n : 0;
    }
    return new JsonObject().put("count", count).put("scoreSum", r == null ? 0L : r.getLong("score_sum"))
        .put("mean", count == 0 ? null : ServiceStats.round((double) r.getLong("score_sum") / count, 100))
        .put("distribution", distribution).put("bad", bad).put("badShare", ServiceStats.share(bad, count))
        .put("badTags", tags);
  }

  private Future<JsonArray> steps(Dimension by, Filter filter, LocalDate today, Map<String, ServiceInfo> known) {
    Future<RowSet<Row>> steps = query("stepsBy", filter.tuple(by.key, today));
    boolean branch = by == Dimension.BRANCH;
    Future<RowSet<Row>> handling = branch ? query("branchHandlingBy", filter.tuple()) : Future.succeededFuture(null);
    Future<RowSet<Row>> ratings = branch ? query("branchRatingsBy", filter.tuple()) : Future.succeededFuture(null);
    Future<RowSet<Row>> tags = branch ? query("branchBadTagsBy", filter.tuple()) : Future.succeededFuture(null);
    return Future.all(steps, handling, ratings, tags).map(all -> {
      Map<String, Row> handlingRows = branch ? byKey(all.resultAt(1)) : Map.of();
      Map<String, Row> ratingRows = branch ? byKey(all.resultAt(2)) : Map.of();
      Map<String, JsonArray> tagRows = branch ? tagsByKey(all.resultAt(3)) : Map.of();
      JsonArray out = new JsonArray();
      for (Row r : all.<RowSet<Row>>resultAt(0)) {
        String key = r.getString("key");
        JsonObject row = new JsonObject().put("key", key);
        switch (by) {
          case DEPARTMENT -> {
            String[] parts = key.split("\\|", 2);
            row.put("region", parts[0]).put("department", parts[1]).put("departmentName", Departments.name(parts[1]));
          }
          case RELEASE_STEP -> {
            String[] parts = key.split("\\|", 2);
            String[] step = parts[1].split("#", 2);
            row.put("release", Integer.parseInt(parts[0])).put("step", parts[1]).put("branch", step[0])
                .put("stepId", step[1]).put("name", r.getString("name"));
          }
          default -> {
            String[] parts = key.split("\\|", 2);
            String[] service = parts[0].split("/", 2);
            ServiceInfo s = known.get(parts[0]);
            row.put("region", service[0]).put("slug", service[1]).put("title", s == null ? service[1] : s.title());
            if (branch) {
              row.put("branch", parts[1]).put("branchTitle", s == null ? parts[1] : s.branchTitle(parts[1]));
            } else {
              String[] step = parts[1].split("#", 2);
              row.put("step", parts[1]).put("branch", step[0]).put("stepId", step[1])
                  .put("branchTitle", s == null ? step[0] : s.branchTitle(step[0]))
                  .put("name", r.getString("name")).put("department", r.getString("department"))
                  .put("departmentName", Departments.name(r.getString("department")))
                  .put("timeLimitDays", s == null ? null : s.timeLimitDays(step[0], step[1]));
            }
          }
        }
        row.mergeIn(stepFigures(r));
        if (branch) {
          Row h = handlingRows.get(key);
          row.put("handling", new JsonObject().put("ended", h == null ? 0 : h.getLong("ended"))
              .put("meanHours", hours(h, "mean_hours")).put("medianHours", hours(h, "median_hours"))
              .put("p90Hours", hours(h, "p90_hours")));
          row.put("ratings", ratings(ratingRows.get(key), tagRows.getOrDefault(key, new JsonArray())));
        }
        out.add(row);
      }
      return out;
    });
  }

  static JsonObject stepFigures(Row r) {
    long worked = r.getLong("worked");
    long withDue = r.getLong("worked_with_due");
    long late = r.getLong("late");
    long overdue = r.getLong("overdue");
    return new JsonObject().put("worked", worked).put("rejected", r.getLong("rejected"))
        .put("rejectionRate", ServiceStats.share(r.getLong("rejected"), worked))
        .put("supplementRate", ServiceStats.share(r.getLong("supplemented"), worked))
        .put("handling", new JsonObject().put("ended", r.getLong("timed")).put("meanHours", hours(r, "mean_hours"))
            .put("medianHours", hours(r, "median_hours")).put("p90Hours", hours(r, "p90_hours")))
        .put("onTimeShare", ServiceStats.share(withDue - late, withDue))
        .put("overdueNow", overdue)
        .put("overdueShare", ServiceStats.share(late + overdue, withDue + r.getLong("open_with_due")));
  }

  Future<Map<String, String>> regionNames(String prefix) {
    return query("regionNames", Tuple.of(prefix)).map(rows -> {
      Map<String, String> out = new HashMap<>();
      rows.forEach(r -> out.put(r.getString("id"), r.getString("name")));
      return out;
    });
  }

  /**
   * One query in a transaction of its own with room to sort in memory: a breakdown's percentiles
   * sort every handling time of a group, and the default work_mem spills a large scope to disk.
   */
  Future<RowSet<Row>> query(String name, Tuple args) {
    return pool.withTransaction(c -> c.query(SORT_MEMORY).execute()
        .compose(v -> c.preparedQuery(SQL.get(name)).execute(args)));
  }

  static Map<String, Row> byKey(RowSet<Row> rows) {
    Map<String, Row> out = new LinkedHashMap<>();
    if (rows != null) {
      rows.forEach(r -> out.put(r.getString("key"), r));
    }
    return out;
  }

  static Map<String, JsonArray> tagsByKey(RowSet<Row> rows) {
    Map<String, JsonArray> out = new LinkedHashMap<>();
    if (rows != null) {
      for (Row r : rows) {
        out.computeIfAbsent(r.getString("key"), k -> new JsonArray())
            .add(new JsonObject().put("tag", r.getString("tag")).put("count", r.getLong("n")));
      }
    }
    return out;
  }

  static Double hours(Row row, String column) {
    return row == null || row.getDouble(column) == null ? null : ServiceStats.round(row.getDouble(column), 10);
  }
}
