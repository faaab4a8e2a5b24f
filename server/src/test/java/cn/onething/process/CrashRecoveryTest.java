package cn.onething.process;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.db.DatabaseUrl;
import cn.onething.testing.RunningSimulator;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server run as its own JVM is killed with SIGKILL in the middle of submissions and clerk
 * actions, then started again: every application it accepted (answered 201) is there, each process
 * started once, no step completed twice, and the outbox resumes until nothing is left pending.
 */
@ExtendWith(ServerExtension.class)
class CrashRecoveryTest {
  static RunningSimulator simulator;
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  /** Every child started, with its log: killed when the test ends, shown when it fails. */
  static final Map<Process, File> CHILDREN = new java.util.concurrent.ConcurrentHashMap<>();

  static Map<String, String> serverEnv() {
    simulator = new RunningSimulator();
    return simulator.serverEnv(true);
  }

  @AfterAll
  static void stopSimulator() {
    CHILDREN.keySet().forEach(Process::destroyForcibly);
    simulator.close();
  }

  static String tail(File log) {
    try {
      List<String> lines = java.nio.file.Files.readAllLines(log.toPath(), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (Exception e) {
      return "(no log: " + e + ")";
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static Process startChild(String dbUrl, int port) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "-Xmx512m", "-cp", System.getProperty("java.class.path"), "cn.onething.Main");
    pb.environment().put("ONETHING_DB_URL", dbUrl);
    pb.environment().put("ONETHING_HTTP_PORT", String.valueOf(port));
    pb.environment().put("ONETHING_HTTP_HOST", "127.0.0.1");
    pb.environment().put("ONETHING_TEMPLATES_DIR", "none");
    pb.environment().put("ONETHING_DEMO_SERVICES", "false");
    File log = File.createTempFile("crash-child", ".log");
    log.deleteOnExit();
    pb.redirectErrorStream(true).redirectOutput(log);
    Process child = pb.start();
    CHILDREN.put(child, log);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return child;
        }
      } catch (Exception e) {
        // not yet
      }
      Thread.sleep(200);
    }
    child.destroyForcibly();
    throw new AssertionError("the child server did not start within 60 s:\n" + tail(log));
  }

  static HttpResponse<String> call(int port, String method, String path, String token, String key, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Submits and works tasks against the child until told to stop; returns the applications it accepted. */
  static CompletableFuture<List<String>> load(TestServer first, int port, AtomicBoolean stop, String prefix) {
    // A thread of its own, not the common pool (one worker on a two-core machine).
    return CompletableFuture.supplyAsync(() -> {
      List<String> accepted = Collections.synchronizedList(new ArrayList<>());
      String lina = first.login("citizen-lina");
      String[] clerks = {"clerk-330000-data", "clerk-330000-health"};
      Map<String, String> tokens = new java.util.HashMap<>();
      for (String c : clerks) {
        tokens.put(c, first.login(c));
      }
      int i = 0;
      while (!stop.get()) {
        try {
          HttpResponse<String> up = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/uploads"))
              .header("Authorization", "Bearer " + lina).timeout(Duration.ofSeconds(10))
              .POST(HttpRequest.BodyPublishers.ofByteArray(("%PDF-1.4\n%" + prefix + i + "\n%%EOF\n").getBytes(StandardCharsets.UTF_8)))
              .build(), HttpResponse.BodyHandlers.ofString());
          String sha = new JsonObject(up.body()).getString("sha256");
          HttpResponse<String> r = call(port, "POST", "/api/applications", lina, prefix + (i++), new JsonObject()
              .put("region", "330000").put("service", "newborn").put("data", NewbornProcessTest.newborn())
              .put("materials", new JsonObject().put("name:新生儿出生时疫苗接种记录", sha)));
          if (r.statusCode() == 201) {
            accepted.add(new JsonObject(r.body()).getString("id"));
          }
          for (String clerk : clerks) {
            JsonArray items = new JsonObject(call(port, "GET", "/api/tasks", tokens.get(clerk), null, null).body()).getJsonArray("items");
            for (Object o : items) {
              JsonObject t = (JsonObject) o;
              JsonObject d = new JsonObject(call(port, "GET", "/api/tasks/" + t.getLong("id"), tokens.get(clerk), null, null).body());
              if (d.getJsonArray("outcomes") != null) {
                call(port, "POST", "/api/tasks/" + t.getLong("id") + "/complete", tokens.get(clerk), null,
                    new JsonObject().put("version", t.getInteger("version"))
                        .put("outcome", d.getJsonArray("outcomes").getJsonObject(0).getString("id")));
              }
            }
          }
        } catch (Exception e) {
          // the server is gone (killed): keep trying until told to stop
          try {
            Thread.sleep(50);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
      return accepted;
    }, runnable -> Thread.ofPlatform().daemon().name("crash-load-" + prefix).start(runnable));
  }

  /** Kill-and-restart rounds: 1 in the suite, more with -Donething.crash.rounds (./onething bench crash). */
  static final int ROUNDS = Integer.getInteger("onething.crash.rounds", 1);

  @Test  // the suite's 5-minute limit; the bench raises it for its 20 rounds
  void aKilledServerLosesNothingAndDoesNothingTwice(TestServer first) throws Exception {
    first.server().processWorker().stop();  // only the child works the process
    int port = freePort();
    java.util.Random random = new java.util.Random(20261127);
    List<String> accepted = new ArrayList<>();
    Process again = null;
    try {
      for (int round = 0; round < ROUNDS; round++) {
        Process child = startChild(first.databaseUrl(), port);
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<List<String>> load = load(first, port, stop, "crash-" + round + "-");
        Thread.sleep(3000 + random.nextInt(4000));  // somewhere in the middle of the work
        child.destroyForcibly().waitFor();  // SIGKILL
        stop.set(true);
        accepted.addAll(load.get(60, java.util.concurrent.TimeUnit.SECONDS));
      }
      assertThat(accepted).as("the child accepted applications before it was killed").isNotEmpty();
      again = startChild(first.databaseUrl(), port);
      AtomicBoolean stop2 = new AtomicBoolean();
      CompletableFuture<List<String>> after = load(first, port, stop2, "crash-after-");
      Thread.sleep(3000);
      stop2.set(true);
      accepted.addAll(after.get(60, java.util.concurrent.TimeUnit.SECONDS));
      checkInvariants(first, accepted);
    } catch (AssertionError | Exception e) {
      throw new AssertionError(e.getMessage() + (again == null ? "" : "\n--- the restarted server's log ---\n"
          + tail(CHILDREN.get(again))), e);
    } finally {
      if (again != null) {
        again.destroyForcibly().waitFor();
      }
    }
  }

  /** What must hold over the tables after any number of crashes. */
  static void checkInvariants(TestServer first, List<String> accepted) throws Exception {
    DatabaseUrl db = DatabaseUrl.parse(first.databaseUrl());
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
      for (String id : accepted) {
        assertThat(count(s, "SELECT count(*) FROM application WHERE id = '" + id + "'")).as("acknowledged " + id).isEqualTo(1);
      }
      // Every stored application has its start event, and (once the restarted worker caught up) one process.
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline && count(s, "SELECT count(*) FROM application a WHERE NOT EXISTS"
          + " (SELECT 1 FROM process_instance p WHERE p.application_id = a.id)") > 0) {
        Thread.sleep(250);
      }
      assertThat(count(s, "SELECT count(*) FROM application a WHERE NOT EXISTS"
          + " (SELECT 1 FROM process_instance p WHERE p.application_id = a.id)")).as("every process started").isZero();
      assertThat(count(s, "SELECT count(*) FROM application a WHERE (SELECT count(*) FROM application_event e"
          + " WHERE e.application_id = a.id AND e.type = 'submitted') <> 1")).as("one submission event each").isZero();
      assertThat(count(s, "SELECT count(*) FROM (SELECT application_id FROM application_event WHERE type = 'process-started'"
          + " GROUP BY application_id HAVING count(*) > 1) x")).as("no process started twice").isZero();
      assertThat(count(s, "SELECT count(*) FROM (SELECT payload->>'step' FROM application_event WHERE type = 'step-completed'"
          + " GROUP BY payload->>'step' HAVING count(*) > 1) twice")).as("no step completed twice").isZero();
      assertThat(count(s, "SELECT count(*) FROM step_instance si WHERE si.status = 'done' AND NOT si.automatic"
          + " AND si.waits_on = 'clerk' AND NOT EXISTS (SELECT 1 FROM application_event e WHERE e.type = 'step-completed'"
          + " AND e.payload->>'step' = si.id::text)")).as("every step a clerk completed has its event (the trail is whole)")
          .isZero();
      // Calls the killed server had leased are taken again when the lease runs out (30 s).
      long outboxDeadline = System.nanoTime() + Duration.ofSeconds(50).toNanos();
      while (System.nanoTime() < outboxDeadline && count(s, "SELECT count(*) FROM outbox WHERE status = 'pending'") > 0) {
        Thread.sleep(500);
      }
      assertThat(count(s, "SELECT count(*) FROM outbox WHERE status = 'pending'")).as("the outbox resumed").isZero();
      System.out.printf("crash: %d rounds, %d applications acknowledged, %d steps completed, %d outbox rows%n", ROUNDS,
          accepted.size(), count(s, "SELECT count(*) FROM application_event WHERE type = 'step-completed'"),
          count(s, "SELECT count(*) FROM outbox"));
    }
  }

  static long count(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
