package cn.onething.health;

import static cn.onething.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.OneThingServer;
import cn.onething.config.ServerConfig;
import cn.onething.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With PostgreSQL unreachable the server still comes up, and says plainly that it cannot serve. */
class DatabaseDownTest {
  static OneThingServer server;

  @BeforeAll
  static void startAgainstAClosedPort() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    server = OneThingServer.start(ServerConfig.from(Map.of(
        "ONETHING_DB_URL", "postgresql://onething:onething@127.0.0.1:" + closedPort + "/onething",
        "ONETHING_HTTP_PORT", "0",
        "ONETHING_HTTP_HOST", "127.0.0.1",
        "ONETHING_TEMPLATES_DIR", "none"))).await();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop(java.time.Duration.ofSeconds(10));
  }

  @Test
  void healthIs503AndSaysTheDatabaseIsDown() throws Exception {
    HttpResponse<String> reply = get("/health");
    assertThat(reply.statusCode()).isEqualTo(503);
    JsonObject body = new JsonObject(reply.body());
    assertThat(body.getString("status")).isEqualTo("DOWN");
    assertThat(body.getJsonObject("database").getString("status")).isEqualTo("DOWN");
    assertThat(body.getJsonObject("database").getString("detail")).contains("127.0.0.1");
  }

  @Test
  void apiRequestsGetA503ProblemNotA500() throws Exception {
    HttpResponse<String> reply = get("/api/tenants");
    assertProblem(new TestServer.Reply(reply), 503, "urn:onething:problem:unavailable");
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
