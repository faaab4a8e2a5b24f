package cn.onething.marketplace;

import static cn.onething.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** A province installs from the catalogue, sees upgrade notices; the centre sees who uses what. */
@ExtendWith(ServerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MarketplaceTest {
  static final String WORKSPACE = "/api/tenants/330000/workspace";

  static Map<String, String> serverEnv() {
    return Map.of("ONETHING_TEMPLATES_DIR", Path.of("..", "templates").toAbsolutePath().toString());
  }

  @Test
  @Order(1)
  void installingAPackageBringsItsMembers(TestServer server) {
    Reply reply = server.post(WORKSPACE + "/installs").as("admin-330000")
        .json(new JsonObject().put("template", "national/newborn")).send();
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    List<String> installed = reply.json().getJsonArray("installed").stream()
        .map(i -> ((JsonObject) i).getString("publisher") + "/" + ((JsonObject) i).getString("slug")).toList();
    assertThat(installed).containsExactly("national/newborn", "nhc/birth-medical-certificate", "mps/birth-registration",
        "nhsa/resident-medical-insurance-enrolment", "nhc/vaccination-record", "mohrss/social-security-card-application");

    JsonObject workspace = server.get(WORKSPACE).as("admin-330000").send().json();
    assertThat(workspace.getJsonArray("items")).hasSize(6);
    assertThat(workspace.getLong("upgradesAvailable")).isZero();
    JsonObject member = workspace.getJsonArray("items").stream().map(i -> (JsonObject) i)
        .filter(i -> i.getString("slug").equals("birth-registration")).findFirst().orElseThrow();
    assertThat(member.getString("viaPackage")).isEqualTo("national/newborn");
    assertThat(member.getString("title")).isEqualTo("出生登记（落户）");
  }

  @Test
  @Order(2)
  void anotherProvinceCannotSeeOrChangeTheWorkspace(TestServer server) {
    assertProblem(server.get(WORKSPACE).as("admin-440000").send(), 403, "urn:onething:problem:forbidden");
    assertProblem(server.post(WORKSPACE + "/installs").as("admin-440000")
        .json(new JsonObject().put("template", "national/retirement")).send(), 403, "urn:onething:problem:forbidden");
    assertProblem(server.post(WORKSPACE + "/installs").as("clerk-330000-health")
        .json(new JsonObject().put("template", "national/retirement")).send(), 403, "urn:onething:problem:forbidden");
    assertProblem(server.get(WORKSPACE).send(), 401, "urn:onething:problem:unauthorized");
    assertThat(server.get(WORKSPACE).as("auditor-330000").send().status()).isEqualTo(200);
  }

  @Test
  @Order(3)
  void badInstallsAreProblems(TestServer server) {
    String admin = server.login("admin-330000");
    assertProblem(server.post(WORKSPACE + "/installs").token(admin).json(new JsonObject().put("template", "nhc/no-such")).send(),
        404, "urn:onething:problem:not-found");
    assertProblem(server.post(WORKSPACE + "/installs").token(admin).json(new JsonObject().put("template", "newborn")).send(),
        400, "urn:onething:problem:invalid-input");
    assertProblem(server.post(WORKSPACE + "/installs").token(admin)
        .json(new JsonObject().put("template", "national/newborn").put("version", "9.9.9")).send(), 404, "urn:onething:problem:not-found");
    assertProblem(server.post(WORKSPACE + "/installs").token(admin)
        .json(new JsonObject().put("template", "national/newborn").put("region", "440000")).send(), 400, "urn:onething:problem:invalid-input");
    assertProblem(server.post("/api/tenants/330199/workspace/installs").token(admin)
        .json(new JsonObject().put("template", "national/newborn")).send(), 404, "urn:onething:problem:not-found");
    assertProblem(server.get("/api/tenants/nhc/workspace").as("auditor-national").send(), 400, "urn:onething:problem:invalid-input");
  }

  @Test
  @Order(4)
  void usageIsShownToThePublisherAndOnTheTemplate(TestServer server) throws Exception {
    server.post("/api/tenants/330100/workspace/installs").as("admin-330100")
        .json(new JsonObject().put("template", "nhc/birth-medical-certificate")).send();
    JsonObject usage = server.get("/api/catalogue/templates/nhc/birth-medical-certificate/usage").as("publisher-nhc").send().json();
    assertThat(usage.getInteger("provinces")).as("杭州 counts for 浙江").isEqualTo(1);
    assertThat(usage.getJsonObject("byVersion").getJsonArray("1.1.0").stream().map(r -> ((JsonObject) r).getString("region")))
        .containsExactlyInAnyOrder("330000", "330100");
    assertProblem(server.get("/api/catalogue/templates/nhc/birth-medical-certificate/usage").as("publisher-mps").send(), 403,
        "urn:onething:problem:forbidden");
    assertThat(server.get("/api/catalogue/templates/nhc/birth-medical-certificate/usage").as("admin-440000").send().status())
        .isEqualTo(200);

    JsonObject detail = server.get("/api/catalogue/templates/national/newborn").send().json();
    assertThat(detail.getString("publisherName")).isEqualTo("国家政务服务平台");
    assertThat(detail.getString("region")).isEqualTo("national");
    assertThat(detail.getJsonObject("usage").getLong("provinces")).isEqualTo(1);

    long deadline = System.nanoTime() + 1_000_000_000L;
    int searchUsage = 0;
    while (System.nanoTime() < deadline && searchUsage != 1) {
      JsonObject hit = server.get("/api/catalogue/search?q=" + java.net.URLEncoder.encode("新生儿出生一件事", "UTF-8") + "&kind=package")
          .send().json().getJsonArray("hits").getJsonObject(0);
      searchUsage = hit.getInteger("usage");
    }
    assertThat(searchUsage).as("usage reaches the search index").isEqualTo(1);
  }

  @Test
  @Order(5)
  void aNewerVersionRaisesAnUpgradeNotice(TestServer server) {
    String nhc = server.login("publisher-nhc");
    JsonObject current = server.get("/api/catalogue/templates/nhc/vaccination-record/versions/1.1.0").send().json()
        .getJsonObject("content");
    String path = "/api/catalogue/templates/nhc/vaccination-record/versions/1.2.0";
    Reply saved = server.put(path).token(nhc).json(current.copy().put("version", "1.2.0")
        .put("summary", current.getString("summary") + "（2026 年版）")).send();
    assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
    assertThat(server.post(path + "/publish").token(nhc).send().status()).isEqualTo(200);

    JsonObject workspace = server.get(WORKSPACE).as("admin-330000").send().json();
    assertThat(workspace.getLong("upgradesAvailable")).isEqualTo(1);
    JsonObject item = workspace.getJsonArray("items").stream().map(i -> (JsonObject) i)
        .filter(i -> i.getString("slug").equals("vaccination-record")).findFirst().orElseThrow();
    assertThat(item.getJsonObject("upgrade").getString("latest")).isEqualTo("1.2.0");
    Reply diff = server.get(item.getJsonObject("upgrade").getString("diff")).send();
    assertThat(diff.status()).isEqualTo(200);
    assertThat(diff.json().getJsonArray("properties")).contains("summary");
  }

  @Test
  @Order(6)
  void uninstallingRemovesIt(TestServer server) {
    String admin = server.login("admin-330000");
    Reply removed = server.request("DELETE", WORKSPACE + "/installs/nhc/vaccination-record").token(admin).send();
    assertThat(removed.status()).isEqualTo(204);
    assertProblem(server.request("DELETE", WORKSPACE + "/installs/nhc/vaccination-record").token(admin).send(), 404,
        "urn:onething:problem:not-found");
  }
}
