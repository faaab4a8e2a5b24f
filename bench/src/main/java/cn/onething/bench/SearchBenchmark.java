package cn.onething.bench;

import cn.onething.OneThingServer;
import cn.onething.catalogue.CatalogueFiles;
import cn.onething.config.ServerConfig;
import cn.onething.db.DatabaseUrl;
import cn.onething.db.Migrations;
import cn.onething.search.CatalogueSearch;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * 检索基准 — the catalogue search under load, against the PostgreSQL full-text baseline a team
 * would otherwise build. One command ({@code ./onething bench}): makes a synthetic catalogue of
 * 100,000 templates in its own database ({@code onething_bench}), starts a real server on it,
 * measures the index build and the HTTP search endpoint at 1 and 8 concurrent clients, runs the
 * same queries against PostgreSQL (bigram {@code tsvector} and {@code pg_trgm}), measures both
 * baselines' relevance on the judged query set, and writes the figures into docs/performance.md.
 */
public final class SearchBenchmark {
  static final long SEED = 20261127L;
  static final String MARK_START = "<!-- search-benchmark:start -->";
  static final String MARK_END = "<!-- search-benchmark:end -->";

  /** The query mix: words, phrases, pinyin, initials, and filtered and sorted requests. */
  static final List<String> MIX = List.of(
      "q=出生登记", "q=营业执照", "q=食品经营许可变更", "q=住房公积金提取", "q=残疾人生活补贴", "q=杭州市营业执照",
      "q=社会保障卡", "q=不动产登记", "q=失业保险金", "q=教师资格认定", "q=养老金领取", "q=个体工商户注销",
      "q=医师执业注册", "q=居住证", "q=xse", "q=qykb", "q=yyzz",
      "q=营业执照&kind=matter&stage=准入准营", "q=出生&department=public-security", "q=补贴&sort=usage");

  private SearchBenchmark() {}

  public static void main(String[] args) throws Exception {
    int templates = intArg(args, "--templates", 100_000);
    int seconds = intArg(args, "--seconds", 20);
    int warmup = intArg(args, "--warmup", 8);
    Path docs = Path.of(stringArg(args, "--docs", "docs/performance.md"));
    Path catalogueDir = Path.of(stringArg(args, "--catalogue", "templates"));
    Path judged = Path.of(stringArg(args, "--judged", "server/src/test/resources/search/judged-queries.json"));

    DatabaseUrl base = DatabaseUrl.parse(System.getenv().getOrDefault("ONETHING_DB_URL", ServerConfig.DEFAULT_DB_URL));
    DatabaseUrl bench = new DatabaseUrl(base.host(), base.port(), "onething_bench", base.user(), base.password());
    say("基准数据库 " + bench.describe());
    Migrations.run(bench, true);

    try (Connection db = connect(bench)) {
      boolean regenerated = prepareCorpus(db, templates);
      long baselineMillis = prepareBaseline(db, regenerated);
      if (baselineMillis >= 0) {
        say("PostgreSQL 基线表与索引已就绪（" + baselineMillis + " ms）");
      }

      say("启动服务器…");
      OneThingServer server = OneThingServer.start(ServerConfig.from(Map.of(
          "ONETHING_DB_URL", "postgresql://" + bench.user() + (bench.password() == null ? "" : ":" + bench.password())
              + "@" + bench.host() + ":" + bench.port() + "/" + bench.database(),
          "ONETHING_HTTP_PORT", "0", "ONETHING_HTTP_HOST", "127.0.0.1", "ONETHING_TEMPLATES_DIR", "none"))).await();
      try {
        long t0 = System.nanoTime();
        server.rebuildSearchIndex().await();
        long buildMillis = (System.nanoTime() - t0) / 1_000_000;
        int indexed = server.search().size();
        say("索引重建：" + indexed + " 个版本，" + buildMillis + " ms");

        String searchUrl = "http://127.0.0.1:" + server.port() + "/api/catalogue/search?";
        Map<String, Load> results = new LinkedHashMap<>();
        for (int clients : new int[] {1, 8}) {
          results.put("Lucene（HTTP 端点）, " + clients + " 个并发客户端", remoteLoad(searchUrl, clients, warmup, seconds));
        }
        BigramBaseline pg = new BigramBaseline(bench);
        for (int clients : new int[] {1, 8}) {
          results.put("PostgreSQL 二元组 tsvector（直连 JDBC）, " + clients + " 个并发客户端",
              load(clients, warmup, seconds, pg::run));
        }
        pg.close();

        Relevance relevance = Relevance.measure(db, catalogueDir, judged);
        String section = report(templates, indexed, buildMillis, baselineMillis, seconds, results, relevance);
        System.out.println(section);
        write(docs, section);
        say("结果已写入 " + docs);
      } finally {
        server.stop(Duration.ofSeconds(20));
      }
    }
    System.exit(0);
  }

  // --- corpus ---------------------------------------------------------------------------------

  /** Generates the corpus unless the same one is already there; true when it was (re)generated. */
  static boolean prepareCorpus(Connection db, int templates) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS bench_meta (generator integer, templates integer, seed bigint)");
      try (ResultSet rs = s.executeQuery("SELECT generator, templates, seed FROM bench_meta")) {
        if (rs.next() && rs.getInt(1) == SyntheticCatalogue.GENERATOR_VERSION && rs.getInt(2) == templates
            && rs.getLong(3) == SEED) {
          say("合成目录已存在（" + templates + " 个模板），直接使用");
          return false;
        }
      }
      say("生成 " + templates + " 个合成模板…");
      s.execute("TRUNCATE workspace_item, template_version, template, bench_meta");
    }
    long t0 = System.nanoTime();
    SyntheticCatalogue generator = new SyntheticCatalogue(SEED);
    db.setAutoCommit(false);
    try (PreparedStatement template = db.prepareStatement("INSERT INTO template (publisher, slug, kind) VALUES (?, ?, 'matter')");
         PreparedStatement version = db.prepareStatement("""
             INSERT INTO template_version (publisher, slug, version, major, minor, patch, status, title, content,
                                           content_hash, source, created_by, published_by, published_at)
             VALUES (?, ?, '1.0.0', 1, 0, 0, 'published', ?, ?::jsonb, ?, 'bench', 'bench', 'bench', now())""");
         PreparedStatement usage = db.prepareStatement(
             "INSERT INTO workspace_item (region, publisher, slug, version, installed_by) VALUES (?, ?, ?, '1.0.0', 'bench') "
                 + "ON CONFLICT DO NOTHING")) {
      Random random = new Random(SEED);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (int i = 0; i < templates; i++) {
        JsonObject t = generator.next(i);
        String json = t.encode();
        template.setString(1, t.getString("publisher"));
        template.setString(2, t.getString("slug"));
        template.addBatch();
        version.setString(1, t.getString("publisher"));
        version.setString(2, t.getString("slug"));
        version.setString(3, t.getString("title"));
        version.setString(4, json);
        version.setString(5, HexFormat.of().formatHex(sha.digest(json.getBytes(StandardCharsets.UTF_8))));
        version.addBatch();
        if (i % 40 == 0) {
          for (int p = 0; p < 1 + random.nextInt(8); p++) {
            usage.setString(1, (11 + random.nextInt(5)) + "0000");
            usage.setString(2, t.getString("publisher"));
            usage.setString(3, t.getString("slug"));
            usage.addBatch();
          }
        }
        if (i % 2000 == 1999 || i == templates - 1) {
          template.executeBatch();
          version.executeBatch();
          usage.executeBatch();
          db.commit();
          if (i % 20000 == 19999) {
            say("  已写入 " + (i + 1));
          }
        }
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } catch (SQLException e) {
      db.rollback();
      throw e;
    } finally {
      db.setAutoCommit(true);
    }
    try (Statement s = db.createStatement()) {
      s.execute("INSERT INTO bench_meta VALUES (" + SyntheticCatalogue.GENERATOR_VERSION + ", " + templates + ", " + SEED + ")");
      s.execute("ANALYZE");
    }
    say("合成目录写入完成（" + (System.nanoTime() - t0) / 1_000_000 + " ms）");
    return true;
  }

  /** The baseline's own table: the searchable text, its bigrams as a tsvector, and a trigram index. */
  static long prepareBaseline(Connection db, boolean regenerated) throws SQLException {
    long t0 = System.nanoTime();
    try (Statement s = db.createStatement()) {
      if (!regenerated) {
        try (ResultSet rs = s.executeQuery("SELECT to_regclass('bench_doc') IS NOT NULL")) {
          rs.next();
          if (rs.getBoolean(1)) {
            say("PostgreSQL 基线表已存在，直接使用（准备时间见上次运行）");
            return -1;
          }
        }
      }
      s.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm");
      s.execute(BigramBaseline.BIGRAMS_FUNCTION);
      s.execute("DROP TABLE IF EXISTS bench_doc");
      s.execute("""
          CREATE TABLE bench_doc AS
          SELECT v.publisher || '/' || v.slug AS ref, t.kind, v.content ->> 'department' AS department,
                 v.content -> 'stages' ->> 0 AS stage, v.title,
                 concat_ws(' ', v.title, v.content ->> 'summary', v.content ->> 'keywords') AS body,
                 coalesce((SELECT count(*) FROM workspace_item w WHERE w.publisher = v.publisher AND w.slug = v.slug), 0) AS usage
            FROM template_version v JOIN template t USING (publisher, slug) WHERE v.status = 'published'""");
      s.execute("ALTER TABLE bench_doc ADD COLUMN bigrams tsvector");
      s.execute("UPDATE bench_doc SET bigrams = to_tsvector('simple', bench_bigrams(body))");
      s.execute("CREATE INDEX bench_doc_bigrams ON bench_doc USING gin (bigrams)");
      s.execute("CREATE INDEX bench_doc_trgm ON bench_doc USING gin (body gin_trgm_ops)");
      s.execute("ANALYZE bench_doc");
    }
    return (System.nanoTime() - t0) / 1_000_000;
  }

  // --- load -----------------------------------------------------------------------------------

  interface Query {
    void run(String mixEntry) throws Exception;
  }

  record Load(int clients, long requests, double seconds, Histogram micros, long errors) {
    double throughput() {
      return requests / seconds;
    }

    double ms(double percentile) {
      return micros.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  static Load load(int clients, int warmupSeconds, int seconds, Query query) throws InterruptedException {
    run(clients, warmupSeconds, query, null, null);
    Histogram histogram = new Histogram(60_000_000L, 3);
    AtomicLong errors = new AtomicLong();
    long started = System.nanoTime();
    long requests = run(clients, seconds, query, histogram, errors);
    double elapsed = (System.nanoTime() - started) / 1e9;
    Load load = new Load(clients, requests, elapsed, histogram, errors.get());
    say(String.format("  %d 个客户端：%.0f 次/秒，p50 %.2f ms，p99 %.2f ms，错误 %d", clients, load.throughput(),
        load.ms(50), load.ms(99), load.errors()));
    return load;
  }

  private static long run(int clients, int seconds, Query query, Histogram histogram, AtomicLong errors)
      throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicLong count = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int offset = c * 7;
      Thread thread = Thread.ofPlatform().start(() -> {
        Histogram local = new Histogram(60_000_000L, 3);
        for (int i = offset; System.nanoTime() < end; i++) {
          long t0 = System.nanoTime();
          try {
            query.run(MIX.get(i % MIX.size()));
          } catch (Exception e) {
            if (errors != null) {
              errors.incrementAndGet();
            }
          }
          local.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
          count.incrementAndGet();
        }
        if (histogram != null) {
          synchronized (histogram) {
            histogram.add(local);
          }
        }
      });
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    return count.get();
  }

  /** The HTTP load from a separate JVM ({@link LoadClient}), so that it does not run inside the server's. */
  static Load remoteLoad(String url, int clients, int warmup, int seconds) throws Exception {
    return remoteLoad(clients, List.of(url, String.valueOf(clients), String.valueOf(warmup), String.valueOf(seconds)));
  }

  /** {@link LoadClient} in its own JVM with these arguments. */
  static Load remoteLoad(int clients, List<String> arguments) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-XX:+UseSerialGC", "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), LoadClient.class.getName()));
    command.addAll(arguments);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Load load = null;
    try (var lines = process.inputReader(StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith(LoadClient.RESULT)) {
          load = LoadClient.parse(clients, line);
        } else {
          System.out.println(line);
        }
      }
    }
    if (process.waitFor() != 0 || load == null) {
      throw new IllegalStateException("load client failed (exit " + process.exitValue() + ")");
    }
    return load;
  }

  /** Percent-encodes each parameter value of a query string. */
  static String encode(String entry) {
    StringBuilder out = new StringBuilder();
    for (String pair : entry.split("&")) {
      int eq = pair.indexOf('=');
      if (!out.isEmpty()) {
        out.append('&');
      }
      out.append(pair, 0, eq + 1).append(URLEncoder.encode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  static Map<String, String> params(String entry) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : entry.split("&")) {
      int eq = pair.indexOf('=');
      params.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return params;
  }

  // --- report ---------------------------------------------------------------------------------

  static String report(int templates, int indexed, long buildMillis, long baselineMillis, int seconds,
      Map<String, Load> results, Relevance relevance) {
    StringBuilder md = new StringBuilder();
    md.append(MARK_START).append('\n');
    md.append("### 最近一次运行 · Latest run: ").append(LocalDate.now()).append("\n\n");
    md.append("- 命令 command: `./onething bench` (").append(templates).append(" synthetic templates, ")
        .append(seconds).append(" s per measurement after a warm-up)\n");
    md.append("- 机器 machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
        .append(System.getProperty("java.version")).append("; server, load generator and PostgreSQL on the same machine\n");
    md.append("- 索引重建 full index build: **").append(indexed).append(" versions in ")
        .append(String.format("%.1f s", buildMillis / 1000.0)).append("** (from PostgreSQL rows to searchable)\n");
    md.append("- PostgreSQL 基线准备 baseline preparation (bigram tsvector + GIN, pg_trgm GIN): ")
        .append(baselineMillis < 0 ? "reused from an earlier run" : String.format("%.1f s", baselineMillis / 1000.0))
        .append("\n\n");
    md.append("| 查询方式 · path | 吞吐 req/s | p50 ms | p95 ms | p99 ms | 错误 errors |\n|---|---|---|---|---|---|\n");
    results.forEach((name, l) -> md.append(String.format("| %s | %.0f | %.2f | %.2f | %.2f | %d |%n", name, l.throughput(),
        l.ms(50), l.ms(95), l.ms(99), l.errors())));
    List<Load> loads = new ArrayList<>(results.values());
    md.append(String.format("%n吞吐比（Lucene / PostgreSQL）· throughput ratio: %.1f× at 1 client, %.1f× at 8 clients.%n%n",
        loads.get(0).throughput() / loads.get(2).throughput(), loads.get(1).throughput() / loads.get(3).throughput()));
    md.append("评测集相关度（国家目录，45 条查询）· relevance on the judged set:\n\n");
    md.append("| 方式 · method | MRR | nDCG@5 |\n|---|---|---|\n");
    relevance.rows().forEach((name, m) -> md.append(String.format("| %s | %.3f | %.3f |%n", name, m[0], m[1])));
    md.append(MARK_END).append('\n');
    return md.toString();
  }

  static void write(Path docs, String section) throws IOException {
    write(docs, section, MARK_START, MARK_END);
  }

  /** Replaces the text between the two markers (markers included), or appends the section. */
  static void write(Path docs, String section, String markStart, String markEnd) throws IOException {
    String text = Files.exists(docs) ? Files.readString(docs, StandardCharsets.UTF_8) : "# Performance\n\n";
    int start = text.indexOf(markStart);
    int end = text.indexOf(markEnd);
    if (start >= 0 && end > start) {
      text = text.substring(0, start) + section + text.substring(end + markEnd.length() + 1);
    } else {
      text = text + "\n" + section;
    }
    Files.writeString(docs, text, StandardCharsets.UTF_8);
  }

  // --- plumbing -------------------------------------------------------------------------------

  /** Drops a benchmark's own database on the server {@code base} points at, sessions and all. */
  static void dropDatabase(DatabaseUrl base, String name) throws SQLException {
    DatabaseUrl admin = new DatabaseUrl(base.host(), base.port(), "postgres", base.user(), base.password());
    try (Connection c = connect(admin); java.sql.Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  static Connection connect(DatabaseUrl url) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", url.user());
    if (url.password() != null) {
      props.setProperty("password", url.password());
    }
    props.setProperty("reWriteBatchedInserts", "true");
    return DriverManager.getConnection(url.jdbcUrl(), props);
  }

  static void say(String text) {
    System.out.println("[bench] " + text);
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

  /** Lucene on the national catalogue in this JVM, and the two PostgreSQL baselines on the same templates. */
  record Relevance(Map<String, double[]> rows) {
    static Relevance measure(Connection db, Path catalogueDir, Path judgedFile) throws Exception {
      List<JsonObject> national = CatalogueFiles.read(catalogueDir).stream().map(CatalogueFiles.TemplateFile::template).toList();
      List<JsonObject> queries = new JsonObject(Files.readString(judgedFile, StandardCharsets.UTF_8))
          .getJsonArray("queries").stream().map(q -> (JsonObject) q).toList();
      Map<String, double[]> rows = new LinkedHashMap<>();
      try (CatalogueSearch lucene = new CatalogueSearch()) {
        lucene.replaceAllCurrent(national);
        rows.put("Lucene（本项目）", score(queries, q -> lucene.search(new CatalogueSearch.Request(q, Map.of(), Set.of("current"),
            "relevance", 1, 10)).hits().stream().map(h -> h.getString("publisher") + "/" + h.getString("slug")).toList()));
      }
      try (Statement s = db.createStatement()) {
        s.execute("DROP TABLE IF EXISTS bench_national_doc");
        s.execute("CREATE TABLE bench_national_doc (ref text, title text, body text, bigrams tsvector)");
      }
      try (PreparedStatement insert = db.prepareStatement(
          "INSERT INTO bench_national_doc VALUES (?, ?, ?, to_tsvector('simple', bench_bigrams(?)))")) {
        for (JsonObject t : national) {
          String body = String.join(" ", t.getString("title"), t.getString("summary", ""),
              String.valueOf(t.getValue("keywords", "")));
          insert.setString(1, t.getString("publisher") + "/" + t.getString("slug"));
          insert.setString(2, t.getString("title"));
          insert.setString(3, body);
          insert.setString(4, body);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      rows.put("PostgreSQL 二元组 tsvector + ts_rank_cd", score(queries, q -> refs(db, """
          SELECT ref FROM bench_national_doc, to_tsquery('simple', ?) q WHERE bigrams @@ q
           ORDER BY ts_rank_cd(bigrams, q) DESC, ref LIMIT 10""", BigramBaseline.tsquery(q))));
      rows.put("PostgreSQL pg_trgm（ILIKE 子串 + similarity 排序）", score(queries, q -> refs(db, """
          SELECT ref FROM bench_national_doc WHERE body ILIKE '%' || ? || '%'
           ORDER BY similarity(title, ?) DESC, ref LIMIT 10""", q, q)));
      return new Relevance(rows);
    }

    private interface Ranker {
      List<String> rank(String q) throws Exception;
    }

    private static List<String> refs(Connection db, String sql, String... params) throws SQLException {
      if (params[0].isEmpty()) {
        return List.of();
      }
      try (PreparedStatement ps = db.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          ps.setString(i + 1, params[i]);
        }
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
        return out;
      }
    }

    private static double[] score(List<JsonObject> queries, Ranker ranker) throws Exception {
      double mrr = 0;
      double ndcg = 0;
      for (JsonObject query : queries) {
        JsonObject relevant = query.getJsonObject("relevant");
        List<String> ranked = ranker.rank(query.getString("q"));
        for (int i = 0; i < ranked.size(); i++) {
          if (relevant.containsKey(ranked.get(i))) {
            mrr += 1.0 / (i + 1);
            break;
          }
        }
        double dcg = 0;
        for (int i = 0; i < Math.min(5, ranked.size()); i++) {
          dcg += (Math.pow(2, relevant.getInteger(ranked.get(i), 0)) - 1) / (Math.log(i + 2) / Math.log(2));
        }
        List<Integer> ideal = relevant.stream().map(e -> (Integer) e.getValue()).sorted((a, b) -> b - a).toList();
        double idcg = 0;
        for (int i = 0; i < Math.min(5, ideal.size()); i++) {
          idcg += (Math.pow(2, ideal.get(i)) - 1) / (Math.log(i + 2) / Math.log(2));
        }
        ndcg += idcg == 0 ? 0 : dcg / idcg;
      }
      return new double[] {mrr / queries.size(), ndcg / queries.size()};
    }
  }
}
