package cn.onething.identity;

import static cn.onething.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tenant scope and role, checked by the server on every tenant route. */
@ExtendWith(ServerExtension.class)
class TenantAccessTest {

  @Test
  void aProvinceAdminCannotReachAnotherProvince(TestServer server) {
    Reply reply = server.get("/api/tenants/440000/users").as("admin-330000").send();
    assertProblem(reply, 403, "urn:onething:problem:forbidden");
    assertThat(reply.json().getString("detail")).contains("330000").contains("440000");
    assertThat(reply.text()).doesNotContain("clerk-440000");
  }

  @Test
  void aProvinceAdminSeesTheirOwnUsersAndThoseOfTheirCities(TestServer server) {
    Reply own = server.get("/api/tenants/330000/users").as("admin-330000").send();
    assertThat(own.status()).as(own.toString()).isEqualTo(200);
    assertThat(own.text()).contains("clerk-330000-health").doesNotContain("clerk-440000");

    Reply city = server.get("/api/tenants/330100/users").as("admin-330000").send();
    assertThat(city.status()).isEqualTo(200);
    assertThat(city.text()).contains("clerk-330100-health");
  }

  @Test
  void aCityAdminCannotReachItsProvince(TestServer server) {
    assertProblem(server.get("/api/tenants/330000/users").as("admin-330100").send(), 403,
        "urn:onething:problem:forbidden");
  }

  @Test
  void aClerkMayReadTheirTenantButNotListItsUsers(TestServer server) {
    Reply tenant = server.get("/api/tenants/330000").as("clerk-330000-health").send();
    assertThat(tenant.status()).isEqualTo(200);
    assertThat(tenant.json().getString("name")).isEqualTo("浙江省");
    assertThat(tenant.json().getJsonArray("departments").encode()).contains("浙江省卫生健康委员会");

    assertProblem(server.get("/api/tenants/330000/users").as("clerk-330000-health").send(), 403,
        "urn:onething:problem:forbidden");
  }

  @Test
  void publishersAndCitizensHaveNoBusinessWithAProvince(TestServer server) {
    assertProblem(server.get("/api/tenants/330000").as("publisher-nhc").send(), 403, "urn:onething:problem:forbidden");
    assertProblem(server.get("/api/tenants/330000").as("citizen-zhangwei").send(), 403,
        "urn:onething:problem:forbidden");
  }

  @Test
  void theNationalAuditorReadsEveryProvince(TestServer server) {
    assertThat(server.get("/api/tenants/440000/users").as("auditor-national").send().status()).isEqualTo(200);
  }

  @Test
  void anUnknownTenantIs404AndAMalformedOneIs400(TestServer server) {
    assertProblem(server.get("/api/tenants/330999").as("auditor-national").send(), 404,
        "urn:onething:problem:not-found");
    assertProblem(server.get("/api/tenants/UPPER_case!").as("auditor-national").send(), 400,
        "urn:onething:problem:invalid-input");
  }

  @Test
  void anAdminCreatesThenRenamesADepartmentIdempotently(TestServer server) {
    String token = server.login("admin-440000");
    Reply created = server.put("/api/tenants/440000/departments/sports").token(token)
        .json(new JsonObject().put("name", "广东省体育局")).send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);

    Reply again = server.put("/api/tenants/440000/departments/sports").token(token)
        .json(new JsonObject().put("name", "广东省体育局")).send();
    assertThat(again.status()).isEqualTo(200);

    JsonObject tenant = server.get("/api/tenants/440000").token(token).send().json();
    assertThat(tenant.getJsonArray("departments").encode()).contains("\"code\":\"sports\"").contains("广东省体育局");
  }

  @Test
  void anotherProvincesAdminCannotWriteAndNothingChanges(TestServer server) {
    Reply reply = server.put("/api/tenants/440000/departments/health").as("admin-330000")
        .json(new JsonObject().put("name", "被篡改的名称")).send();
    assertProblem(reply, 403, "urn:onething:problem:forbidden");
    String departments = server.get("/api/tenants/440000").as("admin-440000").send().text();
    assertThat(departments).contains("广东省卫生健康委员会").doesNotContain("被篡改的名称");
  }

  @Test
  void aDepartmentWriteRejectsEveryBadValueAtOnce(TestServer server) {
    Reply reply = server.put("/api/tenants/330000/departments/Bad_Code").as("admin-330000")
        .json(new JsonObject().put("name", "").put("tenant", "440000")).send();
    assertProblem(reply, 400, "urn:onething:problem:invalid-input");
    assertThat(reply.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("pointer")))
        .containsExactlyInAnyOrder("code", "/tenant", "/name");
  }
}
