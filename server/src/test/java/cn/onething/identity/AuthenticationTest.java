package cn.onething.identity;

import static cn.onething.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.config.ServerConfig;
import cn.onething.testing.Jwts;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Who may call at all: tokens issued by dev login, and every way a token can be wrong. */
@ExtendWith(ServerExtension.class)
class AuthenticationTest {

  @Test
  void devLoginIssuesATokenThatNamesTheUserTenantAndRoles(TestServer server) {
    Reply login = server.post("/api/auth/dev-login").json(new JsonObject().put("user", "clerk-330000-health")).send();
    assertThat(login.status()).as(login.toString()).isEqualTo(200);
    assertThat(login.json().getString("tokenType")).isEqualTo("Bearer");
    assertThat(login.json().getLong("expiresIn")).isEqualTo(ServerConfig.DEFAULT_JWT_TTL_SECONDS);

    JsonObject me = server.get("/api/auth/me").token(login.json().getString("token")).send().json();
    assertThat(me.getString("id")).isEqualTo("clerk-330000-health");
    assertThat(me.getString("name")).isEqualTo("浙江省卫生健康委员会 审批人员");
    assertThat(me.getString("tenant")).isEqualTo("330000");
    assertThat(me.getString("department")).isEqualTo("health");
    assertThat(me.getJsonArray("roles")).containsExactly("clerk");
  }

  @Test
  void thereIsADemoUserForEveryRoleNationallyAndInBothProvinces(TestServer server) {
    var users = server.get("/api/auth/dev-users").send().json().getJsonArray("users");
    assertThat(users.stream().map(u -> ((JsonObject) u).getString("id")))
        .contains("publisher-nhc", "publisher-mps", "auditor-national",
            "admin-330000", "clerk-330000-health", "auditor-330000",
            "admin-440000", "clerk-440000-health", "auditor-440000",
            "citizen-zhangwei");
    for (String role : new String[] {"publisher", "admin", "clerk", "citizen", "auditor"}) {
      assertThat(users.stream().anyMatch(u -> ((JsonObject) u).getJsonArray("roles").contains(role)))
          .as("a demo user with role " + role).isTrue();
    }
  }

  @Test
  void devLoginOfAnUnknownUserPointsAtTheField(TestServer server) {
    Reply reply = server.post("/api/auth/dev-login").json(new JsonObject().put("user", "admin-999999")).send();
    assertProblem(reply, 400, "urn:onething:problem:invalid-input");
    JsonObject error = reply.json().getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("pointer")).isEqualTo("/user");
    assertThat(error.getString("message")).contains("admin-999999");
  }

  @Test
  void devLoginWithoutAUserOrWithANumberSaysWhatIsExpected(TestServer server) {
    Reply missing = server.post("/api/auth/dev-login").json(new JsonObject()).send();
    assertProblem(missing, 400, "urn:onething:problem:invalid-input");
    assertThat(missing.json().getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("/user");

    Reply number = server.post("/api/auth/dev-login").json(new JsonObject().put("user", 42)).send();
    assertProblem(number, 400, "urn:onething:problem:invalid-input");
  }

  @Test
  void noTokenIs401WithAChallenge(TestServer server) {
    Reply reply = server.get("/api/auth/me").send();
    assertProblem(reply, 401, "urn:onething:problem:unauthorized");
    assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
    assertProblem(server.get("/api/tenants/330000/users").send(), 401, "urn:onething:problem:unauthorized");
  }

  @Test
  void aTokenSignedWithAnotherKeyIs401(TestServer server) {
    String forged = Jwts.sign("an-attacker-secret-that-is-long-enough-000", "admin-330000", "330000", "admin",
        Instant.now().plusSeconds(3600));
    Reply reply = server.get("/api/tenants/330000/users").token(forged).send();
    assertProblem(reply, 401, "urn:onething:problem:unauthorized");
    assertThat(reply.json().getString("detail")).contains("令牌无效");
  }

  @Test
  void anExpiredTokenIs401AndSaysSo(TestServer server) {
    String expired = Jwts.sign(ServerConfig.DEFAULT_JWT_SECRET, "admin-330000", "330000", "admin",
        Instant.now().minusSeconds(600));
    Reply reply = server.get("/api/auth/me").token(expired).send();
    assertProblem(reply, 401, "urn:onething:problem:unauthorized");
    assertThat(reply.json().getString("detail")).contains("过期");
  }

  @Test
  void aValidlySignedTokenFromThisServerIsAccepted(TestServer server) {
    // The same hand-made token as above, but current: proves the two tests above fail for the reason they name.
    String current = Jwts.sign(ServerConfig.DEFAULT_JWT_SECRET, "admin-330000", "330000", "admin",
        Instant.now().plusSeconds(600));
    assertThat(server.get("/api/auth/me").token(current).send().status()).isEqualTo(200);
  }

  @Test
  void garbageInTheAuthorizationHeaderIs401(TestServer server) {
    assertProblem(server.get("/api/auth/me").header("Authorization", "Bearer not.a.jwt").send(), 401,
        "urn:onething:problem:unauthorized");
    assertProblem(server.get("/api/auth/me").header("Authorization", "Basic YWRtaW46YWRtaW4=").send(), 401,
        "urn:onething:problem:unauthorized");
  }
}
