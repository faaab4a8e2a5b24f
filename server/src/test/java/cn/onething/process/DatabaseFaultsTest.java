package cn.onething.process;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.OneThingServer;
import cn.onething.config.ServerConfig;
import cn.onething.db.DatabaseUrl;
import cn.onething.testing.FlakyTcpProxy;
import cn.onething.testing.RunningSimulator;
import cn.onething.testing.TestDatabases;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * 数据库故障: the server reaches PostgreSQL through a proxy that cuts every connection every second or
 * so while clerks work — queries and commits fail mid-flight, some after
 * PostgreSQL committed. Every application still completes; no step advances twice; every step a
 * clerk completed has its one event; the outbox drains; no answer is a 500.
 */
class DatabaseFaultsTest {
  static final int APPLICATIONS = 4;
  /** A connection is cut after this many to this many answers from PostgreSQL. */
  static final int CUT_MIN = 80;
  static final int CUT_MAX = 200;
  static final List<String> CLERKS = List.of("clerk-330000-data", "clerk-330000-health", "clerk-330000-public-security",
      "clerk-330000-medical-insurance", "clerk-330000-hrss");

  static long count(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Sends and never throws: a cut connection to the database must not become a broken HTTP answer either. */
  static Reply send(TestServer.Call call, Map<Integer, Integer> statuses) {
    Reply reply = call.send();
    statuses.merge(reply.status(), 1, Integer::sum);
    return reply;
  }

  @Test
  void cutConnectionsLoseNothingAndDoNothingTwice() throws Exception {
    try (TestDatabases databases = new TestDatabases(); RunningSimulator simulator = new RunningSimulator()) {
      String url = databases.create();
      DatabaseUrl direct = DatabaseUrl.parse(url);
      try (FlakyTcpProxy proxy = new FlakyTcpProxy(direct.host(), direct.port(), CUT_MIN, CUT_MAX, 20261127L)) {
        Map<String, String> env = new HashMap<>(simulator.serverEnv(true));
        env.put("ONETHING_DB_URL", url.replace(direct.host() + ":" + direct.port(), "127.0.0.1:" + proxy.port()));
        env.put("ONETHING_HTTP_PORT", "0");
        env.put("ONETHING_HTTP_HOST", "127.0.0.1");
        env.put("ONETHING_MODE", "dev");
        TestServer server = new TestServer(OneThingServer.start(ServerConfig.from(env)).await(), url);
        try {
          run(server, proxy, direct);
        } finally {
          server.server().stop(Duration.ofSeconds(10));
          databases.drop(url);
        }
      }
    }
  }

  private void run(TestServer server, FlakyTcpProxy proxy, DatabaseUrl direct) throws Exception {
    Map<Integer, Integer> statuses = new TreeMap<>();
    Map<String, String> tokens = new HashMap<>();
    for (String user : List.of("citizen-lina", "clerk-330000-data", "clerk-330000-health", "clerk-330000-public-security",
        "clerk-330000-medical-insurance", "clerk-330000-hrss")) {
      tokens.put(user, server.login(user));
    }
    String sha = server.post("/api/uploads").token(tokens.get("citizen-lina")).body("application/octet-stream",
        "%PDF-1.4\n%db-faults\n%%EOF\n".getBytes(StandardCharsets.UTF_8)).send().json().getString("sha256");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < APPLICATIONS; i++) {
      Reply submitted = server.post("/api/applications").token(tokens.get("citizen-lina")).header("Idempotency-Key", "db-" + i)
          .json(new JsonObject().put("region", "330000").put("service", "newborn").put("data", NewbornProcessTest.newborn())
              .put("materials", new JsonObject().put("name:新生儿出生时疫苗接种记录", sha))).send();
      assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
      ids.add(submitted.json().getString("id"));
    }

    // From here on, a connection is cut after every CUT_MIN–CUT_MAX answers from PostgreSQL.
    proxy.cutting(true);

    List<String> open = new ArrayList<>(ids);
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    try {
      while (!open.isEmpty() && System.nanoTime() < deadline) {
        for (String clerk : CLERKS) {
          Reply queue = send(server.get("/api/tasks").token(tokens.get(clerk)), statuses);
          if (queue.status() != 200) {
            continue;
          }
          for (Object o : queue.json().getJsonArray("items")) {
            JsonObject task = (JsonObject) o;
            if (!ids.contains(task.getString("application"))) {
              continue;
            }
            Reply detail = send(server.get("/api/tasks/" + task.getLong("id")).token(tokens.get(clerk)), statuses);
            if (detail.status() != 200) {
              continue;
            }
            send(server.post("/api/tasks/" + task.getLong("id") + "/complete").token(tokens.get(clerk))
                .json(new JsonObject().put("version", task.getInteger("version"))
                    .put("outcome", detail.json().getJsonArray("outcomes").getJsonObject(0).getString("id"))), statuses);
          }
        }
        for (String id : List.copyOf(open)) {
          Reply progress = send(server.get("/api/applications/" + id + "/progress").token(tokens.get("citizen-lina")), statuses);
          if (progress.status() != 200) {
            continue;
          }
          if (!progress.json().getJsonArray("waitingOnYou", new JsonArray()).isEmpty()) {
            send(server.post("/api/applications/" + id + "/sign").token(tokens.get("citizen-lina")).json(new JsonObject()),
                statuses);
          }
          if ("completed".equals(progress.json().getString("status"))) {
            open.remove(id);
          }
        }
        Thread.sleep(200);
      }
    } finally {
      proxy.cutting(false);
    }
    System.out.printf("database faults: %d cuts (%d withholding PostgreSQL's answer), answers by status %s,"
        + " %d of %d applications completed%n", proxy.cuts(), proxy.withheld(), statuses, APPLICATIONS - open.size(),
        APPLICATIONS);
    assertThat(proxy.withheld()).as("connections were cut before the caller heard PostgreSQL's answer").isGreaterThanOrEqualTo(5);
    for (int look = 0; look < 2 && !open.isEmpty(); look++) {
      if (look == 1) {
        Thread.sleep(35_000);  // a live worker leases a due row again within 30 s
      }
      // What the unfinished ones are waiting for, to tell a slow recovery from a stuck one.
      try (Connection c = DriverManager.getConnection(direct.jdbcUrl(), direct.user(), direct.password());
           Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT a.id, a.status, (SELECT string_agg(si.branch || '/' || si.step_id || ':'"
               + " || si.status || ':' || si.waits_on || ':' || si.department || ':auto=' || si.automatic || ':v' || si.version, ', ' ORDER BY si.id) FROM step_instance si WHERE si.application_id = a.id"
               + " AND si.status NOT IN ('done', 'skipped', 'cancelled')) AS open_steps, (SELECT string_agg('#' || o.id || ' ' || o.status || ' attempts '"
               + " || o.attempts || ' next ' || o.next_attempt_at || ' now ' || now() || ' error ' || coalesce(o.last_error, '-'), ', ') FROM outbox o WHERE o.application_id = a.id"
               + " AND o.status <> 'done') AS outbox, (SELECT count(*) FROM process_instance p WHERE p.application_id = a.id)"
               + " AS processes FROM application a WHERE a.id = ANY(string_to_array('" + String.join(",", open) + "', ','))")) {
        while (rs.next()) {
          System.out.printf("unfinished %s (%s, processes %d): open steps [%s]; outbox [%s]%n", rs.getString(1), rs.getString(2),
              rs.getLong(5), rs.getString(3), rs.getString(4));
        }
      }
    }
    assertThat(open).as("applications not completed within 3 minutes").isEmpty();
    assertThat(statuses.keySet()).as("no answer is a 500: a lost database connection is a 503").noneMatch(s -> s == 500);

    try (Connection c = DriverManager.getConnection(direct.jdbcUrl(), direct.user(), direct.password());
         Statement s = c.createStatement()) {
      assertThat(count(s, "SELECT count(*) FROM (SELECT payload->>'step' FROM application_event WHERE type = 'step-completed'"
          + " GROUP BY payload->>'step' HAVING count(*) > 1) twice")).as("no step completed twice").isZero();
      assertThat(count(s, "SELECT count(*) FROM step_instance si WHERE si.status = 'done' AND NOT si.automatic"
          + " AND si.waits_on = 'clerk' AND NOT EXISTS (SELECT 1 FROM application_event e WHERE e.type = 'step-completed'"
          + " AND e.payload->>'step' = si.id::text)")).as("every completed step has its event").isZero();
      assertThat(count(s, "SELECT count(*) FROM (SELECT application_id FROM application_event WHERE type = 'process-started'"
          + " GROUP BY application_id HAVING count(*) > 1) x")).as("no process started twice").isZero();
      // A call whose step was completed but whose own row was cut before it was marked done is
      // taken again when its lease ends, finds the step done, and is marked done then.
      long pending = count(s, "SELECT count(*) FROM outbox WHERE status = 'pending'");
      for (long until = System.nanoTime() + Duration.ofSeconds(45).toNanos(); pending > 0 && System.nanoTime() < until; ) {
        Thread.sleep(500);
        pending = count(s, "SELECT count(*) FROM outbox WHERE status = 'pending'");
      }
      assertThat(pending).as("the outbox drained").isZero();
    }
  }
}
