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
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 办理环节基准 (issue 8) — clerk step completion through the real server against a pgbench script
 * doing the same minimal SQL per completion. One command ({@code ./onething bench steps}): makes
 * its own database ({@code onething_bench_steps}), starts a real server on it with the national
 * templates and the demo services but no department simulator (so verification and issuance steps
 * stay clerk tasks and signing stays a clerk step), fills it with started 新生儿出生一件事
 * applications, has {@link StepLoadClient} (a JVM of its own) complete their open tasks through
 * {@code POST /api/tasks/{id}/complete} from 1 and 8 clients, each working its own applications,
 * then runs {@link StepBaseline} (pgbench) at the same concurrency and duration, and writes the
 * figures into docs/performance.md.
 */
public final class StepBenchmark {
  static final String MARK_START = "<!-- step-benchmark:start -->";
  static final String MARK_END = "<!-- step-benchmark:end -->";
  static final String DATABASE = "onething_bench_steps";
  static final String CITIZEN = "citizen-lina";
  static final int[] CLIENTS = {1, 8};
  /** Clients of the server's warm-up, before the measured phases. */
  static final int WARM_CLIENTS = 2;

  private StepBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = intArg(args, "--seconds", 20);
    int warmup = intArg(args, "--warmup", 10);
    int serverWarmup = intArg(args, "--server-warmup", 30);
    // Completions a client may reach per second at most; applications are made for that many, so no client runs dry.
    int ceiling = intArg(args, "--ceiling", 400);
    Path docs = Path.of(stringArg(args, "--docs", "docs/performance.md"));
    Path templates = Path.of(stringArg(args, "--templates", "templates")).toAbsolutePath();

    DatabaseUrl base = DatabaseUrl.parse(System.getenv().getOrDefault("ONETHING_DB_URL", ServerConfig.DEFAULT_DB_URL));
    DatabaseUrl bench = new DatabaseUrl(base.host(), base.port(), DATABASE, base.user(), base.password());
    SearchBenchmark.say("基准数据库 " + bench.describe() + "（每次重建）");
    recreate(base);
    Migrations.run(bench, true);
    String load = loadAverage();

    SearchBenchmark.say("启动服务器（国家模板、演示服务、无部门模拟器）…");
    OneThingServer server = OneThingServer.start(ServerConfig.from(Map.of(
        "ONETHING_DB_URL", url(bench), "ONETHING_HTTP_PORT", "0", "ONETHING_HTTP_HOST", "127.0.0.1",
        "ONETHING_TEMPLATES_DIR", templates.toString(), "ONETHING_DEMO_SERVICES", "true",
        "ONETHING_SIMULATOR_URL", "none"))).await();
    Map<String, SearchBenchmark.Load> results = new LinkedHashMap<>();
    Workload workload;
    String pgbenchVersion;
    try (Connection db = SearchBenchmark.connect(bench)) {
      String baseUrl = "http://127.0.0.1:" + server.port();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String token = login(http, baseUrl, CITIZEN);
      String template = submit(http, baseUrl, token);
      int started = startAll(server, db);
      workload = Workload.of(db, template);
      // The sample application worked to its end by one clerk client: checks the outcomes and counts the steps.
      try (StepLoadClient.Clerks clerks = new StepLoadClient.Clerks(http, plan(baseUrl, bench, workload, List.of(), 0, 0))) {
        workload = workload.withClerkSteps(clerks.workAll(List.of(template)));
      }
      SearchBenchmark.say("新生儿出生一件事：每件 " + workload.clerkSteps() + " 个办事员环节（样本申请 " + template + "，"
          + started + " 件已开始办理）");

      // Enough applications for every client to keep working through warm-up and measurement, and
      // for the server's own warm-up (WARM_CLIENTS clients) before that.
      int warmPerClient = appsPerClient(ceiling, serverWarmup, workload, WARM_CLIENTS);
      int total = WARM_CLIENTS * warmPerClient;
      for (int clients : CLIENTS) {
        total += clients * appsPerClient(ceiling, warmup + seconds, workload, clients);
      }
      long t0 = System.nanoTime();
      List<String> made = cloneApplications(db, template, total);
      startAll(server, db);
      SearchBenchmark.say("复制并开始办理 " + made.size() + " 件申请（" + (System.nanoTime() - t0) / 1_000_000 + " ms）");
      List<List<String>> warmSet = split(made.subList(0, WARM_CLIENTS * warmPerClient), WARM_CLIENTS, warmPerClient);
      Map<Integer, List<List<String>>> sets = new LinkedHashMap<>();
      int next = WARM_CLIENTS * warmPerClient;
      for (int clients : CLIENTS) {
        int perClient = appsPerClient(ceiling, warmup + seconds, workload, clients);
        sets.put(clients, split(made.subList(next, next + clients * perClient), clients, perClient));
        next += clients * perClient;
      }
      try (Statement s = db.createStatement()) {
        s.execute("ANALYZE");
      }

      if (serverWarmup > 0) {
        // A fresh JVM compiles the completion path (HotSpot's C2, on the same two cores as PostgreSQL)
        // for well over the per-phase warm-up; a server runs for days, so that is done here, unmeasured.
        SearchBenchmark.say("服务器预热：" + WARM_CLIENTS + " 个客户端办理 " + serverWarmup + " 秒（JIT 编译），不计入结果");
        remoteLoad(baseUrl, bench, workload, warmSet, 0, serverWarmup);
      }
      // Each concurrency's pgbench run follows its server run at once (the server stays up, idle), so
      // that the two sides of a ratio see the same machine: on a shared machine PostgreSQL's own speed
      // drifts by a third within minutes.
      StepBaseline baseline = new StepBaseline(bench);
      baseline.prepare(db, workload.template());
      Map<String, SearchBenchmark.Load> pgbench = new LinkedHashMap<>();
      for (int clients : CLIENTS) {
        results.put("OneThing `POST /api/tasks/{id}/complete`（HTTP）, " + clients + " 个并发客户端",
            remoteLoad(baseUrl, bench, workload, sets.get(clients), warmup, seconds));
        pgbench.put("pgbench 同样的最少 SQL（直连 PostgreSQL）, " + clients + " 个并发客户端",
            baseline.run(clients, warmup, seconds));
      }
      results.putAll(pgbench);
      checkIntegrity(db);
      pgbenchVersion = baseline.version();
    } finally {
      server.stop(Duration.ofSeconds(20));
    }

    String section = report(seconds, warmup, serverWarmup, workload, load, results, pgbenchVersion);
    System.out.println(section);
    write(docs, section);
    SearchBenchmark.say("结果已写入 " + docs);
    System.exit(0);
  }

  // --- preparation ----------------------------------------------------------------------------

  static void recreate(DatabaseUrl base) throws SQLException {
    SearchBenchmark.dropDatabase(base, DATABASE);
  }


  static String url(DatabaseUrl db) {
    return "postgresql://" + db.user() + (db.password() == null ? "" : ":" + db.password()) + "@" + db.host() + ":"
        + db.port() + "/" + db.database();
  }

  static String login(HttpClient http, String base, String user) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/dev-login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("user", user).encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("dev-login " + user + ": " + r.statusCode() + " " + r.body());
    }
    return new JsonObject(r.body()).getString("token");
  }

  /** One 新生儿出生一件事 application through the real submission endpoint; the others are copies of it. */
  static String submit(HttpClient http, String base, String token) throws IOException, InterruptedException {
    HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(base + "/api/uploads"))
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofByteArray("%PDF-1.4\n%vaccination\n%%EOF\n".getBytes(StandardCharsets.UTF_8)))
        .build(), HttpResponse.BodyHandlers.ofString());
    String sha = new JsonObject(up.body()).getString("sha256");
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/applications"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .header("Idempotency-Key", "step-bench-template")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("region", "330000").put("service", "newborn")
            .put("data", newborn()).put("materials", new JsonObject().put("name:新生儿出生时疫苗接种记录", sha)
                // Without the e-licence system (no simulator) these licences are uploaded as scans.
                .put("licence:household-register", sha).put("licence:id-card", sha).put("licence:birth-certificate", sha))
            .encode()))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("submission: " + r.statusCode() + " " + r.body());
    }
    return new JsonObject(r.body()).getString("id");
  }

  /** The 新生儿出生一件事 form the submission benchmark sends too. */
  static JsonObject newborn() {
    return NewbornSubmission.data();
  }

  /**
   * Copies of the submitted application, each with its own number and its own {@code submitted}
   * event (what a submission stores for the process); the server's process worker starts them.
   * Submitting each over HTTP would take minutes of the run's budget and is not what is measured.
   */
  static List<String> cloneApplications(Connection db, String template, int count) throws SQLException {
    List<String> ids = new ArrayList<>();
    String prefix = template.substring(0, 16);
    db.setAutoCommit(false);
    try (PreparedStatement app = db.prepareStatement("""
            INSERT INTO application (id, region, service_slug, release_number, applicant, channel, data, prefilled, status)
            SELECT ?, region, service_slug, release_number, applicant, channel, data, prefilled, 'submitted'
              FROM application WHERE id = ?""");
         PreparedStatement event = db.prepareStatement(
             "INSERT INTO application_event (application_id, type, actor, payload) "
                 + "SELECT ?, type, actor, payload FROM application_event WHERE application_id = ? AND type = 'submitted'")) {
      for (int i = 0; i < count; i++) {
        String id = prefix + String.format("%06d", 100_000 + i);
        app.setString(1, id);
        app.setString(2, template);
        app.addBatch();
        event.setString(1, id);
        event.setString(2, template);
        event.addBatch();
        ids.add(id);
      }
      app.executeBatch();
      event.executeBatch();
      db.commit();
    } finally {
      db.setAutoCommit(true);
    }
    return ids;
  }

  /** Has the process worker start every submitted application (it starts up to 20 a round). */
  static int startAll(OneThingServer server, Connection db) throws SQLException, InterruptedException {
    for (int round = 0; round < 100_000; round++) {
      if (count(db, "SELECT count(*) FROM application_event WHERE type = 'submitted' AND handled_at IS NULL") == 0) {
        return (int) count(db, "SELECT count(*) FROM process_instance");
      }
      server.processWorker().tick().await();
      Thread.sleep(2);
    }
    throw new IllegalStateException("processes did not start");
  }

  /**
   * What the load did must still hold: no step completed twice, one event per completion. The
   * server's applications only: pgbench's synthetic ones (999999-…) are done by its script.
   */
  static void checkIntegrity(Connection db) throws SQLException {
    String server = " application_id NOT LIKE '" + StepBaseline.REGION + "-%'";
    long twice = count(db, "SELECT count(*) FROM (SELECT payload->>'step' FROM application_event WHERE type = 'step-completed'"
        + " AND" + server + " GROUP BY payload->>'step' HAVING count(*) > 1) t");
    long done = count(db, "SELECT count(*) FROM step_instance WHERE status = 'done' AND" + server);
    long events = count(db, "SELECT count(*) FROM application_event WHERE type = 'step-completed' AND" + server);
    SearchBenchmark.say("核对：已办结环节 " + done + "，办结事件 " + events + "，重复办结 " + twice);
    if (twice != 0 || done != events) {
      throw new IllegalStateException("integrity check failed");
    }
  }

  static long count(Connection db, String sql) throws SQLException {
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * The newborn release's clerk steps: the outcome the load takes at each (the first, as a clerk
   * approving everything would) and how many steps an application passes through that way.
   */
  record Workload(String template, Map<String, String> outcomes, int clerkSteps) {
    static Workload of(Connection db, String template) throws Exception {
      JsonObject content;
      try (PreparedStatement ps = db.prepareStatement("""
          SELECT r.content FROM application a JOIN service_release r
            ON r.region = a.region AND r.slug = a.service_slug AND r.number = a.release_number WHERE a.id = ?""")) {
        ps.setString(1, template);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          content = new JsonObject(rs.getString(1));
        }
      }
      Map<String, String> outcomes = new LinkedHashMap<>();
      outcomes.put("shared#" + content.getJsonObject("process").getJsonObject("acceptance", new JsonObject())
          .getString("id", "shared-accept"), "accepted");
      for (Object b : content.getJsonObject("process").getJsonArray("branches", new JsonArray())) {
        JsonObject branch = (JsonObject) b;
        for (Object s : branch.getJsonArray("steps", new JsonArray())) {
          JsonObject step = (JsonObject) s;
          JsonArray o = step.getJsonArray("outcomes", new JsonArray());
          outcomes.put(branch.getString("matter") + "#" + step.getString("id"),
              o.isEmpty() ? "done" : o.getJsonObject(0).getString("id"));
        }
      }
      return new Workload(template, outcomes, outcomes.size());
    }

    Workload withClerkSteps(int steps) {
      return new Workload(template, outcomes, steps);
    }
  }

  // --- load -----------------------------------------------------------------------------------

  static SearchBenchmark.Load remoteLoad(String baseUrl, DatabaseUrl db, Workload workload, List<List<String>> sets,
      int warmup, int seconds) throws Exception {
    Path plan = Files.createTempFile("step-bench-plan", ".json");
    Files.writeString(plan, plan(baseUrl, db, workload, sets, warmup, seconds).encode());
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-XX:+UseSerialGC", "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), StepLoadClient.class.getName(), plan.toString())
        .redirectErrorStream(true).start();
    SearchBenchmark.Load load = null;
    try (var lines = process.inputReader(StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith(LoadClient.RESULT)) {
          load = LoadClient.parse(sets.size(), line);
        } else {
          System.out.println(line);
        }
      }
    }
    Files.deleteIfExists(plan);
    if (process.waitFor() != 0 || load == null) {
      throw new IllegalStateException("step load client failed (exit " + process.exitValue() + ")");
    }
    SearchBenchmark.say(String.format("  %d 个客户端：%.0f 次/秒，p50 %.2f ms，p99 %.2f ms，错误 %d", sets.size(),
        load.throughput(), load.ms(50), load.ms(99), load.errors()));
    return load;
  }

  /** What {@link StepLoadClient} needs: the server, the database, the outcomes, each client's applications. */
  static JsonObject plan(String baseUrl, DatabaseUrl db, Workload workload, List<List<String>> sets, int warmup, int seconds) {
    JsonArray clients = new JsonArray();
    sets.forEach(set -> clients.add(new JsonArray(new ArrayList<>(set))));
    return new JsonObject().put("base", baseUrl).put("jdbc", db.jdbcUrl()).put("user", db.user())
        .put("password", db.password()).put("warmup", warmup).put("seconds", seconds)
        .put("outcomes", new JsonObject(new LinkedHashMap<>(workload.outcomes()))).put("clients", clients);
  }

  /** Applications a client needs to keep working {@code seconds} at the ceiling rate (fewer each with more clients). */
  static int appsPerClient(int ceiling, int seconds, Workload workload, int clients) {
    return (int) Math.ceil((double) ceiling * seconds / workload.clerkSteps() / Math.sqrt(clients)) + 2;
  }

  /** {@code clients} consecutive runs of {@code perClient} applications each. */
  static List<List<String>> split(List<String> applications, int clients, int perClient) {
    List<List<String>> set = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      set.add(applications.subList(c * perClient, (c + 1) * perClient));
    }
    return set;
  }

  // --- report ---------------------------------------------------------------------------------

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  static String report(int seconds, int warmup, int serverWarmup, Workload workload, String loadBefore,
      Map<String, SearchBenchmark.Load> results, String pgbenchVersion) {
    List<SearchBenchmark.Load> loads = new ArrayList<>(results.values());
    StringBuilder md = new StringBuilder();
    md.append(MARK_START).append('\n');
    md.append("### 最近一次运行 · Latest run: ").append(LocalDate.now()).append("\n\n");
    md.append("- 命令 command: `./onething bench steps` (the server warmed up for ").append(serverWarmup)
        .append(" s by ").append(WARM_CLIENTS).append(" clients, unmeasured; then per phase ").append(warmup)
        .append(" s warm-up and ").append(seconds)
        .append(" s measured)\n");
    md.append("- 机器 machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
        .append(System.getProperty("java.version")).append(", ").append(pgbenchVersion)
        .append("; server, load generator and PostgreSQL on the same machine; load average before the run ")
        .append(loadBefore).append(", after ").append(loadAverage()).append("\n");
    md.append("- 工作量 workload: 新生儿出生一件事 applications, every clerk step completed with its first outcome "
        + "(about ").append(workload.clerkSteps()).append(" per application); each client works its own applications\n\n");
    md.append("| 路径 · path | 吞吐 completions/s | p50 ms | p95 ms | p99 ms | 错误 errors |\n|---|---|---|---|---|---|\n");
    results.forEach((name, l) -> md.append(String.format("| %s | %.0f | %.2f | %.2f | %.2f | %d |%n", name, l.throughput(),
        l.ms(50), l.ms(95), l.ms(99), l.errors())));
    double r1 = loads.get(0).throughput() / loads.get(2).throughput();
    double r8 = loads.get(1).throughput() / loads.get(3).throughput();
    md.append(String.format("%n吞吐比（OneThing / pgbench）· throughput ratio: **%.2f×** at 1 client, **%.2f×** at 8 clients "
        + "(target ≥ 0.6×: %s).%n", r1, r8, r1 >= 0.6 && r8 >= 0.6 ? "met" : r1 >= 0.6 || r8 >= 0.6 ? "met at one of the two" : "not met"));
    md.append(MARK_END).append('\n');
    return md.toString();
  }

  /** Replaces the section between the markers (added at the end the first time). */
  static void write(Path docs, String section) throws IOException {
    SearchBenchmark.write(docs, section, MARK_START, MARK_END);
  }


  static int intArg(String[] args, String name, int fallback) {
    String value = stringArg(args, name, null);
    return value == null ? fallback : Integer.parseInt(value);
  }

  static String stringArg(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
