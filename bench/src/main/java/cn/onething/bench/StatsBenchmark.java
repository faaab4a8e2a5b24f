package cn.onething.bench;

import cn.onething.OneThingServer;
import cn.onething.config.ServerConfig;
import cn.onething.db.DatabaseUrl;
import cn.onething.db.Migrations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 统计基准 (issue 10) — the stats endpoints over a million applications. One command
 * ({@code ./onething bench stats}): makes its own database ({@code onething_bench_stats}), fills it
 * once with a deterministic synthetic history (N applications over a year in ten provinces, four
 * services each, four steps per application, 补正 events and ratings; each application carries a
 * form of about 700 bytes, as real ones do), starts a real server on it, and times each stats
 * request of a fixed mix through HTTP, one after another (reporting is an admin's occasional
 * request, not a concurrent load), then writes the figures into docs/performance.md.
 */
public final class StatsBenchmark {
  static final String MARK_START = "<!-- stats-benchmark:start -->";
  static final String MARK_END = "<!-- stats-benchmark:end -->";
  static final String DATABASE = "onething_bench_stats";
  static final List<String> PROVINCES = List.of("110000", "310000", "320000", "330000", "340000", "370000", "420000",
      "440000", "510000", "610000");
  static final int SERVICES_PER_PROVINCE = 4;
  static final double TARGET_P95_MS = 300;

  private StatsBenchmark() {}

  /** One request of the mix, and who asks it. */
  record Ask(String label, String user, String path) {}

  public static void main(String[] args) throws Exception {
    int count = StepBenchmark.intArg(args, "--applications", 1_000_000);
    int runs = StepBenchmark.intArg(args, "--runs", 20);
    int warmup = StepBenchmark.intArg(args, "--warmup", 3);
    boolean reuse = Arrays.asList(args).contains("--reuse");
    Path docs = Path.of(StepBenchmark.stringArg(args, "--docs", "docs/performance.md"));

    DatabaseUrl base = DatabaseUrl.parse(System.getenv().getOrDefault("ONETHING_DB_URL", ServerConfig.DEFAULT_DB_URL));
    DatabaseUrl bench = new DatabaseUrl(base.host(), base.port(), DATABASE, base.user(), base.password());
    String load = StepBenchmark.loadAverage();
    String fill;
    String rollup = "";
    if (reuse && existing(base, bench) == count) {
      fill = "reused from an earlier run (`--reuse`)";
      SearchBenchmark.say("沿用已有的 " + count + " 件办件（--reuse）");
    } else {
      recreate(base);
      Migrations.run(bench, true);
      long t0 = System.nanoTime();
      long rolled;
      try (Connection db = SearchBenchmark.connect(bench)) {
        generate(db, count);
        rolled = System.nanoTime();
        rollUp(db);
      }
      fill = String.format("generated in %.0f s", (rolled - t0) / 1e9);
      rollup = String.format("; rolled up (`stats_rebuild()`) in %.0f s", (System.nanoTime() - rolled) / 1e9);
    }
    Map<String, Long> sizes = sizes(bench);
    SearchBenchmark.say("数据：" + sizes);

    OneThingServer server = OneThingServer.start(ServerConfig.from(Map.of(
        "ONETHING_DB_URL", StepBenchmark.url(bench), "ONETHING_HTTP_PORT", "0", "ONETHING_HTTP_HOST", "127.0.0.1",
        "ONETHING_TEMPLATES_DIR", "none", "ONETHING_DEMO_SERVICES", "false", "ONETHING_SIMULATOR_URL", "none"))).await();
    Map<Ask, double[]> results = new LinkedHashMap<>();
    try {
      String baseUrl = "http://127.0.0.1:" + server.port();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      Map<String, String> tokens = new LinkedHashMap<>();
      for (String user : List.of("auditor-national", "admin-330000")) {
        tokens.put(user, StepBenchmark.login(http, baseUrl, user));
      }
      LocalDate to = LocalDate.of(2026, 6, 30);
      String year = "from=" + to.minusDays(364) + "&to=" + to;
      String quarter = "from=" + to.minusDays(89) + "&to=" + to;
      List<Ask> mix = List.of(
          new Ask("全国 · 合计 by=all（一年）", "auditor-national", "/api/stats/figures?by=all&" + year),
          new Ask("全国 · 按服务 by=service（一年）", "auditor-national", "/api/stats/figures?by=service&" + year),
          new Ask("全国 · 按地区 by=region（一年）", "auditor-national", "/api/stats/figures?by=region&" + year),
          new Ask("全国 · 按月趋势 by=month（一年）", "auditor-national", "/api/stats/figures?by=month&" + year),
          new Ask("全国 · 按环节 by=step（一年）", "auditor-national", "/api/stats/figures?by=step&" + year),
          new Ask("全国 · 热点 hotspots（一年）", "auditor-national", "/api/stats/hotspots?" + year),
          new Ask("全国 · 标准模板采用 templates（一年）", "auditor-national", "/api/stats/templates?" + year),
          new Ask("浙江 · 合计 by=all（一季度）", "admin-330000", "/api/stats/figures?by=all&" + quarter),
          new Ask("浙江 · 按周趋势 by=week（一季度）", "admin-330000", "/api/stats/figures?by=week&" + quarter),
          new Ask("浙江 · 按环节 by=step（一季度）", "admin-330000", "/api/stats/figures?by=step&" + quarter),
          new Ask("浙江 · 热点 hotspots（一季度）", "admin-330000", "/api/stats/hotspots?" + quarter),
          new Ask("浙江一项服务 · 按环节（一年）", "admin-330000", "/api/stats/figures?by=step&service=330000/svc-1&" + year),
          new Ask("浙江一项服务 · 发布前后对比", "admin-330000", "/api/stats/services/330000/svc-1/releases/2/effect"),
          new Ask("浙江 · 服务一览 /api/stats/services（一季度）", "admin-330000", "/api/stats/services?" + quarter));
      for (Ask ask : mix) {
        double[] ms = new double[runs];
        for (int i = -warmup; i < runs; i++) {
          long t0 = System.nanoTime();
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + ask.path()))
              .header("Authorization", "Bearer " + tokens.get(ask.user())).timeout(Duration.ofMinutes(2)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
          double elapsed = (System.nanoTime() - t0) / 1e6;
          if (r.statusCode() != 200) {
            throw new IllegalStateException(ask.path() + ": " + r.statusCode() + " " + r.body());
          }
          if (i >= 0) {
            ms[i] = elapsed;
          }
        }
        Arrays.sort(ms);
        results.put(ask, ms);
        SearchBenchmark.say(String.format("%s: p50 %.0f ms, p95 %.0f ms", ask.label(), percentile(ms, 0.5), percentile(ms, 0.95)));
      }
    } finally {
      server.stop(Duration.ofSeconds(20));
    }
    String section = report(count, runs, warmup, load, fill + rollup, sizes, results);
    System.out.println(section);
    write(docs, section);
    SearchBenchmark.say("结果已写入 " + docs);
    System.exit(0);
  }

  /** Nearest-rank percentile of sorted samples. */
  static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  // --- the synthetic history ------------------------------------------------------------------

  static long existing(DatabaseUrl base, DatabaseUrl bench) {
    try (Connection c = SearchBenchmark.connect(bench); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM application")) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      return -1;
    }
  }

  static void recreate(DatabaseUrl base) throws SQLException {
    SearchBenchmark.dropDatabase(base, DATABASE);
  }


  /** The release every synthetic service publishes: the shared acceptance and two matters, four steps. */
  static JsonObject release() {
    JsonArray branches = new JsonArray()
        .add(new JsonObject().put("matter", "nhc/birth-medical-certificate").put("title", "出生医学证明").put("steps", new JsonArray()
            .add(step("review", "材料审核", "health", 3)).add(step("issue", "签发证明", "health", 2))))
        .add(new JsonObject().put("matter", "mps/birth-registration").put("title", "出生登记（户口）").put("steps", new JsonArray()
            .add(step("review", "户籍审核", "public-security", 5))));
    JsonObject figures = new JsonObject()
        .put("fields", new JsonObject().put("asked", 28).put("memberSum", 61))
        .put("materials", new JsonObject().put("asked", 6).put("memberSum", 15).put("waived", 4))
        .put("steps", new JsonObject().put("service", 4).put("memberSum", 7))
        .put("offlineVisits", new JsonObject().put("service", 0).put("memberSum", 3))
        .put("workingDays", new JsonObject().put("promised", 8).put("memberSum", 15));
    return new JsonObject().put("members", new JsonArray()
            .add(new JsonObject().put("template", "nhc/birth-medical-certificate").put("version", "1.0.0"))
            .add(new JsonObject().put("template", "mps/birth-registration").put("version", "1.0.0")))
        .put("figures", figures)
        .put("process", new JsonObject().put("acceptance", new JsonObject().put("id", "shared-accept").put("name", "一窗受理")
            .put("department", "data").put("timeLimitDays", 1)).put("branches", branches));
  }

  private static JsonObject step(String id, String name, String department, int days) {
    return new JsonObject().put("id", id).put("name", name).put("type", "review").put("department", department)
        .put("timeLimitDays", days);
  }

  /**
   * N applications over 365 days (2025-07-01 to 2026-06-30, China time) in ten provinces; release 2 of
   * every service was published on 2026-01-01 and is faster. Deterministic: every random draw is a
   * hash of the application's number.
   */
  static void generate(Connection db, int count) throws SQLException {
    db.setAutoCommit(false);
    try (Statement s = db.createStatement()) {
      // A bulk load rolls up once at the end (rollUp) instead of row by row in the triggers.
      for (String trigger : ROLLUP_TRIGGERS) {
        s.execute("ALTER TABLE " + trigger.split(":")[0] + " DISABLE TRIGGER " + trigger.split(":")[1]);
      }
      s.execute("INSERT INTO app_user (id, name, roles) VALUES ('citizen-bench', '基准申请人', ARRAY['citizen']) "
          + "ON CONFLICT (id) DO NOTHING");
      for (String region : PROVINCES) {
        for (int n = 1; n <= SERVICES_PER_PROVINCE; n++) {
          String slug = "svc-" + n;
          try (PreparedStatement p = db.prepareStatement("INSERT INTO service (region, slug, title, definition, from_package, "
              + "created_by, updated_by) VALUES (?, ?, ?, ?::jsonb, 'nhc/newborn-package', 'bench', 'bench')")) {
            p.setString(1, region);
            p.setString(2, slug);
            p.setString(3, "基准一件事 " + n + " 号");
            p.setString(4, new JsonObject().put("members", release().getJsonArray("members")).encode());
            p.executeUpdate();
          }
          for (int number = 1; number <= 2; number++) {
            try (PreparedStatement p = db.prepareStatement("INSERT INTO service_release (region, slug, number, content, "
                + "content_hash, published_by, published_at) VALUES (?, ?, ?, ?::jsonb, 'bench', 'bench', ?::timestamptz)")) {
              p.setString(1, region);
              p.setString(2, slug);
              p.setInt(3, number);
              p.setString(4, release().encode());
              p.setString(5, number == 1 ? "2025-06-01T00:00:00+08:00" : "2026-01-01T00:00:00+08:00");
              p.executeUpdate();
            }
          }
          s.execute("UPDATE service SET active_release = 2 WHERE region = '" + region + "' AND slug = '" + slug + "'");
        }
      }
      db.commit();
      SearchBenchmark.say("生成 " + count + " 件办件…");
      String regions = "ARRAY['" + String.join("','", PROVINCES) + "']";
      // r1..r4: uniform draws in [0, 1) from the application's number.
      s.execute("""
          CREATE TEMP TABLE draw AS
          SELECT g,
                 ((hashint4(g) & 2147483647) %% 1000000) / 1000000.0::float8 AS r1,
                 ((hashint4(g + 7919) & 2147483647) %% 1000000) / 1000000.0::float8 AS r2,
                 ((hashint4(g + 104729) & 2147483647) %% 1000000) / 1000000.0::float8 AS r3,
                 ((hashint4(g + 1299709) & 2147483647) %% 1000000) / 1000000.0::float8 AS r4
            FROM generate_series(0, %d) g
          """.formatted(count - 1));
      s.execute("""
          INSERT INTO application (id, region, service_slug, release_number, applicant, channel, data, status, submitted_at,
                                   completed_at, due_date)
          SELECT region || '-' || to_char(day, 'YYYYMMDD') || '-' || lpad(seq::text, 6, '0'), region, slug,
                 CASE WHEN day >= DATE '2026-01-01' THEN 2 ELSE 1 END, 'citizen-bench', 'online',
                 jsonb_build_object('applicant', '申请人' || g, 'mobile', '138' || lpad((g %% 100000000)::text, 8, '0'),
                                    'address', '某省某市某区某街道 ' || g || ' 号', 'notes', repeat(md5(g::text), 18)),
                 status, submitted, CASE WHEN status <> 'in-progress' THEN submitted + hours * interval '1 hour' END,
                 day + 12
            FROM (
              SELECT g, r1, r2, r3, r4,
                     (%s)[1 + g %% 10] AS region,
                     'svc-' || (1 + (g / 10) %% %d) AS slug,
                     DATE '2025-07-01' + ((g / 10) %% 365) AS day,
                     1 + g / 3650 AS seq,
                     (DATE '2025-07-01' + ((g / 10) %% 365))::timestamp AT TIME ZONE 'Asia/Shanghai'
                       + (8 + floor(r1 * 10)) * interval '1 hour' + floor(r2 * 60) * interval '1 minute' AS submitted,
                     CASE WHEN r3 < 0.06 THEN 'rejected' WHEN r3 < 0.16 THEN 'in-progress'
                          WHEN r3 < 0.20 THEN 'partly-completed' ELSE 'completed' END AS status,
                     CASE WHEN DATE '2025-07-01' + ((g / 10) %% 365) >= DATE '2026-01-01' THEN 4 + r4 * 150 ELSE 6 + r4 * 260 END AS hours
                FROM draw
            ) x
          """.formatted(regions, SERVICES_PER_PROVINCE));
      db.commit();
      SearchBenchmark.say("生成办理环节…");
      // Four steps each; an open application waits on its first review (active, claimed or in 补正).
      s.execute("""
          INSERT INTO step_instance (application_id, region, branch, step_id, name, type, department, status, due_date,
                                     activated_at, completed_at)
          SELECT a.id, a.region, d.branch, d.step_id, d.name, 'review', d.department,
                 CASE WHEN a.status = 'rejected' THEN CASE WHEN d.k = 0 THEN 'rejected' ELSE 'cancelled' END
                      WHEN a.status = 'in-progress' THEN CASE WHEN d.k = 0 THEN 'done'
                           WHEN d.k = 1 THEN (ARRAY['active', 'claimed', 'supplement'])[1 + abs(hashtext(a.id)) % 3]
                           ELSE 'waiting' END
                      WHEN a.status = 'partly-completed' AND d.k = 2 THEN 'rejected'
                      ELSE 'done' END,
                 CASE WHEN a.status = 'rejected' AND d.k > 0 THEN NULL
                      WHEN a.status = 'in-progress' AND d.k > 1 THEN NULL
                      ELSE ((a.submitted_at + span * d.starts) AT TIME ZONE 'Asia/Shanghai')::date + d.days END,
                 CASE WHEN (a.status = 'rejected' AND d.k > 0) OR (a.status = 'in-progress' AND d.k > 1) THEN NULL
                      ELSE a.submitted_at + span * d.starts END,
                 CASE WHEN (a.status = 'rejected' AND d.k > 0) OR (a.status = 'in-progress' AND d.k > 0) THEN NULL
                      WHEN a.status = 'rejected' THEN a.completed_at
                      ELSE a.submitted_at + span * d.ends END
            FROM (SELECT *, coalesce(completed_at, submitted_at + interval '200 hours') - submitted_at AS span FROM application) a
           CROSS JOIN (VALUES (0, 'shared', 'shared-accept', '一窗受理', 'data', 1, 0.0::float8, 0.1::float8),
                              (1, 'nhc/birth-medical-certificate', 'review', '材料审核', 'health', 3, 0.1, 0.6),
                              (2, 'nhc/birth-medical-certificate', 'issue', '签发证明', 'health', 2, 0.6, 1.0),
                              (3, 'mps/birth-registration', 'review', '户籍审核', 'public-security', 5, 0.1, 0.8))
                 AS d (k, branch, step_id, name, department, days, starts, ends)
          """);
      db.commit();
      SearchBenchmark.say("生成补正与评价…");
      s.execute("""
          INSERT INTO application_event (application_id, type, actor, payload, at, handled_at)
          SELECT s.application_id, 'supplement-requested', 'clerk-bench', jsonb_build_object('step', s.id), s.activated_at, s.activated_at
            FROM step_instance s
           WHERE s.branch = 'nhc/birth-medical-certificate' AND s.step_id = 'review'
             AND (s.status = 'supplement' OR (s.status = 'done' AND abs(hashtext(s.application_id)) % 100 < 8))
          """);
      s.execute("""
          INSERT INTO rating (application_id, region, service_slug, matters, score, tags, comment, rated_at)
          SELECT a.id, a.region, a.service_slug, ARRAY['nhc/birth-medical-certificate', 'mps/birth-registration'], score,
                 CASE WHEN score <= 2 THEN ARRAY[(ARRAY['办理慢', '材料反复提交', '态度差', '跑了多次'])[1 + h % 4]]
                      ELSE '{}'::text[] END,
                 CASE WHEN score <= 2 THEN '等了太久' ELSE '满意' END, a.completed_at + interval '2 hours'
            FROM (SELECT a.*, abs(hashtext(a.id || 'r')) AS h FROM application a
                   WHERE a.status IN ('completed', 'partly-completed')) a
           CROSS JOIN LATERAL (SELECT CASE WHEN h % 100 < 5 THEN 1 WHEN h % 100 < 10 THEN 2 WHEN h % 100 < 25 THEN 3
                                           WHEN h % 100 < 55 THEN 4 ELSE 5 END AS score) sc
           WHERE h % 10 < 6
          """);
      db.commit();
    }
    db.setAutoCommit(true);
    try (Statement s = db.createStatement()) {
      SearchBenchmark.say("VACUUM ANALYZE…");
      s.execute("VACUUM ANALYZE");
    }
  }

  /** The rollups' triggers (V11), table:trigger. */
  static final List<String> ROLLUP_TRIGGERS = List.of("application:stats_application", "step_instance:stats_step",
      "rating:stats_rating", "application_event:stats_supplement");

  /** Turns the rollups' triggers back on and rolls the generated history up from the raw rows. */
  static void rollUp(Connection db) throws SQLException {
    SearchBenchmark.say("汇总统计（stats_rebuild）…");
    db.setAutoCommit(false);
    try (Statement s = db.createStatement()) {
      for (String trigger : ROLLUP_TRIGGERS) {
        s.execute("ALTER TABLE " + trigger.split(":")[0] + " ENABLE TRIGGER " + trigger.split(":")[1]);
      }
      s.execute("SELECT stats_rebuild()");
      db.commit();
    }
    db.setAutoCommit(true);
    try (Statement s = db.createStatement()) {
      s.execute("VACUUM ANALYZE");
    }
  }

  static Map<String, Long> sizes(DatabaseUrl bench) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Connection c = SearchBenchmark.connect(bench); Statement s = c.createStatement()) {
      for (String table : List.of("application", "step_instance", "application_event", "rating")) {
        try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
          r.next();
          out.put(table, r.getLong(1));
        }
      }
    }
    return out;
  }

  // --- report ---------------------------------------------------------------------------------

  static String report(int count, int runs, int warmup, String load, String fill, Map<String, Long> sizes,
      Map<Ask, double[]> results) {
    StringBuilder md = new StringBuilder();
    md.append(MARK_START).append('\n');
    md.append("### 最近一次运行 · Latest run: ").append(LocalDate.now()).append("\n\n");
    md.append("- 命令 command: `./onething bench stats` (").append(count).append(" applications; each request ")
        .append(warmup).append("× warm-up, then ").append(runs).append(" timed, one after another, over HTTP)\n");
    md.append("- 机器 machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
        .append(Runtime.version()).append("; server and PostgreSQL on the same machine; load average before: ")
        .append(load).append('\n');
    md.append("- 数据 data: ").append(sizes.get("application")).append(" applications, ").append(sizes.get("step_instance"))
        .append(" step instances, ").append(sizes.get("application_event")).append(" 补正 events, ")
        .append(sizes.get("rating")).append(" ratings; 40 services in 10 provinces; ").append(fill).append("\n\n");
    md.append("| 请求 · request | p50 ms | p95 ms | max ms | ≤ 300 ms p95? |\n|---|---|---|---|---|\n");
    results.forEach((ask, ms) -> md.append("| ").append(ask.label()).append(" `").append(ask.path().replaceAll("from=[^&]*&to=[^&]*", "…"))
        .append("` | ").append(String.format("%.0f", percentile(ms, 0.5))).append(" | ")
        .append(String.format("%.0f", percentile(ms, 0.95))).append(" | ").append(String.format("%.0f", ms[ms.length - 1]))
        .append(" | ").append(percentile(ms, 0.95) <= TARGET_P95_MS ? "yes" : "**no**").append(" |\n"));
    md.append(MARK_END).append('\n');
    return md.toString();
  }

  /** Replaces the section between the markers, or appends it. */
  static void write(Path docs, String section) throws IOException {
    SearchBenchmark.write(docs, section, MARK_START, MARK_END);
  }

}
