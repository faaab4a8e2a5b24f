package cn.onething.stats;

import static cn.onething.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.db.DatabaseUrl;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A known history written straight into the runtime's tables (applications with their steps,
 * 补正 events and ratings at chosen times), then every figure checked against what the test
 * computes from that same history; region scoping and the public page.
 */
@ExtendWith(ServerExtension.class)
class ServiceStatsTest {
  static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  static final ZoneOffset CST = ZoneOffset.ofHours(8);
  static final LocalDate OVERDUE = LocalDate.of(2026, 10, 9);
  static final LocalDate FAR = LocalDate.of(2099, 12, 31);
  static final String SECRET_NAME = "李娜";
  static final String SECRET_ID = "330106199208151424";

  /** One application of the history: status, submitted, hours to its end (null = open), due date, steps, rating. */
  record App(String id, String status, OffsetDateTime submitted, Integer hours, LocalDate due, int supplements,
      int acceptHours, LocalDate acceptDue, Integer reviewHours, String reviewStatus, LocalDate reviewDue,
      Integer score, String[] tags) {
    OffsetDateTime completed() {
      return hours == null ? null : submitted.plusHours(hours);
    }
  }

  static final OffsetDateTime MARCH = OffsetDateTime.of(2026, 3, 2, 9, 0, 0, 0, CST);
  static final LocalDate DUE = LocalDate.of(2026, 3, 6);
  static final List<App> HISTORY = List.of(
      new App("330000-20260302-000001", "completed", MARCH, 10, DUE, 0, 1, FAR, 5, "done", FAR, 5, new String[] {"快"}),
      new App("330000-20260302-000002", "completed", MARCH, 20, DUE, 1, 2, FAR, 8, "done", FAR, 4, new String[] {}),
      // finished a week later than promised; its acceptance was done the day after it was due
      new App("330000-20260302-000003", "completed", MARCH, 174, DUE, 0, 17, MARCH.toLocalDate(), 100, "done", FAR, 1,
          new String[] {"慢", "态度差"}),
      new App("330000-20260302-000004", "rejected", MARCH, 40, DUE, 0, 4, FAR, 30, "rejected", FAR, 2, new String[] {"慢"}),
      // still open, sent back twice, its review overdue now
      new App("330000-20260302-000005", "in-progress", MARCH, null, DUE, 2, 2, FAR, null, "active", OVERDUE, null, null),
      // outside March
      new App("330000-20260415-000001", "completed", OffsetDateTime.of(2026, 4, 15, 9, 0, 0, 0, CST), 100,
          LocalDate.of(2026, 4, 30), 0, 1, FAR, 50, "done", FAR, null, null));

  @BeforeAll
  static void history(TestServer server) throws Exception {
    DatabaseUrl db = DatabaseUrl.parse(server.databaseUrl());
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
      service(s, "330000", "stats-demo", "统计演示一件事", true);
      service(s, "330100", "city-demo", "杭州演示一件事", true);
      service(s, "330000", "draft-demo", "未发布的一件事", false);
      for (App a : HISTORY) {
        insert(c, a);
      }
      insert(c, new App("330100-20260303-000001", "completed", MARCH.plusDays(1), 3, DUE, 0, 1, FAR, 1, "done", FAR, 5,
          new String[] {}), "330100", "city-demo");
    }
  }

  static void service(Statement s, String region, String slug, String title, boolean published) throws Exception {
    s.executeUpdate("INSERT INTO service (region, slug, title, definition, created_by, updated_by) VALUES ('" + region
        + "', '" + slug + "', '" + title + "', '{}', 'test', 'test')");
    if (published) {
      s.executeUpdate("INSERT INTO service_release (region, slug, number, content, content_hash, published_by) VALUES ('"
          + region + "', '" + slug + "', 1, '{\"figures\": {\"workingDays\": {\"promised\": 4}, \"offlineVisits\": "
          + "{\"service\": 1}}}', 'x', 'test')");
      s.executeUpdate("UPDATE service SET active_release = 1 WHERE region = '" + region + "' AND slug = '" + slug + "'");
    }
  }

  static void insert(Connection c, App a) throws Exception {
    insert(c, a, "330000", "stats-demo");
  }

  static void insert(Connection c, App a, String region, String slug) throws Exception {
    try (PreparedStatement p = c.prepareStatement("INSERT INTO application (id, region, service_slug, release_number, "
        + "applicant, channel, data, status, submitted_at, completed_at, due_date) VALUES (?, ?, ?, 1, 'citizen-lina', "
        + "'online', ?::jsonb, ?, ?, ?, ?)")) {
      p.setString(1, a.id());
      p.setString(2, region);
      p.setString(3, slug);
      p.setString(4, new JsonObject().put("name", SECRET_NAME).put("idNumber", SECRET_ID).encode());
      p.setString(5, a.status());
      p.setObject(6, a.submitted());
      p.setObject(7, a.completed());
      p.setObject(8, a.due());
      p.executeUpdate();
    }
    step(c, a, region, "shared", "accept", "受理", "data", "done", a.acceptHours(), a.acceptDue());
    step(c, a, region, "nhc/x", "review", "审核", "health", a.reviewStatus(), a.reviewHours(), a.reviewDue());
    for (int i = 0; i < a.supplements(); i++) {
      try (PreparedStatement p = c.prepareStatement("INSERT INTO application_event (application_id, type, actor, handled_at) "
          + "VALUES (?, 'supplement-requested', 'clerk-330000-health', now())")) {
        p.setString(1, a.id());
        p.executeUpdate();
      }
    }
    if (a.score() != null) {
      try (PreparedStatement p = c.prepareStatement("INSERT INTO rating (application_id, region, service_slug, matters, "
          + "score, tags, comment) VALUES (?, ?, ?, ARRAY['nhc/x'], ?, ?, ?)")) {
        p.setString(1, a.id());
        p.setString(2, region);
        p.setString(3, slug);
        p.setInt(4, a.score());
        p.setArray(5, c.createArrayOf("text", a.tags()));
        p.setString(6, SECRET_NAME + " " + SECRET_ID + " 的评价");
        p.executeUpdate();
      }
    }
  }

  static void step(Connection c, App a, String region, String branch, String step, String name, String dept, String status,
      Integer hours, LocalDate due) throws Exception {
    try (PreparedStatement p = c.prepareStatement("INSERT INTO step_instance (application_id, region, branch, step_id, name, "
        + "type, department, status, due_date, activated_at, completed_at) VALUES (?, ?, ?, ?, ?, 'review', ?, ?, ?, ?, ?)")) {
      p.setString(1, a.id());
      p.setString(2, region);
      p.setString(3, branch);
      p.setString(4, step);
      p.setString(5, name);
      p.setString(6, dept);
      p.setString(7, status);
      p.setObject(8, due);
      p.setObject(9, a.submitted());
      p.setObject(10, hours == null ? null : a.submitted().plusHours(hours));
      p.executeUpdate();
    }
  }

  // --- what the figures must be, computed here from HISTORY -------------------------------------

  /**
   * percentile_cont (linear interpolation between the closest ranks) over the durations as the
   * figures count them: whole hours from 10 h to 1,000 h, 0.1 h below, 10 h above (docs/stats.md).
   */
  static double percentile(List<Integer> values, double fraction) {
    List<Double> sorted = values.stream().map(h -> h < 1000 ? (double) h : (h / 10) * 10.0).sorted().toList();
    double position = fraction * (sorted.size() - 1);
    int lower = (int) Math.floor(position);
    int upper = (int) Math.ceil(position);
    return sorted.get(lower) + (position - lower) * (sorted.get(upper) - sorted.get(lower));
  }

  static double tenth(double v) {
    return Math.round(v * 10) / 10.0;
  }

  static double share(long part, long whole) {
    return Math.round((double) part / whole * 10_000) / 10_000.0;
  }

  static JsonObject service(JsonObject body, String slug) {
    return body.getJsonArray("services").stream().map(o -> (JsonObject) o).filter(s -> slug.equals(s.getString("slug")))
        .findFirst().orElseThrow(() -> new AssertionError(slug + " missing from " + body.encodePrettily()));
  }

  static List<String> slugs(Reply reply) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json().getJsonArray("services").stream().map(o -> ((JsonObject) o).getString("slug")).toList();
  }

  @Test
  void everyServiceFigureMatchesTheHistory(TestServer server) {
    Reply reply = server.get("/api/stats/services?region=330000&from=2026-03-01&to=2026-03-31").as("admin-330000").send();
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonObject s = service(reply.json(), "stats-demo");
    List<App> march = HISTORY.stream().filter(a -> a.submitted().getMonthValue() == 3).toList();
    List<App> ended = march.stream().filter(a -> a.hours() != null).toList();
    List<Integer> hours = ended.stream().map(App::hours).toList();
    long completed = march.stream().filter(a -> a.status().equals("completed")).count();
    long onTime = ended.stream().filter(a -> !a.completed().atZoneSameInstant(CHINA).toLocalDate().isAfter(a.due())).count();
    List<App> rated = march.stream().filter(a -> a.score() != null).toList();

    JsonObject applications = s.getJsonObject("applications");
    assertThat(applications.getLong("received")).isEqualTo(march.size());
    assertThat(applications.getLong("completed")).isEqualTo(completed);
    assertThat(applications.getLong("rejected")).isEqualTo(1);
    assertThat(applications.getDouble("completionRate")).isEqualTo(share(completed, march.size()));
    assertThat(applications.getDouble("supplementRate"))
        .isEqualTo(share(march.stream().filter(a -> a.supplements() > 0).count(), march.size()));
    JsonObject handling = s.getJsonObject("handling");
    assertThat(handling.getLong("ended")).isEqualTo(ended.size());
    assertThat(handling.getDouble("meanHours")).isEqualTo(tenth(hours.stream().mapToInt(i -> i).average().orElseThrow()));
    assertThat(handling.getDouble("medianHours")).isEqualTo(tenth(percentile(hours, 0.5))).isEqualTo(30.0);
    assertThat(handling.getDouble("p90Hours")).isEqualTo(tenth(percentile(hours, 0.9))).isEqualTo(133.8);
    assertThat(handling.getDouble("onTimeShare")).isEqualTo(share(onTime, ended.size())).isEqualTo(0.75);
    assertThat(s.getLong("overdueOpenSteps")).isEqualTo(1);
    assertThat(s.getInteger("offlineVisits")).isEqualTo(1);
    assertThat(s.getInteger("promisedWorkingDays")).isEqualTo(4);
    JsonObject ratings = s.getJsonObject("ratings");
    assertThat(ratings.getLong("count")).isEqualTo(rated.size());
    assertThat(ratings.getDouble("mean")).isEqualTo(rated.stream().mapToInt(App::score).average().orElseThrow());
    for (int score = 1; score <= 5; score++) {
      int sc = score;
      assertThat(ratings.getJsonObject("distribution").getLong(String.valueOf(score)))
          .isEqualTo(rated.stream().filter(a -> a.score() == sc).count());
    }
    assertThat(ratings.getDouble("badShare")).isEqualTo(share(rated.stream().filter(a -> a.score() <= 2).count(), rated.size()));
    assertThat(ratings.getJsonArray("badTags")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("tag", "慢").put("count", 2)).add(new JsonObject().put("tag", "态度差").put("count", 1)));

    // Without a window the April application counts too.
    JsonObject all = service(server.get("/api/stats/services").as("admin-330000").send().json(), "stats-demo");
    assertThat(all.getJsonObject("applications").getLong("received")).isEqualTo(HISTORY.size());
    assertThat(all.getJsonObject("handling").getDouble("medianHours"))
        .isEqualTo(tenth(percentile(HISTORY.stream().map(App::hours).filter(h -> h != null).toList(), 0.5)));
    assertThat(reply.text()).doesNotContain(SECRET_NAME, SECRET_ID);
  }

  @Test
  void stepsAreRankedByTheirSlowestTenth(TestServer server) {
    Reply reply = server.get("/api/stats/services/330000/stats-demo/steps").as("auditor-330000").send();
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonArray steps = reply.json().getJsonArray("steps");
    assertThat(steps.stream().map(o -> ((JsonObject) o).getString("step"))).containsExactly("nhc/x#review", "shared#accept");
    JsonObject review = steps.getJsonObject(0);
    List<Integer> reviewHours = HISTORY.stream().map(App::reviewHours).filter(h -> h != null).toList();
    assertThat(review.getLong("completed")).isEqualTo(reviewHours.size());
    assertThat(review.getDouble("medianHours")).isEqualTo(tenth(percentile(reviewHours, 0.5)));
    assertThat(review.getDouble("p90Hours")).isEqualTo(tenth(percentile(reviewHours, 0.9)));
    assertThat(review.getLong("overdueNow")).isEqualTo(1);
    assertThat(review.getDouble("lateShare")).isEqualTo(0.0);
    JsonObject accept = steps.getJsonObject(1);
    List<Integer> acceptHours = HISTORY.stream().map(App::acceptHours).toList();
    assertThat(accept.getLong("completed")).isEqualTo(HISTORY.size());
    assertThat(accept.getDouble("medianHours")).isEqualTo(tenth(percentile(acceptHours, 0.5)));
    assertThat(accept.getDouble("p90Hours")).isEqualTo(tenth(percentile(acceptHours, 0.9)));
    assertThat(accept.getLong("overdueNow")).isZero();
    assertThat(accept.getDouble("lateShare")).isEqualTo(share(1, HISTORY.size()));
    // A window narrows the steps to the applications submitted in it.
    JsonObject april = server.get("/api/stats/services/330000/stats-demo/steps?from=2026-04-01").as("admin-330000").send()
        .json().getJsonArray("steps").getJsonObject(0);
    assertThat(april.getDouble("p90Hours")).isEqualTo(50.0);

    assertProblem(server.get("/api/stats/services/330000/stats-demo/steps").as("admin-440000").send(), 403,
        "urn:onething:problem:forbidden");
    assertProblem(server.get("/api/stats/services/330000/draft-demo/steps").as("admin-330000").send(), 404,
        "urn:onething:problem:not-found");
  }

  @Test
  void eachReaderSeesTheirRegionAndWhatItEncloses(TestServer server) {
    assertThat(slugs(server.get("/api/stats/services").as("admin-330000").send())).contains("stats-demo", "city-demo")
        .doesNotContain("draft-demo");
    assertThat(slugs(server.get("/api/stats/services").as("admin-330100").send())).containsExactly("city-demo");
    assertThat(slugs(server.get("/api/stats/services?region=330100").as("auditor-330000").send())).containsExactly("city-demo");
    assertThat(slugs(server.get("/api/stats/services").as("auditor-national").send())).contains("stats-demo", "city-demo");
    assertThat(service(server.get("/api/stats/services?region=330100").as("admin-330100").send().json(), "city-demo")
        .getJsonObject("applications").getLong("received")).isEqualTo(1);

    assertProblem(server.get("/api/stats/services?region=330000").as("admin-440000").send(), 403, "urn:onething:problem:forbidden");
    assertProblem(server.get("/api/stats/services?region=330000").as("auditor-440000").send(), 403, "urn:onething:problem:forbidden");
    assertProblem(server.get("/api/stats/services?region=330000").as("admin-330100").send(), 403, "urn:onething:problem:forbidden");
    assertProblem(server.get("/api/stats/services").as("citizen-lina").send(), 403, "urn:onething:problem:forbidden");
    assertProblem(server.get("/api/stats/services").send(), 401, "urn:onething:problem:unauthorized");
    assertProblem(server.get("/api/stats/services?from=March").as("admin-330000").send(), 400, "urn:onething:problem:invalid-input");
    assertProblem(server.get("/api/stats/services?from=2026-04-01&to=2026-03-01").as("admin-330000").send(), 400,
        "urn:onething:problem:invalid-input");
  }

  @Test
  void thePublicPageShowsTheFiguresAndNoOne(TestServer server) {
    Reply page = server.get("/s/330000/performance").send();
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    List<Integer> hours = HISTORY.stream().map(App::hours).filter(h -> h != null).toList();
    String text = page.text();
    assertThat(text).contains("统计演示一件事", String.format(java.util.Locale.ROOT, "%.1f 小时", tenth(percentile(hours, 0.5))),
        "80.0%", "1 次", "3.00（4）");
    // Only the region's own services, and nothing that names or identifies an applicant.
    assertThat(text).doesNotContain("杭州演示一件事", "未发布的一件事", SECRET_NAME, SECRET_ID, "330000-2026");
    assertThat(server.get("/s/330100/performance").send().text()).contains("杭州演示一件事");
  }
}
