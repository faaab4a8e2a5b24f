package cn.onething.bench;

import cn.onething.OneThingServer;
import cn.onething.config.ServerConfig;
import cn.onething.db.DatabaseUrl;
import cn.onething.db.Migrations;
import cn.onething.bench.SearchBenchmark.Load;
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
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * 运行时基准 (issue 7) — in one run on the same PostgreSQL: submissions through the HTTP API
 * against pgbench doing the same inserts ({@link SubmissionBenchmark}); the guide and apply pages
 * against a plain Vert.x handler rendering the same templates ({@link PageBenchmark}); then JMH:
 * one rule evaluation in the GraalJS sandbox against Rhino ({@link RuleBenchmark}) and one schema
 * validation of the newborn form against Jackson parsing it ({@link SchemaBenchmark}). Makes and
 * drops its own database ({@code onething_bench_runtime}) and rewrites its section of
 * docs/performance.md. Run: {@code ./onething bench runtime}.
 */
public final class RuntimeBenchmark {
  static final int[] CLIENTS = {1, 8};
  static final String DATABASE = "onething_bench_runtime";
  static final String MARK_START = "<!-- runtime-benchmark:start -->";
  static final String MARK_END = "<!-- runtime-benchmark:end -->";

  private RuntimeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = intArg(args, "--seconds", 15);
    int warmup = intArg(args, "--warmup", 5);
    int jmhSeconds = intArg(args, "--jmh-seconds", 3);
    // With the Graal compiler, the server's first minute compiles the release's rules.
    int ruleWarmup = intArg(args, "--rule-warmup", cn.onething.rules.RuleSandbox.compiled() ? 150 : 0);
    // For profiling one part: "submissions" or "pages" (no JMH, nothing written).
    String only = stringArg(args, "--only", "all");
    Path docs = Path.of(stringArg(args, "--docs", "docs/performance.md"));
    Path templates = Path.of(stringArg(args, "--catalogue", "templates")).toAbsolutePath();
    Path work = Files.createDirectories(Path.of(stringArg(args, "--work", "bench/target/runtime-bench")).toAbsolutePath());
    String loadBefore = loadAverage();
    long started = System.nanoTime();

    DatabaseUrl base = DatabaseUrl.parse(System.getenv().getOrDefault("ONETHING_DB_URL", ServerConfig.DEFAULT_DB_URL));
    DatabaseUrl db = new DatabaseUrl(base.host(), base.port(), DATABASE, base.user(), base.password());
    dropDatabase(base);
    say("基准数据库 " + db.describe());
    Migrations.run(db, true);
    String postgres;
    try (Connection c = SearchBenchmark.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      postgres = rs.getString(1);
    }

    SubmissionBenchmark.Result submissions;
    List<PageBenchmark.PageResult> pages;
    Path releaseFile = work.resolve("newborn-release.json");
    say("启动服务器（演示服务，不连部门模拟器）…");
    OneThingServer server = OneThingServer.start(ServerConfig.from(Map.of(
        "ONETHING_DB_URL", "postgresql://" + db.user() + (db.password() == null ? "" : ":" + db.password())
            + "@" + db.host() + ":" + db.port() + "/" + db.database(),
        "ONETHING_HTTP_PORT", "0", "ONETHING_HTTP_HOST", "127.0.0.1", "ONETHING_TEMPLATES_DIR", templates.toString(),
        "ONETHING_DEMO_SERVICES", "true", "ONETHING_SIMULATOR_URL", "none"))).await();
    try {
      String url = "http://127.0.0.1:" + server.port();
      Http http = new Http();
      http.awaitService(url + "/api/services/330000/newborn");
      JsonObject release;
      String title;
      try (Connection c = SearchBenchmark.connect(db); PreparedStatement ps = c.prepareStatement("""
          SELECT s.title, r.content::text FROM service s JOIN service_release r
              ON r.region = s.region AND r.slug = s.slug AND r.number = s.active_release
           WHERE s.region = '330000' AND s.slug = 'newborn'""")) {
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          title = rs.getString(1);
          release = new JsonObject(rs.getString(2));
        }
      }
      Files.writeString(releaseFile, release.encode(), StandardCharsets.UTF_8);
      String token = http.devLogin(url, "citizen-lina");
      if (ruleWarmup > 0) {
        say("服务器预热：申请页 " + ruleWarmup / 2 + " 秒（Graal 编译器编译本事项的规则），不计入结果");
        PageBenchmark.warmRules(url, ruleWarmup / 2);
      }

      say("(a) 提交吞吐：HTTP 端点与 pgbench 同样的插入");
      submissions = only.equals("pages") ? null : SubmissionBenchmark.run(http, url, token, release, db, work, warmup, seconds,
          ruleWarmup - ruleWarmup / 2);
      say("(b) 页面渲染：服务器与纯 Vert.x + FreeMarker");
      pages = only.equals("submissions") ? null : PageBenchmark.run(url, release, title, templates, warmup, seconds);
    } finally {
      server.stop(Duration.ofSeconds(20));
    }

    if (!only.equals("all")) {
      dropDatabase(base);
      System.exit(0);
    }
    say("(c) JMH：规则求值（GraalJS 沙箱 / Rhino）与表单结构校验（networknt / Jackson）…");
    Map<String, double[]> jmh = jmh(releaseFile, jmhSeconds);
    dropDatabase(base);

    String section = report(seconds, warmup, jmhSeconds, postgres, loadBefore, loadAverage(), (System.nanoTime() - started) / 1e9,
        submissions, pages, jmh, countRules(release(releaseFile)));
    System.out.println(section);
    SearchBenchmark.write(docs, section, MARK_START, MARK_END);
    say("结果已写入 " + docs);
    System.exit(0);
  }

  private static JsonObject release(Path file) throws IOException {
    return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
  }

  private static int countRules(JsonObject release) {
    return (int) release.getJsonArray("rules").stream().filter(r -> !"route".equals(((JsonObject) r).getString("kind"))).count();
  }

  /** Runs the two JMH classes in their own forked JVM; benchmark method → {score ns, error ns}. */
  static Map<String, double[]> jmh(Path releaseFile, int seconds) throws Exception {
    List<String> args = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-Dpolyglot.engine.WarnInterpreterOnly=false", "-Donething.bench.release=" + releaseFile,
        "-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile", "")));
    args.addAll(ruleCompilerFlags());
    List<RunResult> results = new ArrayList<>();
    // The rules' benchmarks warm up twice as long: with the Graal compiler a rule takes about 15 s
    // of calls to be compiled fully; JMH's warm-up is where that belongs.
    for (Class<?> benchmark : List.of(RuleBenchmark.class, SchemaBenchmark.class)) {
      Options options = new OptionsBuilder()
          .include(benchmark.getName() + "\\.")
          .forks(1).warmupIterations(benchmark == RuleBenchmark.class ? 6 : 3).warmupTime(TimeValue.seconds(seconds))
          .measurementIterations(4).measurementTime(TimeValue.seconds(seconds))
          .jvmArgsAppend(args.toArray(String[]::new))
          .build();
      results.addAll(new Runner(options).run());
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      out.put(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
          new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
    }
    return out;
  }

  /** The Graal compiler flags this JVM was started with (by {@code ./onething bench}), for the forked one. */
  static List<String> ruleCompilerFlags() {
    return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.equals("-XX:+UnlockExperimentalVMOptions") || a.equals("-XX:+EnableJVMCI")
            || a.startsWith("--upgrade-module-path"))
        .toList();
  }

  // --- report ---------------------------------------------------------------------------------

  static String report(int seconds, int warmup, int jmhSeconds, String postgres, String loadBefore, String loadAfter, double runSeconds,
      SubmissionBenchmark.Result a, List<PageBenchmark.PageResult> b, Map<String, double[]> c, int rules) {
    StringBuilder md = new StringBuilder();
    md.append(MARK_START).append('\n');
    md.append("### 最近一次运行 · Latest run: ").append(LocalDate.now()).append("\n\n");
    md.append("- 命令 command: `./onething bench runtime` (").append(warmup).append(" s warm-up, then ").append(seconds)
        .append(" s per HTTP and pgbench measurement; JMH 1 fork, 6 (rules) or 3 (schema) × ").append(jmhSeconds)
        .append(" s warm-up, 4 × ")
        .append(jmhSeconds).append(" s measurement; whole run ")
        .append(String.format("%.1f min", runSeconds / 60)).append(")\n");
    md.append("- 机器 machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores (")
        .append(cpuModel()).append("), Java ").append(System.getProperty("java.version")).append(", PostgreSQL ")
        .append(postgres).append("; server, load generator, pgbench and PostgreSQL on the same machine\n");
    md.append("- 规则引擎 rule engine: ").append(cn.onething.rules.RuleSandbox.compiled()
        ? "GraalJS with the Graal compiler " + System.getProperty("java.version")
            + " (`./onething` adds it when it matches the JDK); the server served apply pages for 75 s and then"
            + " submissions for 75 s first, unmeasured, while the compiler compiled the release's rules"
        : "GraalJS interpreted (no Graal compiler on the upgrade module path)").append("\n");
    md.append("- 负载 load average (1/5/15 min) before the run: ").append(loadBefore).append("; after: ").append(loadAfter)
        .append("\n\n");

    md.append("#### (a) 提交 · Submissions: `POST /api/applications` vs pgbench doing the same inserts\n\n");
    md.append(String.format("One transaction writes: the next number, the application (data %d bytes of JSON), %d material "
        + "rows, the start event and the submission key.%n%n", a.dataBytes(), a.materialRows()));
    md.append("| 路径 · path | 客户端 clients | req/s | p50 ms | p95 ms | p99 ms | 错误 errors |\n|---|---|---|---|---|---|---|\n");
    for (int clients : CLIENTS) {
      row(md, "HTTP 端点 (server)", clients, a.server().get(clients));
      row(md, "pgbench, one transaction", clients, a.pgbench().get(clients));
    }
    md.append('\n');
    for (int clients : CLIENTS) {
      md.append(String.format("Ratio server / pgbench at %d client%s: **%.2f×**%n", clients, clients == 1 ? "" : "s",
          a.server().get(clients).throughput() / a.pgbench().get(clients).throughput()));
    }
    md.append("\n#### (b) 页面 · Pages: server vs a plain Vert.x handler rendering the same templates\n\n");
    md.append("| 页面 · page | 客户端 clients | server renders/s | p50 / p99 ms | plain renders/s | p50 / p99 ms | ratio | errors (server/plain) |\n"
        + "|---|---|---|---|---|---|---|---|\n");
    for (PageBenchmark.PageResult p : b) {
      for (int clients : CLIENTS) {
        Load s = p.server().get(clients);
        Load q = p.plain().get(clients);
        md.append(String.format("| %s | %d | %.0f | %.2f / %.2f | %.0f | %.2f / %.2f | **%.2f×** | %d / %d |%n", p.name(), clients,
            s.throughput(), s.ms(50), s.ms(99), q.throughput(), q.ms(50), q.ms(99), s.throughput() / q.throughput(),
            s.errors(), q.errors()));
      }
    }
    md.append('\n');
    for (PageBenchmark.PageResult p : b) {
      md.append(String.format("- %s `%s`: server page %,d bytes, baseline page %,d bytes%n", p.name(), p.path(),
          p.serverBytes(), p.plainBytes()));
    }
    md.append("\n#### (c) JMH: one rule evaluation, one schema validation (average time per operation)\n\n");
    md.append("| benchmark | ns/op | ± (99.9 %) |\n|---|---|---|\n");
    c.forEach((name, v) -> md.append(String.format("| `%s` | %,.0f | %,.0f |%n", name, v[0], v[1])));
    md.append(String.format("%n`graalSandboxWholeRuleSet` evaluates the newborn release's %d form rules in one call: "
        + "%,.0f ns per rule.%n", rules, value(c, "RuleBenchmark.graalSandboxWholeRuleSet") / Math.max(1, rules)));

    md.append("\n#### 对照目标 · Against the targets (issue 7)\n\n| target | measured | met? |\n|---|---|---|\n");
    for (int clients : CLIENTS) {
      double ratio = a.server().get(clients).throughput() / a.pgbench().get(clients).throughput();
      md.append(String.format("| (a) submissions ≥ 0.5× pgbench, %d client%s | %.2f× | %s |%n", clients, clients == 1 ? "" : "s",
          ratio, ratio >= 0.5 ? "yes" : "**no**"));
    }
    for (PageBenchmark.PageResult p : b) {
      for (int clients : CLIENTS) {
        double ratio = p.server().get(clients).throughput() / p.plain().get(clients).throughput();
        md.append(String.format("| (b) %s ≥ 0.8× plain render, %d client%s | %.2f× | %s |%n", p.name(), clients,
            clients == 1 ? "" : "s", ratio, ratio >= 0.8 ? "yes" : "**no**"));
      }
    }
    double graal = value(c, "RuleBenchmark.graalSandbox");
    for (String rhino : List.of("rhinoInterpretedJson", "rhinoOptimizedJson", "rhinoInterpretedPrepared", "rhinoOptimizedPrepared")) {
      double r = value(c, "RuleBenchmark." + rhino);
      md.append(String.format("| (c) sandboxed GraalJS rule no slower than Rhino (`%s`) | %,.0f ns vs %,.0f ns (%.2f×) | %s |%n",
          rhino, graal, r, graal / r, graal <= r ? "yes" : "**no**"));
    }
    double validate = value(c, "SchemaBenchmark.validate");
    double parse = value(c, "SchemaBenchmark.jacksonParse");
    md.append(String.format("| (c) schema validation ≤ 5× Jackson parse | %,.0f ns vs %,.0f ns (%.1f×) | %s |%n", validate, parse,
        validate / parse, validate <= 5 * parse ? "yes" : "**no**"));
    md.append(MARK_END).append('\n');
    return md.toString();
  }

  private static double value(Map<String, double[]> jmh, String name) {
    double[] v = jmh.get(name);
    return v == null ? Double.NaN : v[0];
  }

  private static void row(StringBuilder md, String path, int clients, Load l) {
    md.append(String.format("| %s | %d | %.0f | %.2f | %.2f | %.2f | %d |%n", path, clients, l.throughput(), l.ms(50), l.ms(95),
        l.ms(99), l.errors()));
  }

  // --- plumbing -------------------------------------------------------------------------------

  /** The few requests the benchmark makes itself (log in, upload, a first submission). */
  static final class Http {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    void awaitService(String url) throws Exception {
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (true) {
        HttpResponse<String> reply = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() == 200) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(url + " still answers " + reply.statusCode());
        }
        Thread.sleep(500);
      }
    }

    String devLogin(String base, String user) throws Exception {
      return json(HttpRequest.newBuilder(URI.create(base + "/api/auth/dev-login")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("user", user).encode())), 200).getString("token");
    }

    String upload(String url, String token, byte[] bytes) throws Exception {
      return json(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/octet-stream").header("X-Filename", "vaccination.pdf")
          .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), 201).getString("sha256");
    }

    JsonObject submit(String url, String token, JsonObject body) throws Exception {
      return json(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json").header("Idempotency-Key", "bench-first-" + UUID.randomUUID())
          .POST(HttpRequest.BodyPublishers.ofString(body.encode())), 201);
    }

    private JsonObject json(HttpRequest.Builder request, int expected) throws Exception {
      HttpResponse<String> reply = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (reply.statusCode() != expected) {
        throw new IllegalStateException(reply.uri() + " answered " + reply.statusCode() + ": " + reply.body());
      }
      return new JsonObject(reply.body());
    }
  }

  static String pgbench() {
    for (String candidate : List.of("/usr/lib/postgresql/15/bin/pgbench", "/usr/bin/pgbench")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "pgbench";
  }

  private static void dropDatabase(DatabaseUrl base) throws Exception {
    SearchBenchmark.dropDatabase(base, DATABASE);
  }


  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " / " + parts[1] + " / " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  static void say(String text) {
    SearchBenchmark.say(text);
  }

  private static int intArg(String[] args, String name, int fallback) {
    String value = stringArg(args, name, null);
    return value == null ? fallback : Integer.parseInt(value);
  }

  private static String stringArg(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
