package cn.onething.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The clerks' load for {@link StepBenchmark}, in a JVM of its own: each client thread works its own
 * applications, completing every open clerk task with its first outcome through
 * {@code POST /api/tasks/{id}/complete}, as the clerk of the task's department. Which tasks are
 * open (id, department, version) a client reads from PostgreSQL in one query when it has none
 * left, outside the timed request, as a clerk's queue would show them; only completions are timed.
 * Prints one line in {@link LoadClient}'s format.
 *
 * <p>Argument: the plan file StepBenchmark wrote (server, database, outcomes, applications per client).
 */
public final class StepLoadClient {
  static final String OPEN_TASKS = """
      SELECT id, branch, step_id, department, version FROM step_instance
       WHERE application_id = ANY(?) AND status IN ('active', 'claimed') AND NOT automatic AND waits_on = 'clerk'
       ORDER BY id""";

  private StepLoadClient() {}

  public static void main(String[] args) throws Exception {
    JsonObject plan = new JsonObject(Files.readString(Path.of(args[0])));
    int warmup = plan.getInteger("warmup");
    int seconds = plan.getInteger("seconds");
    JsonArray sets = plan.getJsonArray("clients");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    long start = System.nanoTime();
    long measureFrom = start + warmup * 1_000_000_000L;
    long end = measureFrom + seconds * 1_000_000_000L;
    Histogram histogram = new Histogram(60_000_000L, 3);
    AtomicLong completions = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong dry = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    List<Clerks> clerks = new ArrayList<>();
    for (int c = 0; c < sets.size(); c++) {
      clerks.add(new Clerks(http, plan));
    }
    for (int c = 0; c < sets.size(); c++) {
      List<String> apps = sets.getJsonArray(c).stream().map(String.class::cast).toList();
      Clerks mine = clerks.get(c);
      threads.add(Thread.ofPlatform().start(() -> {
        Histogram local = new Histogram(60_000_000L, 3);
        Deque<Task> tasks = new ArrayDeque<>();
        try {
          while (System.nanoTime() < end) {
            if (tasks.isEmpty()) {
              tasks.addAll(mine.open(apps));
              if (tasks.isEmpty()) {
                dry.incrementAndGet();
                return;
              }
            }
            Task task = tasks.poll();
            long t0 = System.nanoTime();
            int status = mine.complete(task);
            long t1 = System.nanoTime();
            if (t0 >= measureFrom && t1 <= end) {
              local.recordValue(Math.max(1, (t1 - t0) / 1000));
              completions.incrementAndGet();
              if (status != 200) {
                errors.incrementAndGet();
              }
            }
          }
        } catch (Exception e) {
          System.out.println("client failed: " + e);
          errors.incrementAndGet();
        } finally {
          synchronized (histogram) {
            histogram.add(local);
          }
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = Math.min(System.nanoTime(), end) - measureFrom;
    if (dry.get() > 0) {
      System.out.println("[bench] 警告：" + dry.get() + " 个客户端提前做完了全部申请，吞吐按实际时长计算");
    }
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    byte[] bytes = new byte[length];
    buffer.flip().get(bytes);
    System.out.println(LoadClient.RESULT + completions.get() + " " + elapsed / 1e9 + " " + errors.get() + " "
        + Base64.getEncoder().encodeToString(bytes));
    System.exit(0);
  }

  record Task(long id, String department, String outcome, int version) {}

  /** One client's clerks: a token per department (through dev-login), and a connection to see open tasks. */
  static final class Clerks implements AutoCloseable {
    private final HttpClient http;
    private final String base;
    /** The completions go out as a lean load generator would send them (see PlainHttp); logins through the JDK client. */
    private final PlainHttp connection;
    private final Map<String, String> outcomes = new HashMap<>();
    private final Map<String, String> tokens = new HashMap<>();
    private final Connection db;

    Clerks(HttpClient http, JsonObject plan) throws SQLException {
      this.http = http;
      this.base = plan.getString("base");
      this.connection = new PlainHttp(URI.create(base));
      plan.getJsonObject("outcomes").forEach(e -> outcomes.put(e.getKey(), (String) e.getValue()));
      this.db = DriverManager.getConnection(plan.getString("jdbc"), plan.getString("user"), plan.getString("password"));
    }

    List<Task> open(List<String> applications) throws SQLException {
      List<Task> out = new ArrayList<>();
      try (PreparedStatement ps = db.prepareStatement(OPEN_TASKS)) {
        Array ids = db.createArrayOf("text", applications.toArray());
        ps.setArray(1, ids);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String key = rs.getString("branch") + "#" + rs.getString("step_id");
            String outcome = outcomes.get(key);
            if (outcome == null) {
              throw new IllegalStateException("no outcome known for " + key);
            }
            out.add(new Task(rs.getLong("id"), rs.getString("department"), outcome, rs.getInt("version")));
          }
        }
      }
      return out;
    }

    int complete(Task task) throws IOException, InterruptedException {
      String token = tokens.get(task.department());
      if (token == null) {
        token = StepBenchmark.login(http, base, "clerk-330000-" + task.department());
        tokens.put(task.department(), token);
      }
      PlainHttp.Reply r = connection.postJson("/api/tasks/" + task.id() + "/complete", "Bearer " + token,
          new JsonObject().put("version", task.version()).put("outcome", task.outcome()).put("comment", "审核通过")
              .encode().getBytes(StandardCharsets.UTF_8));
      if (r.status() != 200) {
        System.out.println("task " + task.id() + ": " + r.status() + " " + r.text());
      }
      return r.status();
    }

    /** Works the applications to their end, one task at a time; how many completions that took. */
    int workAll(List<String> applications) throws Exception {
      int done = 0;
      for (List<Task> open = open(applications); !open.isEmpty(); open = open(applications)) {
        for (Task task : open) {
          if (complete(task) != 200) {
            throw new IllegalStateException("completion of task " + task.id() + " failed");
          }
          done++;
        }
      }
      return done;
    }

    @Override
    public void close() throws SQLException {
      connection.close();
      db.close();
    }
  }
}
