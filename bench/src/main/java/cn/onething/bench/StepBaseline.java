package cn.onething.bench;

import cn.onething.db.DatabaseUrl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The baseline of {@link StepBenchmark}: pgbench running {@code step-completion.pgbench} on the same
 * schema — per transaction the minimal SQL of one step completion (lock the process row, update the
 * step by id and version, insert the next step, insert the event, bump the process version) — on
 * synthetic applications of its own (copies of the sample application, one open step each), each
 * client on its own applications. Latency percentiles come from pgbench's per-transaction log.
 */
final class StepBaseline {
  static final String PGBENCH = System.getenv().getOrDefault("PGBENCH", "/usr/lib/postgresql/15/bin/pgbench");
  /** Synthetic applications per pgbench client. */
  static final int APPS = 50;
  static final int MAX_CLIENTS = 8;
  /** The region code of the synthetic applications' ids (no such region exists). */
  static final String REGION = "999999";

  private final DatabaseUrl db;

  StepBaseline(DatabaseUrl db) {
    this.db = db;
  }

  String version() {
    try {
      Process p = new ProcessBuilder(PGBENCH, "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor();
      return out.replace("(PostgreSQL) ", "");
    } catch (IOException | InterruptedException e) {
      return "pgbench ?";
    }
  }

  /** Synthetic applications {@code 999999-20000101-CCCKKK} for clients 0..7, each with its process and one open step. */
  void prepare(Connection c, String template) throws SQLException {
    c.setAutoCommit(false);
    try (PreparedStatement app = c.prepareStatement("""
            INSERT INTO application (id, region, service_slug, release_number, applicant, channel, data, prefilled, status)
            SELECT ?, region, service_slug, release_number, applicant, channel, data, prefilled, 'in-progress'
              FROM application WHERE id = ?""");
         PreparedStatement process = c.prepareStatement(
             "INSERT INTO process_instance (application_id, branches, skipped) SELECT ?, branches, skipped "
                 + "FROM process_instance WHERE application_id = ?");
         PreparedStatement step = c.prepareStatement("""
             INSERT INTO step_instance (application_id, region, branch, step_id, name, type, department, status, due_date,
                                        activated_at)
             VALUES (?, '330000', 'nhc/birth-medical-certificate', 'review', '审核', 'review', 'health', 'active',
                     current_date + 5, now())""")) {
      for (int client = 0; client < MAX_CLIENTS; client++) {
        for (int k = 0; k < APPS; k++) {
          String id = String.format(REGION + "-20000101-%06d", client * 1000 + k);
          app.setString(1, id);
          app.setString(2, template);
          app.addBatch();
          process.setString(1, id);
          process.setString(2, template);
          process.addBatch();
          step.setString(1, id);
          step.addBatch();
        }
      }
      app.executeBatch();
      process.executeBatch();
      step.executeBatch();
      c.commit();
    } finally {
      c.setAutoCommit(true);
    }
    try (var s = c.createStatement()) {
      s.execute("ANALYZE");
    }
  }

  SearchBenchmark.Load run(int clients, int warmup, int seconds) throws Exception {
    Path dir = Files.createTempDirectory("step-pgbench");
    Path script = dir.resolve("step-completion.pgbench");
    try (InputStream in = StepBaseline.class.getResourceAsStream("step-completion.pgbench")) {
      Files.write(script, in.readAllBytes());
    }
    pgbench(dir, script, clients, warmup, false);
    String out = pgbench(dir, script, clients, seconds, true);
    Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(out);
    if (!tps.find()) {
      throw new IllegalStateException("pgbench output without tps:\n" + out);
    }
    Matcher failed = Pattern.compile("number of failed transactions: ([0-9]+)").matcher(out);
    long errors = failed.find() ? Long.parseLong(failed.group(1)) : 0;
    Histogram histogram = new Histogram(60_000_000L, 3);
    long transactions = 0;
    List<Path> logs;
    try (Stream<Path> files = Files.list(dir)) {
      logs = files.filter(f -> f.getFileName().toString().startsWith("log.")).toList();
    }
    for (Path log : logs) {
      for (String line : Files.readAllLines(log)) {
        String[] f = line.split(" ");
        histogram.recordValue(Math.max(1, Long.parseLong(f[2])));
        transactions++;
      }
      Files.delete(log);
    }
    Files.delete(script);
    Files.delete(dir);
    double rate = Double.parseDouble(tps.group(1));
    SearchBenchmark.Load load = new SearchBenchmark.Load(clients, transactions, transactions / rate, histogram, errors);
    SearchBenchmark.say(String.format("  pgbench %d 个客户端：%.0f 次/秒，p50 %.2f ms，p99 %.2f ms，失败 %d", clients,
        load.throughput(), load.ms(50), load.ms(99), errors));
    return load;
  }

  private String pgbench(Path dir, Path script, int clients, int seconds, boolean log) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(PGBENCH, "-n", "-M", "prepared", "-c", String.valueOf(clients),
        "-j", String.valueOf(Math.min(clients, 2)), "-T", String.valueOf(seconds), "-D", "apps=" + APPS,
        "-f", script.toString()));
    if (log) {
      cmd.addAll(List.of("-l", "--log-prefix=" + dir.resolve("log")));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile());
    pb.environment().put("PGHOST", db.host());
    pb.environment().put("PGPORT", String.valueOf(db.port()));
    pb.environment().put("PGUSER", db.user());
    pb.environment().put("PGDATABASE", db.database());
    if (db.password() != null) {
      pb.environment().put("PGPASSWORD", db.password());
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("pgbench failed:\n" + out);
    }
    return out;
  }
}
