package cn.onething.pages;

import static cn.onething.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** 登录限流 over HTTP: after ten failed sign-ins from one address, the API and the citizen page both make it wait. */
@ExtendWith(ServerExtension.class)
class LoginFloodTest {
  @Test
  void theApiAndTheCitizenLoginPageRefuseAFloodOfFailures(TestServer server) {
    assertThat(server.login("citizen-lina")).as("successes are not counted").isNotBlank();
    for (int i = 0; i < 10; i++) {
      Reply wrong = server.post("/api/auth/dev-login").json(new JsonObject().put("user", "guess-" + i)).send();
      assertThat(wrong.status()).isEqualTo(400);
    }
    Reply refused = server.post("/api/auth/dev-login").json(new JsonObject().put("user", "citizen-lina")).send();
    assertProblem(refused, 429, "urn:onething:problem:too-many-requests");
    assertThat(refused.header("Retry-After")).matches("[1-9][0-9]*");
    assertThat(refused.json().getString("detail")).contains("秒后再试");

    Browser browser = new Browser("http://127.0.0.1:" + server.server().port());
    browser.get("/s/login");
    HttpResponse<String> page = browser.postForm("/s/login", Map.of("_csrf", browser.csrf, "user", "citizen-lina",
        "next", "/s/330000"));
    assertThat(page.statusCode()).isEqualTo(429);
    assertThat(page.body()).contains("登录过于频繁");
  }
}
