package cn.onething.bench;

import cn.onething.bench.SearchBenchmark.Load;
import cn.onething.db.DatabaseUrl;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * 提交基准 — {@code POST /api/applications} of 330000's 新生儿出生一件事 with a valid form and a
 * fresh Idempotency-Key per request, from {@link LoadClient} in its own JVM, against a pgbench
 * script that does the same inserts in one transaction (next number, the application with the
 * same data, its material rows, the start event, the submission key) on the same database, at
 * the same concurrency and for as long.
 */
final class SubmissionBenchmark {
  static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
  static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
  static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");

  /** The figures, and what one transaction writes. */
  record Result(Map<Integer, Load> server, Map<Integer, Load> pgbench, int materialRows, int dataBytes, String script) {}

  private SubmissionBenchmark() {}

  static Result run(RuntimeBenchmark.Http http, String base, String token, JsonObject release, DatabaseUrl db, Path work,
      int warmup, int seconds, int serverWarmup) throws Exception {
    String sha = http.upload(base + "/api/uploads", token, NewbornSubmission.pdf());
    JsonObject body = NewbornSubmission.body(sha, release);
    JsonObject first = http.submit(base + "/api/applications", token, body);
    Path bodyFile = work.resolve("submission.json");
    Files.writeString(bodyFile, body.encode(), StandardCharsets.UTF_8);

    String script;
    int materialRows;
    int dataBytes;
    try (Connection c = SearchBenchmark.connect(db)) {
      Stored stored = Stored.read(c, first.getString("id"));
      script = stored.pgbenchScript(LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")));
      materialRows = stored.materials().size();
      dataBytes = stored.data().getBytes(StandardCharsets.UTF_8).length;
    }
    Path scriptFile = work.resolve("submission.pgbench.sql");
    Files.writeString(scriptFile, script, StandardCharsets.UTF_8);
    RuntimeBenchmark.say("一次提交写入：application（data " + dataBytes + " 字节）、" + materialRows
        + " 行材料、1 个事件、1 个幂等键");

    if (serverWarmup > 0) {
      // Submissions give the rules other values than the apply page's (types the compiled code had
      // not seen): the Graal compiler compiles them again, once, here and not while measuring.
      RuntimeBenchmark.say("服务器预热：提交 " + serverWarmup + " 秒，不计入结果");
      SearchBenchmark.remoteLoad(2, List.of("submit", base + "/api/applications", "2", "0", String.valueOf(serverWarmup),
          bodyFile.toString(), "Authorization: Bearer " + token));
    }
    Map<Integer, Load> server = new LinkedHashMap<>();
    Map<Integer, Load> pgbench = new LinkedHashMap<>();
    for (int clients : RuntimeBenchmark.CLIENTS) {
      RuntimeBenchmark.say("提交（HTTP 端点），" + clients + " 个客户端…");
      server.put(clients, SearchBenchmark.remoteLoad(clients, List.of("submit", base + "/api/applications",
          String.valueOf(clients), String.valueOf(warmup), String.valueOf(seconds), bodyFile.toString(),
          "Authorization: Bearer " + token)));
      RuntimeBenchmark.say("pgbench 同样的插入，" + clients + " 个客户端…");
      pgbench.put(clients, pgbench(db, scriptFile, work, clients, warmup, seconds));
      RuntimeBenchmark.say(String.format("  %.0f 次/秒，p99 %.1f ms，错误 %d", pgbench.get(clients).throughput(),
          pgbench.get(clients).ms(99), pgbench.get(clients).errors()));
    }
    return new Result(server, pgbench, materialRows, dataBytes, script);
  }

  /** The first stored application of the run: what the pgbench script writes again and again. */
  record Stored(String region, String slug, int release, String applicant, String channel, String data,
      String prefilled, List<String[]> materials, String eventPayload) {
    static Stored read(Connection c, String id) throws SQLException {
      Stored s;
      try (PreparedStatement ps = c.prepareStatement("""
          SELECT region, service_slug, release_number, applicant, channel, data::text, prefilled::text
            FROM application WHERE id = ?""")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          s = new Stored(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
              rs.getString(6), rs.getString(7), new ArrayList<>(), null);
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT material_key, owner, sha256, e_licence FROM application_material WHERE application_id = ? ORDER BY material_key")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            s.materials().add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT payload::text FROM application_event WHERE application_id = ? AND type = 'submitted'")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new Stored(s.region(), s.slug(), s.release(), s.applicant(), s.channel(), s.data(), s.prefilled(),
              s.materials(), rs.getString(1));
        }
      }
    }

    /**
     * The same statements as {@code applications.sql} (nextSequence, insertApplication,
     * insertMaterial per material, insertEvent, insertSubmissionKey) in one transaction.
     */
    String pgbenchScript(LocalDate day) {
      String id = "'" + region + "-" + DateTimeFormatter.BASIC_ISO_DATE.format(day) + "-' || lpad(:seq::text, 6, '0')";
      StringBuilder sql = new StringBuilder();
      sql.append("-- 与 ApplicationStore.submit 相同的插入（issue 7 的基线）；由 RuntimeBenchmark 生成。\n");
      sql.append("BEGIN;\n");
      sql.append("INSERT INTO application_sequence (region, day, last) VALUES (").append(literal(region)).append(", '")
          .append(day).append("', 1) ON CONFLICT (region, day) DO UPDATE SET last = application_sequence.last + 1 "
              + "RETURNING last AS seq \\gset\n");
      sql.append("INSERT INTO application (id, region, service_slug, release_number, applicant, channel, data, prefilled) VALUES (")
          .append(id).append(", ").append(literal(region)).append(", ").append(literal(slug)).append(", ").append(release)
          .append(", ").append(literal(applicant)).append(", ").append(literal(channel)).append(", ").append(literal(data))
          .append("::jsonb, ").append(literal(prefilled)).append("::jsonb) RETURNING submitted_at;\n");
      for (String[] m : materials) {
        sql.append("INSERT INTO application_material (application_id, material_key, owner, sha256, e_licence) VALUES (")
            .append(id).append(", ").append(literal(m[0])).append(", ").append(literal(m[1])).append(", ")
            .append(literal(m[2])).append(", ").append(literal(m[3])).append(");\n");
      }
      sql.append("INSERT INTO application_event (application_id, type, actor, payload) VALUES (").append(id)
          .append(", 'submitted', ").append(literal(applicant)).append(", ").append(literal(eventPayload)).append("::jsonb);\n");
      sql.append("INSERT INTO submission_key (applicant, key, request_hash, application_id) VALUES (")
          .append(literal(applicant)).append(", 'pgbench-' || :seq, ")
          .append(literal("0".repeat(64))).append(", ").append(id).append(") ON CONFLICT (applicant, key) DO NOTHING;\n");
      sql.append("COMMIT;\n");
      return sql.toString();
    }

    /**
     * A string constant pgbench passes through untouched: an E'' literal with the colon escaped
     * (pgbench would read {@code :name} as a variable, and a material key has one).
     */
    static String literal(String value) {
      if (value == null) {
        return "NULL";
      }
      return "E'" + value.replace("\\", "\\\\").replace("'", "''").replace(":", "\\x3a") + "'";
    }
  }

  static Load pgbench(DatabaseUrl db, Path script, Path work, int clients, int warmup, int seconds) throws Exception {
    pgbenchRun(db, script, clients, warmup, null);
    Path logs = Files.createDirectories(work.resolve("pgbench-" + clients));
    try (Stream<Path> old = Files.list(logs)) {
      for (Path p : old.toList()) {
        Files.delete(p);
      }
    }
    String out = pgbenchRun(db, script, clients, seconds, logs.resolve("tx"));
    Histogram micros = new Histogram(60_000_000L, 3);
    try (Stream<Path> files = Files.list(logs)) {
      for (Path f : files.toList()) {
        for (String line : Files.readAllLines(f)) {
          String[] parts = line.split(" ");
          if (parts.length > 2 && parts[2].matches("\\d+")) {
            micros.recordValue(Math.max(1, Long.parseLong(parts[2])));
          }
        }
      }
    }
    double tps = Double.parseDouble(find(TPS, out));
    long processed = Long.parseLong(find(PROCESSED, out));
    Matcher failed = FAILED.matcher(out);
    long errors = failed.find() ? Long.parseLong(failed.group(1)) : 0;
    return new Load(clients, processed, processed / tps, micros, errors);
  }

  private static String pgbenchRun(DatabaseUrl db, Path script, int clients, int seconds, Path logPrefix)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(RuntimeBenchmark.pgbench(), "-n", "-M", "prepared", "-f", script.toString(),
        "-c", String.valueOf(clients), "-j", String.valueOf(clients), "-T", String.valueOf(seconds),
        "-h", db.host(), "-p", String.valueOf(db.port()), "-U", db.user()));
    if (logPrefix != null) {
      command.addAll(List.of("-l", "--log-prefix=" + logPrefix));
    }
    command.add(db.database());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (db.password() != null) {
      builder.environment().put("PGPASSWORD", db.password());
    }
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("pgbench failed:\n" + out);
    }
    return out;
  }

  private static String find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("pgbench output without " + pattern + ":\n" + text);
    }
    return m.group(1);
  }
}
