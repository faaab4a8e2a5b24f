package cn.onething.http;

import static cn.onething.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every error a client can provoke is problem+json with the right status, never a 500. */
@ExtendWith(ServerExtension.class)
class HttpErrorsTest {
  static final int BODY_LIMIT = 4096;

  static Map<String, String> serverEnv() {
    return Map.of("ONETHING_BODY_LIMIT", String.valueOf(BODY_LIMIT));
  }

  @Test
  void unknownRouteIsA404Problem(TestServer server) {
    Reply reply = server.get("/api/no-such-thing").send();
    assertProblem(reply, 404, "urn:onething:problem:not-found");
    assertThat(reply.json().getString("detail")).contains("/api/no-such-thing");
    assertThat(reply.json().getString("instance")).isEqualTo("/api/no-such-thing");
  }

  @Test
  void wrongMethodIsA405Problem(TestServer server) {
    Reply reply = server.request("DELETE", "/api/auth/dev-login").send();
    assertProblem(reply, 405, "urn:onething:problem:method-not-allowed");
  }

  @Test
  void malformedJsonIsA400ProblemThatSaysWhere(TestServer server) {
    Reply reply = server.post("/api/auth/dev-login").json("{\"user\": \"admin-330000\",,}").send();
    assertProblem(reply, 400, "urn:onething:problem:invalid-json");
    assertThat(reply.json().getString("detail")).contains("第 1 行");
    assertThat(reply.json().getJsonArray("errors").getJsonObject(0).getString("pointer")).isEmpty();
  }

  @Test
  void aJsonArrayWhereAnObjectBelongsIsAnInputError(TestServer server) {
    Reply reply = server.post("/api/auth/dev-login").json("[1, 2]").send();
    assertProblem(reply, 400, "urn:onething:problem:invalid-input");
    assertThat(reply.json().getJsonArray("errors").getJsonObject(0).getString("message")).contains("数组");
  }

  @Test
  void wrongContentTypeIsA415Problem(TestServer server) {
    Reply reply = server.post("/api/auth/dev-login")
        .body("text/plain", "user=admin-330000".getBytes(StandardCharsets.UTF_8)).send();
    assertProblem(reply, 415, "urn:onething:problem:unsupported-media-type");
    assertThat(reply.json().getString("detail")).contains("text/plain").contains("application/json");
  }

  @Test
  void oversizedBodyIsA413Problem(TestServer server) {
    byte[] big = new byte[BODY_LIMIT + 1];
    Arrays.fill(big, (byte) ' ');
    Reply reply = server.post("/api/auth/dev-login").body("application/json", big).send();
    assertProblem(reply, 413, "urn:onething:problem:payload-too-large");
    assertThat(reply.json().getString("detail")).contains("4 KiB");
  }

  @Test
  void aBodyJustUnderTheLimitIsAccepted(TestServer server) {
    String padded = "{\"user\": \"admin-330000\"" + " ".repeat(BODY_LIMIT - 40) + "}";
    Reply reply = server.post("/api/auth/dev-login").json(padded).send();
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
  }

  @Test
  void everyResponseCarriesARequestIdAndKeepsASaneOneFromTheCaller(TestServer server) {
    Reply fresh = server.get("/health").send();
    assertThat(fresh.header("X-Request-Id")).matches("[0-9a-f]{16}");

    Reply carried = server.get("/api/no-such-thing").header("X-Request-Id", "gateway-abc-123").send();
    assertThat(carried.header("X-Request-Id")).isEqualTo("gateway-abc-123");
    assertThat(carried.json().getString("requestId")).isEqualTo("gateway-abc-123");

    Reply hostile = server.get("/health").header("X-Request-Id", "<script>alert(1)</script>").send();
    assertThat(hostile.header("X-Request-Id")).matches("[0-9a-f]{16}");
  }
}
