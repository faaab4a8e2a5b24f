package cn.onething.compose;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.OneThingServer;
import cn.onething.config.ServerConfig;
import cn.onething.db.DatabaseUrl;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Which release is active is kept in memory by every process: a publish, a rollback or a change
 * made by hand in the database shows at once on the process that made it and within two seconds
 * on another process on the same database.
 */
@ExtendWith(ServerExtension.class)
class ActiveReleasesTest {
  static final String PUBLIC = "/api/services/330000/newborn";
  static final String ADMIN = "/api/tenants/330000/services/newborn";

  static Map<String, String> serverEnv() {
    return Map.of("ONETHING_TEMPLATES_DIR", Path.of("..", "templates").toAbsolutePath().toString(),
        "ONETHING_DEMO_SERVICES", "true");
  }

  @Test
  void publishRollbackAndAHandMadeChangeShowEverywhere(TestServer first) throws Exception {
    OneThingServer second = OneThingServer.start(ServerConfig.from(Map.of(
        "ONETHING_DB_URL", first.databaseUrl(), "ONETHING_HTTP_PORT", "0", "ONETHING_HTTP_HOST", "127.0.0.1",
        "ONETHING_TEMPLATES_DIR", "none"))).await();
    HttpClient client = HttpClient.newHttpClient();
    URI onSecond = URI.create("http://127.0.0.1:" + second.port() + PUBLIC);
    try {
      int before = first.get(PUBLIC).send().json().getInteger("release");
      // Both processes have looked, so both keep it.
      assertThat(release(client, onSecond).getInteger("release")).isEqualTo(before);

      String admin = first.login("admin-330000");
      int published = first.post(ADMIN + "/publish").token(admin).send().json().getInteger("number");
      assertThat(published).isEqualTo(before + 1);
      assertThat(first.get(PUBLIC).send().json().getInteger("release")).as("at once where it was published")
          .isEqualTo(published);
      awaitOn(client, onSecond, r -> r.getInteger("release") == published, "the new release");

      assertThat(first.post(ADMIN + "/releases/" + before + "/activate").token(admin).send().status()).isEqualTo(200);
      assertThat(first.get(PUBLIC).send().json().getInteger("release")).isEqualTo(before);
      awaitOn(client, onSecond, r -> r.getInteger("release") == before, "the rollback");

      DatabaseUrl db = DatabaseUrl.parse(first.databaseUrl());
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE service SET title = '新生儿出生一件事（改名）' WHERE region = '330000' AND slug = 'newborn'");
      }
      awaitOn(client, onSecond, r -> r.getString("title").endsWith("（改名）"), "a change made by hand");
      awaitOn(client, URI.create("http://127.0.0.1:" + first.server().port() + PUBLIC), r -> r.getString("title").endsWith("（改名）"),
          "a change made by hand");
    } finally {
      second.stop(Duration.ofSeconds(10));
    }
  }

  private static JsonObject release(HttpClient client, URI uri) throws Exception {
    HttpResponse<String> reply = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    return new JsonObject(reply.body());
  }

  private static void awaitOn(HttpClient client, URI uri, Predicate<JsonObject> seen, String what) throws Exception {
    long started = System.nanoTime();
    long deadline = started + Duration.ofSeconds(2).toNanos();
    JsonObject last = release(client, uri);
    while (!seen.test(last) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      last = release(client, uri);
    }
    System.out.printf("%s seen on %s after %d ms%n", what, uri.getAuthority(), (System.nanoTime() - started) / 1_000_000);
    assertThat(seen.test(last)).as(what + " on " + uri + ": " + last.getString("title") + " #" + last.getInteger("release"))
        .isTrue();
  }
}
