package cn.onething.identity;

import static cn.onething.testing.ProblemAssert.assertProblem;

import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** In prod mode the password-less demo login does not exist. */
@ExtendWith(ServerExtension.class)
class ProdModeTest {

  static Map<String, String> serverEnv() {
    return Map.of("ONETHING_MODE", "prod", "ONETHING_JWT_SECRET", "a-production-secret-of-more-than-32-characters");
  }

  @Test
  void devLoginIsNotThere(TestServer server) {
    assertProblem(server.post("/api/auth/dev-login").json(new JsonObject().put("user", "admin-330000")).send(), 404,
        "urn:onething:problem:not-found");
    assertProblem(server.get("/api/auth/dev-users").send(), 404, "urn:onething:problem:not-found");
  }
}
