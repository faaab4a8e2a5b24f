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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * 负载与规则攻击基准 (issue 11) — {@code ./onething bench load}. A real server (national templates,
 * demo services, no department simulator) on its own database ({@code onething_bench_load});
 * {@link JourneyLoadClient} (a JVM of its own) drives the citizen path (guide page, submission,
 * progress) and the clerk path (task list, task, completion) at rising concurrency until a level
 * does not hold (a request kind's p99 at 500 ms or more, or any error), and says what failed
 * first. Then, at a moderate load, the same honest mix without and with attackers submitting to a
 * service whose rule was made hostile in the database (as if the checker had let it through): an
 * endless loop (stopped by the statement limit, then quarantined), a loop as long as the statement
 * limit allows (never stopped), and a rule doing its work inside built-ins (quarantined once it has
 * been slow five times). Writes the figures into docs/performance.md.
 */
public final class JourneyBenchmark {
  static final String MARK_START = "<!-- load-benchmark:start -->";
  static final String MARK_END = "<!-- load-benchmark:end -->";
  static final String DATABASE = "onething_bench_load";
  static final double P99_LIMIT_MS = 500;
  static final List<String> HONEST = List.of("guide", "submit", "progress", "tasks", "task", "complete");
  static final String LOOP = "(function(){ var a = []; for (var i = 0; i < 1e12; i++) { a = [i]; } return true; })()";
  /** About 19,000 statements: just under the statement limit of 20,000, so it is never stopped. */
  static final String HEAVY = "(function(){ var s = 0; for (var i = 0; i < 6300; i++) { s += i % 7; } return s >= 0; })()";
  /** Few statements, much work inside the built-ins (each under their size guards). */
  static final String BUILTINS = "'x'.repeat(99999).split('').sort().reverse().join('').length > 0"
      + " && 'y'.repeat(99999).split('').sort().join('').length > 0";

  private JourneyBenchmark() {}

  /** One level's figures per request kind. */
  record Kind(long requests, long errors, long conflicts, Histogram micros, Map<Integer, Long> statuses) {
    double ms(double percentile) {
      return micros.getTotalCount() == 0 ? 0 : micros.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  record Level(String name, int citizens, int clerks, int attackers, int seconds, Map<String, Kind> kinds) {
    double perSecond(String kind) {
      return kinds.get(kind).requests() / (double) seconds;
    }

    /** Why this level does not hold, or null when it does. */
    String failure() {
      List<String> why = new ArrayList<>();
      for (String k : HONEST) {
        Kind kind = kinds.get(k);
        if (kind.ms(99) >= P99_LIMIT_MS) {
          why.add(String.format("%s p99 %.0f ms", k, kind.ms(99)));
        }
        if (kind.errors() > 0) {
          Map<Integer, Long> bad = new TreeMap<>(kind.statuses());
          bad.keySet().removeIf(s -> s == 200 || s == 201 || (s == 409 && k.equals("complete")));
          why.add(k + " errors " + bad);
        }
      }
      return why.isEmpty() ? null : String.join("; ", why);
    }
  }

  public static void main(String[] args) throws Exception {
    int seconds = StepBenchmark.intArg(args, "--seconds", 15);
    int warmup = StepBenchmark.intArg(args, "--warmup", 5);
    int[] levels = Arrays.stream(StepBenchmark.stringArg(args, "--levels", "1,2,4,8,16,32,64,128,256,512").split(","))
        .mapToInt(Integer::parseInt).toArray();
    int attackCitizens = StepBenchmark.intArg(args, "--attack-citizens", 4);
    int attackers = StepBenchmark.intArg(args, "--attackers", 4);
    Path docs = Path.of(StepBenchmark.stringArg(args, "--docs", "docs/performance.md"));
    Path templates = Path.of(StepBenchmark.stringArg(args, "--templates", "templates")).toAbsolutePath();

    DatabaseUrl base = DatabaseUrl.parse(System.getenv().getOrDefault("ONETHING_DB_URL", ServerConfig.DEFAULT_DB_URL));
    DatabaseUrl bench = new DatabaseUrl(base.host(), base.port(), DATABASE, base.user(), base.password());
    SearchBenchmark.say("基准数据库 " + bench.describe() + "（每次重建）");
    dropDatabase(base);
    Migrations.run(bench, true);
    String loadBefore = StepBenchmark.loadAverage();
    long started = System.nanoTime();

    SearchBenchmark.say("启动服务器（国家模板、演示服务、无部门模拟器）…");
    OneThingServer server = OneThingServer.start(ServerConfig.from(Map.of(
        "ONETHING_DB_URL", StepBenchmark.url(bench), "ONETHING_HTTP_PORT", "0", "ONETHING_HTTP_HOST", "127.0.0.1",
        "ONETHING_TEMPLATES_DIR", templates.toString(), "ONETHING_DEMO_SERVICES", "true",
        "ONETHING_SIMULATOR_URL", "none"))).await();
    List<Level> rising = new ArrayList<>();
    List<Level> attack = new ArrayList<>();
    JsonObject metricsAfter;
    try {
      String url = "http://127.0.0.1:" + server.port();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String citizen = StepBenchmark.login(http, url, StepBenchmark.CITIZEN);
      String sha = upload(http, url, citizen);
      JsonObject plan = new JsonObject().put("base", url).put("citizen", citizen)
          .put("clerk", StepBenchmark.login(http, url, "clerk-330000-data"))
          .put("data", NewbornSubmission.data())
          .put("materials", new JsonObject().put("name:新生儿出生时疫苗接种记录", sha).put("licence:household-register", sha)
              .put("licence:id-card", sha).put("licence:birth-certificate", sha))
          .put("warmup", warmup).put("seconds", seconds).put("attackers", 0).put("attackService", "newborn-loop")
          .put("attackExpected", 503);
      String admin = StepBenchmark.login(http, url, "admin-330000");
      hostileService(http, url, admin, bench, "newborn-plain", null);
      hostileService(http, url, admin, bench, "newborn-loop", LOOP);
      hostileService(http, url, admin, bench, "newborn-heavy", HEAVY);
      hostileService(http, url, admin, bench, "newborn-builtins", BUILTINS);

      SearchBenchmark.say("(a) 逐级加压：市民路径与办事员路径");
      for (int citizens : levels) {
        int clerks = Math.max(1, citizens / 4);
        Level level = run(plan.copy().put("citizens", citizens).put("clerks", clerks), citizens + " 市民 + " + clerks + " 办事员");
        rising.add(level);
        if (level.failure() != null) {
          break;
        }
      }

      SearchBenchmark.say("(b) 规则攻击：" + attackCitizens + " 个市民与 1 个办事员的负载下，" + attackers + " 个攻击者");
      JsonObject moderate = plan.copy().put("citizens", attackCitizens).put("clerks", 1);
      attack.add(run(moderate.copy(), "无攻击 baseline"));
      attack.add(run(moderate.copy().put("attackers", attackers).put("attackService", "newborn-plain").put("attackExpected", 201),
          "同样流量、规则无害 same traffic, honest rule"));
      // No warm-up here: the seconds before the loop is quarantined, while it holds the rule threads, are measured.
      attack.add(run(moderate.copy().put("attackers", attackers).put("warmup", 0), "死循环规则 endless loop（超时后隔离）"));
      attack.add(run(moderate.copy().put("attackers", attackers).put("attackService", "newborn-heavy").put("attackExpected", 201),
          "语句上限内最重的规则 heaviest loop within the statement limit"));
      attack.add(run(moderate.copy().put("attackers", attackers).put("warmup", 0).put("attackService", "newborn-builtins")
          .put("attackExpected", 201), "内置函数重活 heavy built-ins（过慢五次后隔离）"));
      attack.add(run(moderate.copy(), "攻击之后 baseline again"));
      metricsAfter = ruleMetrics(http, url);
    } finally {
      server.stop(Duration.ofSeconds(20));
    }
    dropDatabase(base);
    String section = report(seconds, warmup, loadBefore, (System.nanoTime() - started) / 1e9, rising, attack, attackers,
        metricsAfter);
    System.out.println(section);
    SearchBenchmark.write(docs, section, MARK_START, MARK_END);
    SearchBenchmark.say("结果已写入 " + docs);
    System.exit(0);
  }

  static void dropDatabase(DatabaseUrl base) throws SQLException {
    SearchBenchmark.dropDatabase(base, DATABASE);
  }


  static String upload(HttpClient http, String url, String token) throws IOException, InterruptedException {
    HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(url + "/api/uploads"))
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofByteArray("%PDF-1.4\n%load\n%%EOF\n".getBytes(StandardCharsets.UTF_8))).build(),
        HttpResponse.BodyHandlers.ofString());
    return new JsonObject(up.body()).getString("sha256");
  }

  /**
   * A copy of the newborn service with one more eligibility rule, published through the API with a
   * harmless expression, then given the hostile one in the database: the checker would refuse it.
   */
  static void hostileService(HttpClient http, String url, String admin, DatabaseUrl db, String slug, String expression)
      throws Exception {
    call(http, "POST", url + "/api/tenants/330000/services", admin,
        new JsonObject().put("slug", slug).put("package", "national/newborn"), 201);
    call(http, "PUT", url + "/api/tenants/330000/services/" + slug, admin, new JsonObject().put("overrides", new JsonArray()
        .add(new JsonObject().put("id", "gate").put("op", "addRule").put("rule", new JsonObject().put("kind", "eligible")
            .put("expression", "ctx.channel !== 'nowhere'").put("message", "不符合条件")))), 200);
    call(http, "POST", url + "/api/tenants/330000/services/" + slug + "/publish", admin, new JsonObject(), 201);
    if (expression == null) {
      return;  // the honest copy, for the same traffic without a hostile rule
    }
    try (Connection c = SearchBenchmark.connect(db); PreparedStatement ps = c.prepareStatement(
        "UPDATE service_release SET content = replace(content::text, 'ctx.channel !== ''nowhere''', ?)::jsonb"
            + " WHERE region = '330000' AND slug = ?")) {
      ps.setString(1, expression.replace("\"", "\\\""));
      ps.setString(2, slug);
      if (ps.executeUpdate() != 1) {
        throw new IllegalStateException("no release of " + slug);
      }
    }
  }

  static void call(HttpClient http, String method, String url, String token, JsonObject body, int expected) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new IllegalStateException(method + " " + url + ": " + r.statusCode() + " " + r.body());
    }
  }

  static JsonObject ruleMetrics(HttpClient http, String url) throws Exception {
    String text = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(), HttpResponse.BodyHandlers.ofString())
        .body();
    JsonObject out = new JsonObject();
    for (String line : text.split("\n")) {
      if (line.startsWith("onething_rules_")) {
        int space = line.lastIndexOf(' ');
        out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return out;
  }

  /** One run of the load client; its figures per request kind. */
  static Level run(JsonObject plan, String name) throws Exception {
    Path file = Files.createTempFile("journey-plan", ".json");
    Files.writeString(file, plan.encode());
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-XX:+UseSerialGC", "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), JourneyLoadClient.class.getName(), file.toString())
        .redirectErrorStream(true).start();
    Map<String, Kind> kinds = new LinkedHashMap<>();
    Map<String, Map<Integer, Long>> statuses = new LinkedHashMap<>();
    try (var lines = process.inputReader(StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith(JourneyLoadClient.JOURNEY)) {
          String[] p = line.substring(JourneyLoadClient.JOURNEY.length()).split(" ");
          Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(p[4])), 0);
          Map<Integer, Long> byStatus = statuses.computeIfAbsent(p[0], k -> new TreeMap<>());
          kinds.put(p[0], new Kind(Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]), h, byStatus));
        } else if (line.startsWith(JourneyLoadClient.STATUS)) {
          String[] p = line.substring(JourneyLoadClient.STATUS.length()).split(" ");
          statuses.computeIfAbsent(p[0], k -> new TreeMap<>()).put(Integer.parseInt(p[1]), Long.parseLong(p[2]));
        } else {
          System.out.println(line);
        }
      }
    }
    if (process.waitFor() != 0 || kinds.size() != JourneyLoadClient.KINDS.size()) {
      throw new IllegalStateException("load client failed (" + name + ")");
    }
    Level level = new Level(name, plan.getInteger("citizens"), plan.getInteger("clerks"), plan.getInteger("attackers"),
        plan.getInteger("seconds"), kinds);
    StringBuilder line = new StringBuilder("  " + name + "：");
    for (String k : JourneyLoadClient.KINDS) {
      Kind kind = kinds.get(k);
      if (kind.requests() > 0) {
        line.append(String.format(" %s %.0f/s p99 %.0f ms;", k, level.perSecond(k), kind.ms(99)));
      }
    }
    String failure = level.failure();
    SearchBenchmark.say(line + (failure == null ? " 通过" : " 未通过：" + failure));
    return level;
  }

  // --- report ---------------------------------------------------------------------------------

  /** The largest ratio of honest median latencies, and of which request kind. */
  static String[] worst(Level l, Level baseline) {
    double worst = 0;
    String where = "";
    for (String k : List.of("guide", "submit", "progress", "complete")) {
      double r = l.kinds().get(k).ms(50) / Math.max(0.001, baseline.kinds().get(k).ms(50));
      if (r > worst) {
        worst = r;
        where = k;
      }
    }
    return new String[] {String.format("%.2f", worst), where};
  }

  static String report(int seconds, int warmup, String loadBefore, double runSeconds, List<Level> rising, List<Level> attack,
      int attackers, JsonObject rules) {
    StringBuilder md = new StringBuilder();
    md.append(MARK_START).append('\n');
    md.append("### 最近一次运行 · Latest run: ").append(LocalDate.now()).append("\n\n");
    md.append("- 命令 command: `./onething bench load` (").append(warmup).append(" s warm-up, then ").append(seconds)
        .append(" s per level; whole run ").append(String.format("%.1f min", runSeconds / 60)).append(")\n");
    md.append("- 机器 machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
        .append(System.getProperty("java.version")).append("; server, load generator and PostgreSQL on the same machine;"
            + " load average before the run ").append(loadBefore).append(", after ").append(StepBenchmark.loadAverage())
        .append("\n");
    md.append("- 市民 citizen: guide page `GET /s/330000/newborn` (anonymous) → `POST /api/applications` (新生儿出生一件事, "
        + "full form and four materials) → `GET /api/applications/{id}/progress`; 办事员 clerk (一窗受理, clerk-330000-data): "
        + "`GET /api/tasks` → `GET /api/tasks/{id}` → `POST /api/tasks/{id}/complete`. Every user goes round with no pause.\n\n");
    md.append("#### (a) 逐级加压 · Rising load (a level holds when every request kind's p99 < 500 ms and nothing fails)\n\n");
    md.append("| 并发 users | 提交 submissions/s | 办结环节 completions/s | p99 ms guide / submit / progress | "
        + "p99 ms tasks / task / complete | 错误 errors | 结果 |\n|---|---|---|---|---|---|---|\n");
    Level held = null;
    Level failed = null;
    for (Level l : rising) {
      String failure = l.failure();
      long errors = HONEST.stream().mapToLong(k -> l.kinds().get(k).errors()).sum();
      md.append(String.format("| %s | %.1f | %.1f | %.0f / %.0f / %.0f | %.0f / %.0f / %.0f | %d | %s |%n", l.name(),
          l.perSecond("submit"), l.perSecond("complete"), l.kinds().get("guide").ms(99), l.kinds().get("submit").ms(99),
          l.kinds().get("progress").ms(99), l.kinds().get("tasks").ms(99), l.kinds().get("task").ms(99),
          l.kinds().get("complete").ms(99), errors, failure == null ? "held" : "**not held**: " + failure));
      if (failure == null) {
        held = l;
      } else if (failed == null) {
        failed = l;
      }
    }
    md.append('\n');
    if (held != null) {
      md.append(String.format("Highest load held: **%s** — %.1f submissions/s and %.1f clerk completions/s, every p99 under "
          + "500 ms, no errors.", held.name(), held.perSecond("submit"), held.perSecond("complete")));
    }
    if (failed != null) {
      md.append(" First beyond it: **").append(failed.name()).append("** — ").append(failed.failure()).append('.');
    }
    md.append("\n\n#### (b) 规则攻击 · Rule attack: ").append(attackers)
        .append(" attackers submitting to a service whose rule was made hostile in the database\n\n");
    md.append("| 情形 run | 攻击请求 attack req/s (statuses) | p50 / p99 ms guide | p50 / p99 ms submit | "
        + "p50 / p99 ms progress | p50 / p99 ms complete |\n|---|---|---|---|---|---|\n");
    for (Level l : attack) {
      Kind a = l.kinds().get("attack");
      md.append(String.format("| %s | %s | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f |%n", l.name(),
          a.requests() == 0 ? "—" : String.format("%.1f %s", l.perSecond("attack"), a.statuses()),
          l.kinds().get("guide").ms(50), l.kinds().get("guide").ms(99), l.kinds().get("submit").ms(50),
          l.kinds().get("submit").ms(99), l.kinds().get("progress").ms(50), l.kinds().get("progress").ms(99),
          l.kinds().get("complete").ms(50), l.kinds().get("complete").ms(99)));
    }
    md.append('\n');
    for (Level l : attack.subList(2, attack.size() - 1)) {
      String[] quiet = worst(l, attack.get(0));
      String[] same = worst(l, attack.get(1));
      md.append(String.format("- %s: honest median latency at most **%s×** that of the same traffic with an honest rule (%s)%s;"
          + " %s× the quiet baseline (%s)%n", l.name(), same[0], same[1], Double.parseDouble(same[0]) <= 2 ? " — within 2×"
          : " — **beyond 2×**", quiet[0], quiet[1]));
    }
    md.append("- 规则指标 rule metrics after the runs: ").append(rules.encode()).append("\n");
    md.append(MARK_END).append('\n');
    return md.toString();
  }
}
