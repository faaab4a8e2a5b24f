package cn.onething.process;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.OneThingServer;
import cn.onething.config.ServerConfig;
import cn.onething.db.DatabaseUrl;
import cn.onething.testing.RunningSimulator;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two server processes on one database, both running their process workers, clerks working the
 * same queues through both at once: every application is started once, every step completed once
 * (the loser of a race gets a 409, never a second completion), every outbox call made once.
 */
@ExtendWith(ServerExtension.class)
class TwoProcessStepsTest {
  static final int APPLICATIONS = 8;
  static final String[] CLERKS = {"clerk-330000-data", "clerk-330000-health", "clerk-330000-public-security",
      "clerk-330000-medical-insurance", "clerk-330000-hrss"};
  static RunningSimulator simulator;
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(java.time.Duration.ofSeconds(5)).build();

  static Map<String, String> serverEnv() {
    simulator = new RunningSimulator();
    return simulator.serverEnv(true);
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  static HttpResponse<String> call(int port, String method, String path, String token, JsonObject body) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(java.time.Duration.ofSeconds(20)).header("Authorization", "Bearer " + token)
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
      if (body != null) {
        b.header("Content-Type", "application/json");
      }
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void stepsAndCallsHappenOnceAcrossTwoProcesses(TestServer first) throws Exception {
    OneThingServer second = OneThingServer.start(ServerConfig.from(Map.of("ONETHING_DB_URL", first.databaseUrl(),
        "ONETHING_HTTP_PORT", "0", "ONETHING_HTTP_HOST", "127.0.0.1", "ONETHING_TEMPLATES_DIR", "none",
        "ONETHING_DEMO_SERVICES", "false"))).await();
    int[] ports = {first.server().port(), second.port()};
    try {
      String lina = first.login("citizen-lina");
      HttpResponse<String> up = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[0] + "/api/uploads"))
          .header("Authorization", "Bearer " + lina).timeout(java.time.Duration.ofSeconds(20))
          .POST(HttpRequest.BodyPublishers.ofByteArray("%PDF-1.4\n%v\n%%EOF\n".getBytes(StandardCharsets.UTF_8))).build(),
          HttpResponse.BodyHandlers.ofString());
      String sha = new JsonObject(up.body()).getString("sha256");
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < APPLICATIONS; i++) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[i % 2] + "/api/applications"))
            .header("Authorization", "Bearer " + lina).header("Content-Type", "application/json")
            .header("Idempotency-Key", "two-process-" + i).timeout(java.time.Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("region", "330000").put("service", "newborn")
                .put("data", NewbornProcessTest.newborn())
                .put("materials", new JsonObject().put("name:新生儿出生时疫苗接种记录", sha)).encode())).build();
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        ids.add(new JsonObject(r.body()).getString("id"));
      }

      // Clerks work every queue through both servers at the same time, racing each other.
      AtomicInteger conflicts = new AtomicInteger();
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      List<CompletableFuture<Void>> workers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int port = ports[w];
        workers.add(CompletableFuture.runAsync(() -> {
          Map<String, String> tokens = new java.util.HashMap<>();
          for (String clerk : CLERKS) {
            tokens.put(clerk, first.login(clerk));
          }
          while (System.nanoTime() < deadline) {
            boolean any = false;
            for (String clerk : CLERKS) {
              JsonArray items = new JsonObject(call(port, "GET", "/api/tasks", tokens.get(clerk), null).body())
                  .getJsonArray("items");
              for (Object o : items) {
                JsonObject task = (JsonObject) o;
                any = true;
                JsonObject detail = new JsonObject(call(port, "GET", "/api/tasks/" + task.getLong("id"), tokens.get(clerk), null).body());
                if (detail.getJsonArray("outcomes") == null) {
                  continue;
                }
                HttpResponse<String> r = call(port, "POST", "/api/tasks/" + task.getLong("id") + "/complete", tokens.get(clerk),
                    new JsonObject().put("version", task.getInteger("version"))
                        .put("outcome", detail.getJsonArray("outcomes").getJsonObject(0).getString("id")));
                if (r.statusCode() == 409) {
                  conflicts.incrementAndGet();
                } else {
                  assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                }
              }
            }
            // The applicant signs where the process waits for her signature.
            for (String id : ids) {
              JsonArray waiting = new JsonObject(call(port, "GET", "/api/applications/" + id + "/progress", lina, null).body())
                  .getJsonArray("waitingOnYou", new JsonArray());
              if (!waiting.isEmpty()) {
                any = true;
                call(port, "POST", "/api/applications/" + id + "/sign", lina, new JsonObject());
              }
            }
            if (!any && allDone(first, ids, lina)) {
              return;
            }
            try {
              Thread.sleep(100);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        }, runnable -> Thread.ofPlatform().daemon().name("clerks-" + port).start(runnable)));  // really in parallel
      }
      // Meanwhile, under that load, templates published on either process are found on both within two seconds.
      long slowest = searchStaysFresh(ports);
      CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
      assertThat(allDone(first, ids, lina)).as("every application completed").isTrue();
      System.out.printf("two processes: %d applications completed, %d lost races answered 409; a publish found on both"
          + " processes within %d ms at most%n", ids.size(), conflicts.get(), slowest);

      DatabaseUrl db = DatabaseUrl.parse(first.databaseUrl());
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
        assertThat(count(s, "SELECT count(*) FROM process_instance")).isEqualTo(APPLICATIONS);
        assertThat(count(s, "SELECT count(*) FROM application_event WHERE type = 'process-started'")).isEqualTo(APPLICATIONS);
        assertThat(count(s, "SELECT count(*) FROM (SELECT payload->>'step' FROM application_event WHERE type = 'step-completed'"
            + " GROUP BY payload->>'step' HAVING count(*) > 1) twice")).as("no step completed twice").isZero();
        assertThat(count(s, "SELECT count(*) FROM step_instance WHERE status = 'done'"))
            .isEqualTo(count(s, "SELECT count(*) FROM application_event WHERE type = 'step-completed'"));
        // Every call ended: made (done), or impossible and handed to a clerk (failed: e.g. an issuance whose
        // licence number the process has not produced); none left half-way.
        assertThat(count(s, "SELECT count(*) FROM outbox WHERE status = 'pending'")).isZero();
        assertThat(count(s, "SELECT count(*) FROM outbox WHERE status = 'done'")).isPositive();
      }
    } finally {
      second.stop(Duration.ofSeconds(10));
    }
  }

  /** Publishes three element templates, in turn on each process; the slowest time until both find one. */
  static long searchStaysFresh(int[] ports) throws Exception {
    String mps = new JsonObject(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[0] + "/api/auth/dev-login"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"publisher-mps\"}"))
        .build(), HttpResponse.BodyHandlers.ofString()).body()).getString("token");
    long slowest = 0;
    for (int k = 0; k < 3; k++) {
      String slug = "fresh-under-load-" + k;
      String path = "/api/catalogue/templates/mps/" + slug + "/versions/1.0.0";
      JsonObject template = new JsonObject().put("kind", "element").put("publisher", "mps").put("slug", slug)
          .put("version", "1.0.0").put("title", "负载下新鲜度探针" + "甲乙丙".charAt(k)).put("elements", new JsonArray()
              .add(new JsonObject().put("id", "freshprobe" + k + ".value").put("label", "探针值").put("type", "string")
                  .put("sensitivity", "public")));
      int on = ports[k % 2];
      assertThat(call(on, "PUT", path, mps, template).statusCode()).isEqualTo(201);
      assertThat(call(on, "POST", path + "/publish", mps, null).statusCode()).isEqualTo(200);
      long published = System.nanoTime();
      for (int port : ports) {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/catalogue/search?q="
            + java.net.URLEncoder.encode("负载下新鲜度探针" + "甲乙丙".charAt(k), StandardCharsets.UTF_8));
        boolean found = false;
        while (!found && System.nanoTime() - published < Duration.ofSeconds(2).toNanos()) {
          JsonObject result = new JsonObject(HTTP.send(HttpRequest.newBuilder(uri).timeout(java.time.Duration.ofSeconds(5))
              .build(), HttpResponse.BodyHandlers.ofString()).body());
          found = result.getJsonArray("hits").stream().map(h -> (JsonObject) h)
              .anyMatch(h -> "mps".equals(h.getString("publisher")) && slug.equals(h.getString("slug")));
          if (!found) {
            Thread.sleep(25);
          }
        }
        assertThat(found).as("%s published on port %d, searched on port %d", slug, on, port).isTrue();
      }
      slowest = Math.max(slowest, (System.nanoTime() - published) / 1_000_000);
    }
    return slowest;
  }

  static boolean allDone(TestServer server, List<String> ids, String token) {
    for (String id : ids) {
      JsonObject p = server.get("/api/applications/" + id + "/progress").token(token).send().json();
      if (!"completed".equals(p.getString("status"))) {
        return false;
      }
    }
    return true;
  }

  static long count(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
