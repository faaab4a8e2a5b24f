package cn.onething.stats;

import static cn.onething.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.apply.Submissions;
import cn.onething.db.DatabaseUrl;
import cn.onething.stats.StatsHistory.App;
import cn.onething.stats.StatsHistory.ServiceDef;
import cn.onething.stats.StatsHistory.Step;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A generated history (3,000 applications over four services in three regions, with their steps,
 * 补正 events and ratings at known times) written into the runtime's tables; every breakdown,
 * the hotspots, the before/after comparison, the reduction report and the template adoption are
 * checked exactly against figures this test computes from the same history by its own code. Then
 * every way of asking wrongly: other regions and roles, unknown services, bad parameters.
 */
@ExtendWith(ServerExtension.class)
class StatsBreakdownsTest {
  static final LocalDate START = LocalDate.of(2026, 1, 5);
  static final int DAYS = 150;
  static final int COUNT = 3000;
  static final List<App> HISTORY = StatsHistory.generate(20261127L, START, DAYS, COUNT);
  static final LocalDate FROM = LocalDate.of(2026, 2, 1);
  static final LocalDate TO = LocalDate.of(2026, 4, 30);
  static final String WINDOW = "&from=" + FROM + "&to=" + TO;

  @BeforeAll
  static void history(TestServer server) throws Exception {
    DatabaseUrl db = DatabaseUrl.parse(server.databaseUrl());
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      StatsHistory.write(c, HISTORY, START, DAYS);
    }
  }

  // --- the figures, computed here from HISTORY with the definitions of docs/stats.md -------------

  static LocalDate today() {
    return Submissions.today();
  }

  /**
   * A duration as the figures count it for medians and p90s (docs/stats.md): cut down to 0.1 h
   * below 10 h, to whole hours from 10 h to 1,000 h, to 10 h above.
   */
  static double counted(double hours) {
    long seconds = Math.max(0, Math.round(hours * 3600));
    if (seconds < 36_000) {
      return (seconds / 360) / 10.0;
    }
    return seconds < 3_600_000 ? (double) (seconds / 3600) : (seconds / 36_000) * 10.0;
  }

  /** percentile_cont (linear interpolation between the closest ranks) over the counted durations. */
  static double percentile(List<Double> values, double fraction) {
    List<Double> sorted = values.stream().map(StatsBreakdownsTest::counted).sorted().toList();
    double position = fraction * (sorted.size() - 1);
    int lower = (int) Math.floor(position);
    int upper = (int) Math.ceil(position);
    return sorted.get(lower) + (position - lower) * (sorted.get(upper) - sorted.get(lower));
  }

  static Double share(long part, long whole) {
    return whole == 0 ? null : Math.round((double) part / whole * 10_000) / 10_000.0;
  }

  static Double round(Double v, int scale) {
    return v == null ? null : Math.round(v * scale) / (double) scale;
  }

  static double hours(OffsetDateTime from, OffsetDateTime to) {
    return Duration.between(from, to).toSeconds() / 3600.0;
  }

  static LocalDate chinaDate(OffsetDateTime t) {
    return t.atZoneSameInstant(StatsHistory.CHINA).toLocalDate();
  }

  /** mean, median and p90 of hours, to one decimal; nulls when there is none. */
  static JsonObject timing(List<Double> hours, String countName) {
    return new JsonObject().put(countName, (long) hours.size())
        .put("meanHours", hours.isEmpty() ? null : round(hours.stream().mapToDouble(d -> d).sum() / hours.size(), 10))
        .put("medianHours", hours.isEmpty() ? null : round(percentile(hours, 0.5), 10))
        .put("p90Hours", hours.isEmpty() ? null : round(percentile(hours, 0.9), 10));
  }

  static boolean inWindow(App a, LocalDate from, LocalDate to) {
    return (from == null || !a.submittedDate().isBefore(from)) && (to == null || !a.submittedDate().isAfter(to));
  }

  static List<App> apps(Predicate<App> which) {
    return HISTORY.stream().filter(which).toList();
  }

  static JsonObject ratings(List<StatsHistory.Rating> rated) {
    JsonObject distribution = new JsonObject();
    for (int score = 1; score <= 5; score++) {
      int sc = score;
      distribution.put(String.valueOf(score), rated.stream().filter(r -> r.score() == sc).count());
    }
    long bad = rated.stream().filter(r -> r.score() <= 2).count();
    long sum = rated.stream().mapToLong(StatsHistory.Rating::score).sum();
    return new JsonObject().put("count", (long) rated.size()).put("scoreSum", sum)
        .put("mean", rated.isEmpty() ? null : round((double) sum / rated.size(), 100))
        .put("distribution", distribution).put("bad", bad).put("badShare", share(bad, rated.size()));
  }

  static Map<String, Long> badTags(List<StatsHistory.Rating> rated) {
    return rated.stream().filter(r -> r.score() <= 2).flatMap(r -> r.tags().stream())
        .collect(Collectors.groupingBy(t -> t, Collectors.counting()));
  }

  /** The application figures of a group of applications. */
  static JsonObject applicationFigures(List<App> apps) {
    long received = apps.size();
    long completed = apps.stream().filter(a -> a.status.equals("completed") || a.status.equals("partly-completed")).count();
    long rejected = apps.stream().filter(a -> a.status.equals("rejected")).count();
    long supplemented = apps.stream().filter(a -> a.steps.stream().anyMatch(s -> s.supplements > 0)).count();
    List<App> ended = apps.stream().filter(a -> a.completed != null).toList();
    long onTime = ended.stream().filter(a -> !chinaDate(a.completed).isAfter(a.due)).count();
    JsonObject handling = timing(ended.stream().map(a -> hours(a.submitted, a.completed)).toList(), "ended")
        .put("onTimeShare", share(onTime, ended.size()));
    long overdue = apps.stream().flatMap(a -> a.steps.stream()).filter(s -> s.open() && s.due.isBefore(today())).count();
    List<StatsHistory.Rating> rated = apps.stream().map(a -> a.rating).filter(r -> r != null).toList();
    return new JsonObject()
        .put("applications", new JsonObject().put("received", received).put("completed", completed).put("rejected", rejected)
            .put("completionRate", share(completed, received)).put("rejectionRate", share(rejected, received))
            .put("supplementRate", share(supplemented, received)))
        .put("handling", handling).put("overdueOpenSteps", overdue).put("ratings", ratings(rated));
  }

  record StepOf(App app, Step step) {}

  /** The step figures of a group of step instances. */
  static JsonObject stepFigures(List<StepOf> steps) {
    List<Step> s = steps.stream().map(StepOf::step).toList();
    long worked = s.stream().filter(Step::worked).count();
    long rejected = s.stream().filter(x -> x.status.equals("rejected")).count();
    long supplemented = s.stream().filter(x -> x.supplements > 0).count();
    long withDue = s.stream().filter(x -> x.worked() && x.due != null).count();
    long late = s.stream().filter(x -> x.worked() && chinaDate(x.completed).isAfter(x.due)).count();
    long openWithDue = s.stream().filter(x -> x.open() && x.due != null).count();
    long overdue = s.stream().filter(x -> x.open() && x.due.isBefore(today())).count();
    return new JsonObject().put("worked", worked).put("rejected", rejected)
        .put("rejectionRate", share(rejected, worked)).put("supplementRate", share(supplemented, worked))
        .put("handling", timing(s.stream().filter(Step::worked).map(x -> hours(x.activated, x.completed)).toList(), "ended"))
        .put("onTimeShare", share(withDue - late, withDue)).put("overdueNow", overdue)
        .put("overdueShare", share(late + overdue, withDue + openWithDue));
  }

  static Map<String, List<StepOf>> stepsBy(List<App> apps, Function<StepOf, String> key) {
    Map<String, List<StepOf>> out = new LinkedHashMap<>();
    apps.forEach(a -> a.steps.forEach(s -> out.computeIfAbsent(key.apply(new StepOf(a, s)), k -> new ArrayList<>())
        .add(new StepOf(a, s))));
    return out;
  }

  /** A matter branch's handling per application: first activation to last end of its worked steps, once it has ended. */
  static JsonObject branchHandling(List<StepOf> steps) {
    Map<String, List<Step>> byApp = new LinkedHashMap<>();
    steps.forEach(s -> byApp.computeIfAbsent(s.app().id, k -> new ArrayList<>()).add(s.step()));
    List<Double> hours = new ArrayList<>();
    for (List<Step> s : byApp.values()) {
      boolean open = s.stream().anyMatch(x -> List.of("waiting", "active", "claimed", "supplement").contains(x.status));
      List<Step> worked = s.stream().filter(Step::worked).toList();
      if (!open && !worked.isEmpty()) {
        hours.add(hours(worked.stream().map(x -> x.activated).min(OffsetDateTime::compareTo).orElseThrow(),
            worked.stream().map(x -> x.completed).max(OffsetDateTime::compareTo).orElseThrow()));
      }
    }
    return timing(hours, "ended");
  }

  static ServiceDef def(String key) {
    return StatsHistory.SERVICES.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
  }

  // --- helpers over the answers --------------------------------------------------------------------

  static JsonArray rows(Reply reply) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.text()).doesNotContain(StatsHistory.SECRET_ID, StatsHistory.SECRET_MOBILE);
    return reply.json().getJsonArray("rows");
  }

  static Map<String, JsonObject> byKey(JsonArray rows) {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    rows.forEach(o -> out.put(((JsonObject) o).getString("key"), (JsonObject) o));
    return out;
  }

  /** The application figures of an answer's row, bad tags aside (their order among equal counts is the database's). */
  static void assertApplicationFigures(JsonObject row, List<App> apps) {
    JsonObject expected = applicationFigures(apps);
    assertThat(row.getJsonObject("applications")).as(row.getString("key")).isEqualTo(expected.getJsonObject("applications"));
    assertThat(row.getJsonObject("handling")).as(row.getString("key")).isEqualTo(expected.getJsonObject("handling"));
    assertThat(row.getLong("overdueOpenSteps")).as(row.getString("key")).isEqualTo(expected.getLong("overdueOpenSteps"));
    JsonObject ratings = row.getJsonObject("ratings").copy();
    JsonArray tags = (JsonArray) ratings.remove("badTags");
    assertThat(ratings).as(row.getString("key")).isEqualTo(expected.getJsonObject("ratings"));
    assertTags(tags, badTags(apps.stream().map(a -> a.rating).filter(r -> r != null).toList()));
  }

  static void assertTags(JsonArray tags, Map<String, Long> expected) {
    Map<String, Long> actual = new HashMap<>();
    List<Long> counts = new ArrayList<>();
    tags.forEach(o -> {
      actual.put(((JsonObject) o).getString("tag"), ((JsonObject) o).getLong("count"));
      counts.add(((JsonObject) o).getLong("count"));
    });
    assertThat(actual).isEqualTo(expected);
    assertThat(counts).isSortedAccordingTo(Comparator.reverseOrder());
  }

  static JsonObject withoutNames(JsonObject row, String... names) {
    JsonObject copy = row.copy();
    for (String n : List.of("key", "region", "slug", "title", "branch", "branchTitle", "step", "stepId", "name", "department",
        "departmentName", "timeLimitDays", "ratings", "rank", "value")) {
      copy.remove(n);
    }
    for (String n : names) {
      copy.remove(n);
    }
    return copy;
  }

  // --- the tests ----------------------------------------------------------------------------------

  @Test
  void theHistoryIsLargeAndVaried() {
    assertThat(HISTORY).hasSize(COUNT);
    assertThat(HISTORY.stream().map(a -> a.status).distinct()).contains("completed", "partly-completed", "rejected", "in-progress");
    assertThat(HISTORY.stream().filter(a -> a.rating != null).count()).isGreaterThan(1000);
  }

  @Test
  void perServiceEveryFigureMatches(TestServer server) {
    Map<String, JsonObject> rows = byKey(rows(server.get("/api/stats/figures?by=service" + WINDOW).as("admin-330000").send()));
    assertThat(rows.keySet()).containsExactly("330000/hukou-stats", "330000/newborn-stats", "330100/newborn-hz");
    for (String key : rows.keySet()) {
      JsonObject row = rows.get(key);
      assertApplicationFigures(row, apps(a -> a.service.key().equals(key) && inWindow(a, FROM, TO)));
      ServiceDef s = def(key);
      assertThat(row.getString("title")).isEqualTo(s.title());
      assertThat(row.getInteger("promisedWorkingDays")).isEqualTo(s.figures().getJsonObject("workingDays").getInteger("promised"));
      assertThat(row.getInteger("offlineVisits")).isEqualTo(s.figures().getJsonObject("offlineVisits").getInteger("service"));
    }
    // The national auditor sees every region; without a window every application counts.
    Map<String, JsonObject> all = byKey(rows(server.get("/api/stats/figures?by=service").as("auditor-national").send()));
    assertThat(all).hasSize(4);
    assertApplicationFigures(all.get("440000/newborn-gd"), apps(a -> a.service.region().equals("440000")));
    // One service only.
    Map<String, JsonObject> one = byKey(rows(server.get("/api/stats/figures?service=330100/newborn-hz").as("admin-330100").send()));
    assertThat(one.keySet()).containsExactly("330100/newborn-hz");
    assertApplicationFigures(one.get("330100/newborn-hz"), apps(a -> a.service.region().equals("330100")));
  }

  /**
   * The rollups (V11) move in the writer's own transaction — an application ending, a step worked,
   * each counts at once, and undoing it takes it away — and folding their delta rows (the server
   * does it every minute) or rebuilding them from the raw rows changes no figure.
   */
  @Test
  void rollupsAreFreshAndFoldingOrRebuildingChangesNothing(TestServer server) throws Exception {
    List<String> asks = List.of("/api/stats/figures?by=service", "/api/stats/figures?by=step",
        "/api/stats/figures?by=branch", "/api/stats/figures?by=department", "/api/stats/figures?by=month" + WINDOW,
        "/api/stats/figures?by=week" + WINDOW, "/api/stats/hotspots?min=1" + WINDOW);
    Function<String, JsonObject> ask = path -> {
      Reply r = server.get(path).as("auditor-national").send();
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      return r.json();
    };
    List<JsonObject> before = asks.stream().map(ask).toList();
    DatabaseUrl db = DatabaseUrl.parse(server.databaseUrl());
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        java.sql.Statement s = c.createStatement()) {
      s.execute("SELECT stats_compact()");
      assertThat(asks.stream().map(ask).toList()).isEqualTo(before);
      try (java.sql.ResultSet left = s.executeQuery("SELECT count(*) FROM stats_step_rollup WHERE delta")) {
        left.next();
        assertThat(left.getLong(1)).isZero();
      }
      s.execute("SELECT stats_rebuild()");
      assertThat(asks.stream().map(ask).toList()).isEqualTo(before);

      App open = HISTORY.stream().filter(a -> a.completed == null && a.status.equals("in-progress")).findFirst().orElseThrow();
      JsonObject all = ask.apply("/api/stats/figures?by=all").getJsonArray("rows").getJsonObject(0);
      s.executeUpdate("UPDATE application SET status = 'completed', completed_at = submitted_at + interval '30 hours' "
          + "WHERE id = '" + open.id + "'");
      JsonObject ended = ask.apply("/api/stats/figures?by=all").getJsonArray("rows").getJsonObject(0);
      assertThat(ended.getJsonObject("applications").getLong("completed"))
          .isEqualTo(all.getJsonObject("applications").getLong("completed") + 1);
      assertThat(ended.getJsonObject("handling").getLong("ended")).isEqualTo(all.getJsonObject("handling").getLong("ended") + 1);
      // What the triggers wrote is what a rebuild from the raw rows says.
      List<JsonObject> changed = asks.stream().map(ask).toList();
      s.execute("SELECT stats_rebuild()");
      assertThat(asks.stream().map(ask).toList()).isEqualTo(changed);
      s.executeUpdate("UPDATE application SET status = '" + open.status + "', completed_at = NULL WHERE id = '" + open.id + "'");
      assertThat(ask.apply("/api/stats/figures?by=all").getJsonArray("rows").getJsonObject(0)).isEqualTo(all);

      Step step = open.steps.stream().filter(Step::open).findFirst().orElseThrow();
      String key = open.service.key() + "|" + step.branch + "#" + step.def.id();
      JsonObject stepBefore = byKey(ask.apply("/api/stats/figures?by=step").getJsonArray("rows")).get(key);
      s.executeUpdate("UPDATE step_instance SET status = 'done', completed_at = activated_at + interval '2 hours' "
          + "WHERE id = " + step.id);
      JsonObject worked = byKey(ask.apply("/api/stats/figures?by=step").getJsonArray("rows")).get(key);
      assertThat(worked.getLong("worked")).isEqualTo(stepBefore.getLong("worked") + 1);
      assertThat(worked.getJsonObject("handling").getLong("ended"))
          .isEqualTo(stepBefore.getJsonObject("handling").getLong("ended") + 1);
      changed = asks.stream().map(ask).toList();
      s.execute("SELECT stats_rebuild()");
      assertThat(asks.stream().map(ask).toList()).isEqualTo(changed);
      s.executeUpdate("UPDATE step_instance SET status = '" + step.status + "', completed_at = NULL WHERE id = " + step.id);
      s.execute("SELECT stats_compact()");
      assertThat(asks.stream().map(ask).toList()).isEqualTo(before);
    }
  }

  @Test
  void perRegionAndPerPeriod(TestServer server) {
    JsonArray total = rows(server.get("/api/stats/figures?by=all" + WINDOW).as("admin-330000").send());
    assertThat(total).hasSize(1);
    assertApplicationFigures(total.getJsonObject(0), apps(a -> a.service.region().startsWith("33") && inWindow(a, FROM, TO)));
    Map<String, JsonObject> regions = byKey(rows(server.get("/api/stats/figures?by=region" + WINDOW).as("auditor-national").send()));
    assertThat(regions.keySet()).containsExactlyInAnyOrder("330000", "330100", "440000");
    assertThat(regions.get("330000").getString("regionName")).isEqualTo("浙江省");
    for (String region : regions.keySet()) {
      assertApplicationFigures(regions.get(region), apps(a -> a.service.region().equals(region) && inWindow(a, FROM, TO)));
    }

    // Months of a closed window, every one of them even when empty.
    JsonArray months = rows(server.get("/api/stats/figures?by=month&region=330000&from=2025-12-01&to=2026-07-31")
        .as("auditor-330000").send());
    assertThat(months.stream().map(o -> ((JsonObject) o).getString("period")))
        .containsExactly("2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07");
    for (Object o : months) {
      JsonObject row = (JsonObject) o;
      String month = row.getString("period");
      assertApplicationFigures(row, apps(a -> a.service.region().startsWith("33") && a.submittedDate().toString().startsWith(month)));
    }
    assertThat(months.getJsonObject(0).getJsonObject("applications").getLong("received")).isZero();

    // Weeks (from Monday) and days of one service.
    JsonArray weeks = rows(server.get("/api/stats/figures?by=week&service=330000/newborn-stats" + WINDOW).as("admin-330000").send());
    for (Object o : weeks) {
      JsonObject row = (JsonObject) o;
      LocalDate monday = LocalDate.parse(row.getString("period"));
      assertApplicationFigures(row, apps(a -> a.service.key().equals("330000/newborn-stats") && inWindow(a, FROM, TO)
          && a.submittedDate().with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY)).equals(monday)));
    }
    assertThat(weeks.getJsonObject(0).getString("period")).isEqualTo("2026-01-26");
    JsonArray days = rows(server.get("/api/stats/figures?by=day&service=330000/newborn-stats&from=2026-03-01&to=2026-03-10")
        .as("admin-330000").send());
    assertThat(days).hasSize(10);
    for (Object o : days) {
      JsonObject row = (JsonObject) o;
      assertApplicationFigures(row, apps(a -> a.service.key().equals("330000/newborn-stats")
          && a.submittedDate().toString().equals(row.getString("period"))));
    }
  }

  @Test
  void perStepBranchAndDepartment(TestServer server) {
    List<App> scoped = apps(a -> a.service.region().startsWith("33") && inWindow(a, FROM, TO));
    Map<String, JsonObject> steps = byKey(rows(server.get("/api/stats/figures?by=step" + WINDOW).as("admin-330000").send()));
    Map<String, List<StepOf>> expectedSteps = stepsBy(scoped, s -> s.step().key(s.app()));
    assertThat(steps.keySet()).containsExactlyInAnyOrderElementsOf(expectedSteps.keySet());
    for (var e : expectedSteps.entrySet()) {
      JsonObject row = steps.get(e.getKey());
      assertThat(withoutNames(row)).as(e.getKey()).isEqualTo(stepFigures(e.getValue()));
      assertThat(row.getInteger("timeLimitDays")).isEqualTo(e.getValue().get(0).step().def.limitDays());
      assertThat(row.getString("name")).isEqualTo(e.getValue().get(0).step().def.name());
    }
    assertThat(steps.get("330000/newborn-stats|nhc/birth-medical-certificate#review").getString("branchTitle")).isEqualTo("出生医学证明");

    Map<String, JsonObject> branches = byKey(rows(server.get("/api/stats/figures?by=branch" + WINDOW).as("admin-330000").send()));
    Map<String, List<StepOf>> expectedBranches = stepsBy(scoped, s -> s.app().service.key() + "|" + s.step().branch);
    assertThat(branches.keySet()).containsExactlyInAnyOrderElementsOf(expectedBranches.keySet());
    for (var e : expectedBranches.entrySet()) {
      JsonObject row = branches.get(e.getKey());
      JsonObject expected = stepFigures(e.getValue()).put("handling", branchHandling(e.getValue()));
      assertThat(withoutNames(row)).as(e.getKey()).isEqualTo(expected);
      String matter = e.getKey().substring(e.getKey().indexOf('|') + 1);
      String service = e.getKey().substring(0, e.getKey().indexOf('|'));
      List<StatsHistory.Rating> rated = scoped.stream().filter(a -> a.service.key().equals(service) && a.rating != null
          && a.rating.matters().contains(matter)).map(a -> a.rating).toList();
      JsonObject ratings = row.getJsonObject("ratings").copy();
      assertTags((JsonArray) ratings.remove("badTags"), badTags(rated));
      assertThat(ratings).as(e.getKey()).isEqualTo(ratings(rated));
    }

    Map<String, JsonObject> departments = byKey(rows(server.get("/api/stats/figures?by=department" + WINDOW)
        .as("admin-330000").send()));
    Map<String, List<StepOf>> expectedDepartments = stepsBy(scoped, s -> s.app().service.region() + "|" + s.step().def.department());
    assertThat(departments.keySet()).containsExactlyInAnyOrderElementsOf(expectedDepartments.keySet());
    for (var e : expectedDepartments.entrySet()) {
      assertThat(withoutNames(departments.get(e.getKey()))).as(e.getKey()).isEqualTo(stepFigures(e.getValue()));
    }
    assertThat(departments.get("330000|health").getString("departmentName")).isNotBlank();
  }

  @Test
  void hotspotsAreRankedWithTheirFigures(TestServer server) {
    Reply reply = server.get("/api/stats/hotspots?limit=5&min=20" + WINDOW).as("auditor-330000").send();
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonObject body = reply.json();
    List<App> scoped = apps(a -> a.service.region().startsWith("33") && inWindow(a, FROM, TO));
    Map<String, JsonObject> steps = new LinkedHashMap<>();
    stepsBy(scoped, s -> s.step().key(s.app())).forEach((k, v) -> steps.put(k, stepFigures(v).put("key", k)));
    Map<String, JsonObject> branches = new LinkedHashMap<>();
    stepsBy(scoped, s -> s.app().service.key() + "|" + s.step().branch).forEach((k, v) -> {
      String service = k.substring(0, k.indexOf('|'));
      String matter = k.substring(k.indexOf('|') + 1);
      long bad = scoped.stream().filter(a -> a.service.key().equals(service) && a.rating != null && a.rating.score() <= 2
          && a.rating.matters().contains(matter)).count();
      branches.put(k, stepFigures(v).put("handling", branchHandling(v)).put("key", k).put("bad", bad));
    });
    assertRanking(body.getJsonObject("steps").getJsonArray("slowest"), steps,
        r -> r.getJsonObject("handling").getDouble("p90Hours"));
    assertRanking(body.getJsonObject("steps").getJsonArray("mostOverdue"), steps, r -> r.getDouble("overdueShare"));
    assertRanking(body.getJsonObject("matters").getJsonArray("slowest"), branches,
        r -> r.getJsonObject("handling").getDouble("p90Hours"));
    assertRanking(body.getJsonObject("matters").getJsonArray("mostOverdue"), branches, r -> r.getDouble("overdueShare"));
    assertRanking(body.getJsonObject("matters").getJsonArray("mostBadRatings"), branches,
        r -> r.getLong("bad") == 0 ? null : (double) r.getLong("bad"));
    JsonObject first = body.getJsonObject("steps").getJsonArray("slowest").getJsonObject(0);
    assertThat(first.getInteger("rank")).isEqualTo(1);
    assertThat(first.getString("title")).isNotBlank();
    assertThat(first.getString("name")).isNotBlank();
  }

  static void assertRanking(JsonArray actual, Map<String, JsonObject> rows, Function<JsonObject, Double> metric) {
    List<JsonObject> expected = rows.values().stream().filter(r -> r.getLong("worked") >= 20)
        .filter(r -> metric.apply(r) != null && metric.apply(r) > 0)
        .sorted(Comparator.comparing((JsonObject r) -> metric.apply(r)).reversed().thenComparing(r -> r.getString("key")))
        .limit(5).toList();
    assertThat(actual.stream().map(o -> ((JsonObject) o).getString("key")))
        .containsExactlyElementsOf(expected.stream().map(r -> r.getString("key")).toList());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.getJsonObject(i).getDouble("value")).isEqualTo(metric.apply(expected.get(i)));
      assertThat(actual.getJsonObject(i).getJsonObject("handling")).isEqualTo(expected.get(i).getJsonObject("handling"));
      assertThat(actual.getJsonObject(i).getLong("worked")).isEqualTo(expected.get(i).getLong("worked"));
    }
  }

  @Test
  void theSecondReleaseShortenedHandling(TestServer server) {
    Reply reply = server.get("/api/stats/services/330000/newborn-stats/releases/2/effect").as("admin-330000").send();
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonObject body = reply.json();
    List<App> before = apps(a -> a.service.key().equals("330000/newborn-stats") && a.release == 1);
    List<App> after = apps(a -> a.service.key().equals("330000/newborn-stats") && a.release == 2);
    assertThat(before).isNotEmpty();
    assertThat(after).isNotEmpty();
    assertApplicationFigures(body.getJsonObject("before"), before);
    assertApplicationFigures(body.getJsonObject("after"), after);
    double b = applicationFigures(before).getJsonObject("handling").getDouble("medianHours");
    double a = applicationFigures(after).getJsonObject("handling").getDouble("medianHours");
    assertThat(body.getJsonObject("change").getDouble("medianHours")).isEqualTo(round(a - b, 10_000));
    assertThat(body.getJsonObject("change").getBoolean("shorter")).isTrue();
    JsonObject review = body.getJsonArray("steps").stream().map(o -> (JsonObject) o)
        .filter(s -> s.getString("step").equals("nhc/birth-medical-certificate#review")).findFirst().orElseThrow();
    Function<List<App>, Double> reviewMedian = list -> round(percentile(list.stream().flatMap(x -> x.steps.stream())
        .filter(s -> s.branch.equals("nhc/birth-medical-certificate") && s.def.id().equals("review") && s.worked())
        .map(s -> hours(s.activated, s.completed)).toList(), 0.5), 10);
    assertThat(review.getJsonObject("before").getDouble("medianHours")).isEqualTo(reviewMedian.apply(before));
    assertThat(review.getJsonObject("after").getDouble("medianHours")).isEqualTo(reviewMedian.apply(after));
    // The first release has nothing before it.
    JsonObject first = server.get("/api/stats/services/330000/newborn-stats/releases/1/effect").as("admin-330000").send().json();
    assertThat(first.getValue("before")).isNull();
    assertApplicationFigures(first.getJsonObject("after"), before);
  }

  @Test
  void theReductionReportComparesWithTheMembersSum(TestServer server) {
    Reply reply = server.get("/api/stats/reduction").as("admin-330000").send();
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonArray services = reply.json().getJsonArray("services");
    assertThat(services.stream().map(o -> ((JsonObject) o).getString("slug")))
        .containsExactly("hukou-stats", "newborn-stats", "newborn-hz");
    JsonObject newborn = services.getJsonObject(1).getJsonObject("figures");
    assertThat(newborn.getJsonObject("fields")).isEqualTo(new JsonObject().put("service", 28).put("memberSum", 61)
        .put("saved", 33).put("savedShare", share(33, 61)));
    assertThat(newborn.getJsonObject("materials")).isEqualTo(new JsonObject().put("service", 6).put("memberSum", 15)
        .put("saved", 9).put("savedShare", share(9, 15)).put("waived", 4));
    assertThat(newborn.getJsonObject("offlineVisits")).isEqualTo(new JsonObject().put("service", 0).put("memberSum", 4)
        .put("saved", 4).put("savedShare", 1.0));
    assertThat(newborn.getJsonObject("workingDays")).isEqualTo(new JsonObject().put("service", 8).put("memberSum", 15)
        .put("saved", 7).put("savedShare", share(7, 15)));
    assertThat(newborn.getJsonObject("steps").getInteger("saved")).isEqualTo(4);
    JsonArray one = server.get("/api/stats/reduction?service=330100/newborn-hz").as("admin-330000").send().json()
        .getJsonArray("services");
    assertThat(one).hasSize(1);
    assertThat(one.getJsonObject(0).getJsonArray("members")).hasSize(2);
  }

  @Test
  void theCentreSeesEachTemplateAcrossProvinces(TestServer server) {
    Reply reply = server.get("/api/stats/templates").as("auditor-national").send();
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    Map<String, JsonObject> templates = new LinkedHashMap<>();
    reply.json().getJsonArray("templates").forEach(o -> templates.put(((JsonObject) o).getString("template"), (JsonObject) o));
    assertThat(templates.keySet()).containsExactlyInAnyOrder("nhc/newborn-package", "nhc/birth-medical-certificate",
        "mps/birth-registration", "nhsa/newborn-insurance");
    JsonObject birth = templates.get("nhc/birth-medical-certificate");
    assertThat(birth.getString("kind")).isEqualTo("matter");
    assertThat(birth.getJsonArray("provinces")).containsExactly("330000", "440000");
    assertThat(birth.getInteger("provinceCount")).isEqualTo(2);
    assertThat(birth.getInteger("serviceCount")).isEqualTo(3);
    assertThat(birth.getInteger("publishedCount")).isEqualTo(3);
    List<App> using = apps(a -> a.service.matters().contains("nhc/birth-medical-certificate"));
    long completed = using.stream().filter(a -> a.status.equals("completed") || a.status.equals("partly-completed")).count();
    List<StatsHistory.Rating> rated = using.stream().map(a -> a.rating).filter(r -> r != null).toList();
    assertThat(birth.getJsonObject("totals")).isEqualTo(new JsonObject().put("received", (long) using.size())
        .put("completed", completed).put("completionRate", share(completed, using.size())).put("ratings", (long) rated.size())
        .put("ratingMean", round(rated.stream().mapToDouble(StatsHistory.Rating::score).sum() / rated.size(), 100)));
    for (Object o : birth.getJsonArray("services")) {
      JsonObject s = (JsonObject) o;
      String key = s.getString("region") + "/" + s.getString("slug");
      List<App> of = apps(a -> a.service.key().equals(key));
      JsonObject expected = applicationFigures(of);
      assertThat(s.getJsonObject("applications")).isEqualTo(expected.getJsonObject("applications"));
      assertThat(s.getJsonObject("handling")).isEqualTo(expected.getJsonObject("handling"));
      assertThat(s.getString("version")).isEqualTo("1.0.0");
    }
    assertThat(templates.get("nhc/newborn-package").getInteger("serviceCount")).isEqualTo(3);

    // A publisher sees its own templates only.
    Reply nhc = server.get("/api/stats/templates").as("publisher-nhc").send();
    assertThat(nhc.json().getJsonArray("templates").stream().map(o -> ((JsonObject) o).getString("template")))
        .containsExactlyInAnyOrder("nhc/newborn-package", "nhc/birth-medical-certificate");
    assertProblem(server.get("/api/stats/templates?template=nhc/birth-medical-certificate").as("publisher-mps").send(), 403,
        "urn:onething:problem:forbidden");
    assertProblem(server.get("/api/stats/templates").as("admin-330000").send(), 403, "urn:onething:problem:forbidden");
  }

  @Test
  void badRatingsShowTagsAndMaskedComments(TestServer server) {
    Reply reply = server.get("/api/stats/services/330000/newborn-stats/bad-ratings?limit=200").as("auditor-330000").send();
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonArray ratings = reply.json().getJsonArray("ratings");
    long bad = HISTORY.stream().filter(a -> a.service.key().equals("330000/newborn-stats") && a.rating != null
        && a.rating.score() <= 2).count();
    assertThat(ratings).hasSize((int) Math.min(bad, 200));
    assertThat(reply.text()).doesNotContain(StatsHistory.SECRET_ID, StatsHistory.SECRET_MOBILE)
        .contains("330106********1424", "139****5678");
    assertThat(ratings.stream().map(o -> ((JsonObject) o).getInteger("score"))).allMatch(s -> s <= 2);
  }

  @Test
  void otherRegionsAndRolesAreRefused(TestServer server) {
    String forbidden = "urn:onething:problem:forbidden";
    for (String path : List.of("/api/stats/figures?region=330000", "/api/stats/figures?service=330000/newborn-stats",
        "/api/stats/hotspots?region=330000", "/api/stats/reduction?service=330000/newborn-stats",
        "/api/stats/services/330000/newborn-stats/releases/2/effect", "/api/stats/services/330000/newborn-stats/bad-ratings")) {
      assertProblem(server.get(path).as("admin-440000").send(), 403, forbidden);
      assertProblem(server.get(path).as("auditor-440000").send(), 403, forbidden);
      assertProblem(server.get(path).as("clerk-330000-health").send(), 403, forbidden);
      assertProblem(server.get(path).as("citizen-lina").send(), 403, forbidden);
      assertProblem(server.get(path).as("publisher-nhc").send(), 403, forbidden);
      assertProblem(server.get(path).send(), 401, "urn:onething:problem:unauthorized");
    }
    // A city sees its own region, not the province around it.
    assertProblem(server.get("/api/stats/figures?service=330000/newborn-stats").as("admin-330100").send(), 403, forbidden);
    assertProblem(server.get("/api/stats/hotspots?region=330000").as("admin-330100").send(), 403, forbidden);

    String notFound = "urn:onething:problem:not-found";
    assertProblem(server.get("/api/stats/figures?service=330000/no-such").as("admin-330000").send(), 404, notFound);
    assertProblem(server.get("/api/stats/services/330000/newborn-stats/releases/9/effect").as("admin-330000").send(), 404, notFound);
    assertProblem(server.get("/api/stats/services/330000/no-such/bad-ratings").as("admin-330000").send(), 404, notFound);
  }

  @Test
  void badParametersAreNamedWithAPointer(TestServer server) {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("/api/stats/figures?by=year", "/by");
    cases.put("/api/stats/figures?from=March", "/from");
    cases.put("/api/stats/figures?to=2026-13-01", "/to");
    cases.put("/api/stats/figures?from=2026-04-01&to=2026-03-01", "/from");
    cases.put("/api/stats/figures?by=day&from=2020-01-01&to=2026-01-01", "/from");
    cases.put("/api/stats/figures?region=zhejiang", "/region");
    cases.put("/api/stats/figures?service=newborn", "/service");
    cases.put("/api/stats/figures?region=330100&service=330000/newborn-stats", "/service");
    cases.put("/api/stats/hotspots?limit=0", "/limit");
    cases.put("/api/stats/hotspots?limit=many", "/limit");
    cases.put("/api/stats/hotspots?min=-1", "/min");
    cases.put("/api/stats/services/330000/newborn-stats/releases/abc/effect", "/number");
    cases.put("/api/stats/services/330000/newborn-stats/bad-ratings?limit=100000", "/limit");
    cases.put("/api/stats/services/330000/newborn-stats/bad-ratings?from=yesterday", "/from");
    cases.forEach((path, pointer) -> {
      Reply reply = server.get(path).as("admin-330000").send();
      assertProblem(reply, 400, "urn:onething:problem:invalid-input");
      assertThat(reply.json().getJsonArray("errors").getJsonObject(0).getString("pointer")).as(path).isEqualTo(pointer);
      assertThat(reply.json().getJsonArray("errors").getJsonObject(0).getString("message")).as(path).matches(".*\\p{IsHan}.*");
    });
    Reply template = server.get("/api/stats/templates?template=not%20a%20template").as("auditor-national").send();
    assertProblem(template, 400, "urn:onething:problem:invalid-input");
    assertThat(template.json().getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("/template");
  }
}
