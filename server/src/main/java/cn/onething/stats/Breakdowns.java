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
 * the applications; per step, matter branch or department for the steps. Reads the rollups the
 * database keeps beside the runtime's tables (V11: per day and month of submission, updated in the
 * writer's transaction), so a year of the whole country is a few thousand rows.
 */
public final class Breakdowns {
  static final NamedStatements SQL = NamedStatements.load(Breakdowns.class, "breakdowns.sql");
  /** Periods a trend may hold at most, so that a day-by-day trend over ten years is refused, not drawn. */
  public static final int MAX_PERIODS = 400;
  /** The ends of an open window: before and after any submission. */
  static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
  static final LocalDate LATEST = LocalDate.of(2999, 12, 31);
  /** The figures summed from the rollups (V11). */
  static final List<String> APPLICATION = List.of("received", "completed", "rejected", "supplemented", "ended",
      "handling_us", "ended_with_due", "on_time", "ratings", "score_sum", "s1", "s2", "s3", "s4", "s5");
  static final List<String> STEP = List.of("steps", "worked", "rejected", "supplemented", "timed", "handling_us",
      "worked_with_due", "late");
  static final List<String> BRANCH = List.of("ended", "handling_us");
  static final List<String> MATTER = List.of("ratings", "score_sum", "s1", "s2", "s3", "s4", "s5");

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

    /** The window as days (an open end is the earliest or latest day there is). */
    Tuple days(Object... more) {
      Tuple t = Tuple.of(regionPrefix, first(), last(), serviceRegion, serviceSlug);
      for (Object o : more) {
        t.addValue(o);
      }
      return t;
    }

    /**
     * The window for the rollups: its days, and the whole months in it (read from the month rows;
     * none when {@code daysOnly}, for a trend by day or week).
     */
    Tuple rollup(boolean daysOnly, Object... more) {
      LocalDate first = first();
      LocalDate last = last();
      LocalDate monthFrom = first.getDayOfMonth() == 1 ? first : first.withDayOfMonth(1).plusMonths(1);
      LocalDate monthTo = last.getDayOfMonth() == last.lengthOfMonth() ? last.plusDays(1) : last.withDayOfMonth(1);
      if (daysOnly || !monthFrom.isBefore(monthTo)) {
        monthFrom = first;
        monthTo = first;
      }
      Tuple t = Tuple.of(regionPrefix, first, last, monthFrom, monthTo, serviceRegion).addValue(serviceSlug);
      for (Object o : more) {
        t.addValue(o);
      }
      return t;
    }

    private LocalDate first() {
      return from == null ? EARLIEST : from;
    }

    private LocalDate last() {
      return to == null ? LATEST : to;
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
    boolean daysOnly = by == Dimension.DAY || by == Dimension.WEEK;
    Future<Map<String, Tally>> apps = query("applicationRollup", filter.rollup(daysOnly, by.key))
        .map(rows -> received(Tally.byKey(rows, APPLICATION, true)));
    Future<RowSet<Row>> overdue = query("openRollup", filter.days(by.key, today));
    Future<RowSet<Row>> tags = query("badTagRollup", filter.rollup(daysOnly, by.key));
    Future<Map<String, String>> regionNames = by == Dimension.REGION ? regionNames(filter.regionPrefix())
        : Future.succeededFuture(Map.of());
    return Future.all(services, apps, overdue, tags, regionNames).map(all -> {
      Map<String, Tally> appRows = all.resultAt(1);
      Map<String, Row> overdueRows = byKey(all.resultAt(2));
      Map<String, JsonArray> tagRows = tagsByKey(all.resultAt(3));
      Map<String, ServiceInfo> known = all.resultAt(0);
      Map<String, String> names = all.resultAt(4);
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
        Row overdueRow = overdueRows.get(key);
        row.mergeIn(applicationFigures(appRows.get(key), overdueRow == null ? 0 : overdueRow.getLong("overdue"),
            tagRows.getOrDefault(key, new JsonArray())));
        out.add(row);
      }
      return out;
    });
  }

  /** The groups that hold applications (a key whose rows add up to none is not one). */
  private static Map<String, Tally> received(Map<String, Tally> tallies) {
    tallies.values().removeIf(t -> t.get("received") == 0);
    return tallies;
  }

  /** The keys of an application breakdown: every published service in scope, every period of a closed window, or what has data. */
  private static List<String> keys(Dimension by, Filter filter, Map<String, Tally> appRows, Map<String, ServiceInfo> known) {
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

  static JsonObject applicationFigures(Tally a, long overdue, JsonArray tags) {
    long received = a == null ? 0 : a.get("received");
    long completed = a == null ? 0 : a.get("completed");
    long rejected = a == null ? 0 : a.get("rejected");
    JsonObject applications = new JsonObject().put("received", received).put("completed", completed)
        .put("rejected", rejected)
        .put("completionRate", ServiceStats.share(completed, received))
        .put("rejectionRate", ServiceStats.share(rejected, received))
        .put("supplementRate", ServiceStats.share(a == null ? 0 : a.get("supplemented"), received));
    JsonObject handling = new JsonObject().put("ended", a == null ? 0 : a.get("ended"))
        .put("meanHours", a == null ? null : a.meanHours("handling_us", "ended"))
        .put("medianHours", a == null ? null : a.percentileHours(0.5))
        .put("p90Hours", a == null ? null : a.percentileHours(0.9))
        .put("onTimeShare", a == null ? null : ServiceStats.share(a.get("on_time"), a.get("ended_with_due")));
    return new JsonObject().put("applications", applications).put("handling", handling)
        .put("overdueOpenSteps", overdue)
        .put("ratings", ratings(a, tags));
  }

  static JsonObject ratings(Tally r, JsonArray tags) {
    long count = r == null ? 0 : r.get("ratings");
    JsonObject distribution = new JsonObject();
    long bad = 0;
    for (int score = 1; score <= 5; score++) {
      long n = r == null ? 0 : r.get("s" + score);
      distribution.put(String.valueOf(score), n);
      bad += score <= 2 ? n : 0;
    }
    long sum = r == null ? 0L : r.get("score_sum");
    return new JsonObject().put("count", count).put("scoreSum", sum)
        .put("mean", count == 0 ? null : ServiceStats.round((double) sum / count, 100))
        .put("distribution", distribution).put("bad", bad).put("badShare", ServiceStats.share(bad, count))
        .put("badTags", tags);
  }

  /** The steps of a group: their figures summed, and how many are open with a due date and overdue now. */
  record StepGroup(Tally steps, long openWithDue, long overdue) {}

  /** The step groups by {@code by} (step, branch, release and step, or department), in key order. */
  Future<Map<String, StepGroup>> stepGroups(Dimension by, Filter filter, LocalDate today) {
    Future<RowSet<Row>> steps = query("stepRollup", filter.rollup(false, by.key));
    Future<RowSet<Row>> open = query("openStepRollup", filter.days(by.key, today));
    return Future.all(steps, open).map(all -> {
      Map<String, Tally> tallies = Tally.byKey(all.resultAt(0), STEP, true);
      tallies.values().removeIf(t -> t.get("steps") == 0);
      Map<String, Row> openRows = byKey(all.resultAt(1));
      Map<String, StepGroup> out = new LinkedHashMap<>();
      tallies.forEach((key, t) -> {
        Row o = openRows.get(key);
        out.put(key, new StepGroup(t, o == null ? 0 : o.getLong("open_with_due"), o == null ? 0 : o.getLong("overdue")));
      });
      return out;
    });
  }

  private Future<JsonArray> steps(Dimension by, Filter filter, LocalDate today, Map<String, ServiceInfo> known) {
    Future<Map<String, StepGroup>> steps = stepGroups(by, filter, today);
    boolean branch = by == Dimension.BRANCH;
    Future<RowSet<Row>> handling = branch ? query("branchRollup", filter.rollup(false)) : Future.succeededFuture(null);
    Future<RowSet<Row>> ratings = branch ? query("matterRollup", filter.rollup(false)) : Future.succeededFuture(null);
    Future<RowSet<Row>> tags = branch ? query("matterBadTags", filter.rollup(false)) : Future.succeededFuture(null);
    return Future.all(steps, handling, ratings, tags).map(all -> {
      Map<String, Tally> handlingRows = branch ? Tally.byKey(all.resultAt(1), BRANCH, true) : Map.of();
      Map<String, Tally> ratingRows = branch ? Tally.byKey(all.resultAt(2), MATTER, false) : Map.of();
      Map<String, JsonArray> tagRows = branch ? tagsByKey(all.resultAt(3)) : Map.of();
      JsonArray out = new JsonArray();
      for (Map.Entry<String, StepGroup> e : all.<Map<String, StepGroup>>resultAt(0).entrySet()) {
        String key = e.getKey();
        Tally r = e.getValue().steps();
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
                .put("stepId", step[1]).put("name", r.name());
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
                  .put("name", r.name()).put("department", r.department())
                  .put("departmentName", Departments.name(r.department()))
                  .put("timeLimitDays", s == null ? null : s.timeLimitDays(step[0], step[1]));
            }
          }
        }
        row.mergeIn(stepFigures(e.getValue()));
        if (branch) {
          Tally h = handlingRows.get(key);
          row.put("handling", new JsonObject().put("ended", h == null ? 0 : h.get("ended"))
              .put("meanHours", h == null ? null : h.meanHours("handling_us", "ended"))
              .put("medianHours", h == null ? null : h.percentileHours(0.5))
              .put("p90Hours", h == null ? null : h.percentileHours(0.9)));
          row.put("ratings", ratings(ratingRows.get(key), tagRows.getOrDefault(key, new JsonArray())));
        }
        out.add(row);
      }
      return out;
    });
  }

  static JsonObject stepFigures(StepGroup g) {
    Tally r = g.steps();
    long worked = r.get("worked");
    long withDue = r.get("worked_with_due");
    long late = r.get("late");
    long overdue = g.overdue();
    return new JsonObject().put("worked", worked).put("rejected", r.get("rejected"))
        .put("rejectionRate", ServiceStats.share(r.get("rejected"), worked))
        .put("supplementRate", ServiceStats.share(r.get("supplemented"), worked))
        .put("handling", new JsonObject().put("ended", r.get("timed")).put("meanHours", r.meanHours("handling_us", "timed"))
            .put("medianHours", r.percentileHours(0.5)).put("p90Hours", r.percentileHours(0.9)))
        .put("onTimeShare", ServiceStats.share(withDue - late, withDue))
        .put("overdueNow", overdue)
        .put("overdueShare", ServiceStats.share(late + overdue, withDue + g.openWithDue()));
  }

  Future<Map<String, String>> regionNames(String prefix) {
    return query("regionNames", Tuple.of(prefix)).map(rows -> {
      Map<String, String> out = new HashMap<>();
      rows.forEach(r -> out.put(r.getString("id"), r.getString("name")));
      return out;
    });
  }

  /** One query: the rollups are small, so none needs more than the default memory to sort. */
  Future<RowSet<Row>> query(String name, Tuple args) {
    return pool.preparedQuery(SQL.get(name)).execute(args);
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
}
