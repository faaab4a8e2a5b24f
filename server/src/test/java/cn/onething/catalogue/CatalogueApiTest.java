package cn.onething.catalogue;

import static cn.onething.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** Drafts, publishing, immutability, deprecation, listing and diff, through HTTP, with tenant checks. */
@ExtendWith(ServerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogueApiTest {
  static final String ELEMENTS = "/api/catalogue/templates/mps/test-person/versions/1.0.0";
  static final String BINDING = "/api/catalogue/templates/mps/test-identity/versions/1.0.0";
  static final String MATTER = "/api/catalogue/templates/nhc/test-matter/versions/1.0.0";

  @BeforeAll
  static void publishTheFoundations(TestServer server) {
    String mps = server.login("publisher-mps");
    for (var entry : java.util.Map.of(ELEMENTS, "elements", BINDING, "binding").entrySet()) {
      Reply saved = server.put(entry.getKey()).token(mps).json(Fixtures.load(entry.getValue())).send();
      assertThat(saved.status()).as(saved.toString()).isIn(200, 201);
    }
    // Elements first: the binding refers to them.
    assertThat(server.post(ELEMENTS + "/publish").token(mps).send().status()).isEqualTo(200);
    assertThat(server.post(BINDING + "/publish").token(mps).send().status()).isEqualTo(200);
  }

  @Test
  @Order(1)
  void aDraftIsSeenOnlyByItsPublisherAndPublishedIsPublic(TestServer server) {
    String nhc = server.login("publisher-nhc");
    Reply saved = server.put(MATTER).token(nhc).json(Fixtures.load("matter")).send();
    assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
    assertThat(saved.json().getBoolean("valid")).isTrue();

    assertProblem(server.get(MATTER).send(), 404, "urn:onething:problem:not-found");
    assertProblem(server.get(MATTER).as("publisher-mps").send(), 404, "urn:onething:problem:not-found");
    assertThat(server.get(MATTER).token(nhc).send().json().getString("status")).isEqualTo("draft");

    Reply published = server.post(MATTER + "/publish").token(nhc).send();
    assertThat(published.status()).as(published.toString()).isEqualTo(200);
    Reply anonymous = server.get(MATTER).send();
    assertThat(anonymous.status()).isEqualTo(200);
    assertThat(anonymous.json().getString("status")).isEqualTo("published");
    assertThat(anonymous.json().getJsonObject("content").getString("title")).isEqualTo("测试事项");
  }

  @Test
  @Order(2)
  void aPublishedVersionCannotBeChanged(TestServer server) {
    Reply reply = server.put(MATTER).as("publisher-nhc").json(Fixtures.load("matter").put("title", "改过的标题")).send();
    assertProblem(reply, 409, "urn:onething:problem:conflict");
    assertThat(reply.json().getString("detail")).contains("新的版本号").contains("1.1.0");
    assertThat(server.get(MATTER).send().json().getJsonObject("content").getString("title")).isEqualTo("测试事项");
    assertProblem(server.post(MATTER + "/publish").as("publisher-nhc").send(), 409, "urn:onething:problem:conflict");
  }

  @Test
  @Order(3)
  void aPublisherCannotWriteUnderAnotherPublisher(TestServer server) {
    Reply reply = server.put("/api/catalogue/templates/mps/stolen/versions/1.0.0").as("publisher-nhc")
        .json(Fixtures.load("matter").put("publisher", "mps").put("slug", "stolen")).send();
    assertProblem(reply, 403, "urn:onething:problem:forbidden");
    assertThat(reply.json().getString("detail")).contains("nhc").contains("mps");
    assertProblem(server.get("/api/catalogue/templates/mps/stolen").as("publisher-mps").send(), 404,
        "urn:onething:problem:not-found");
  }

  @Test
  @Order(4)
  void aProvinceAdminCannotPublishANationalTemplateButMayShareItsOwn(TestServer server) {
    String admin = server.login("admin-330000");
    Reply national = server.put("/api/catalogue/templates/nhc/local-copy/versions/1.0.0").token(admin)
        .json(Fixtures.load("matter").put("slug", "local-copy")).send();
    assertProblem(national, 403, "urn:onething:problem:forbidden");

    String own = "/api/catalogue/templates/330000/zhejiang-newborn-extra/versions/1.0.0";
    Reply saved = server.put(own).token(admin)
        .json(Fixtures.load("matter").put("publisher", "330000").put("slug", "zhejiang-newborn-extra")).send();
    assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
    assertThat(server.post(own + "/publish").token(admin).send().status()).isEqualTo(200);
    assertProblem(server.post(own + "/deprecate").as("admin-440000").send(), 403, "urn:onething:problem:forbidden");
  }

  @Test
  @Order(5)
  void anInvalidDraftIsKeptButCannotBePublished(TestServer server) {
    String nhc = server.login("publisher-nhc");
    String path = "/api/catalogue/templates/nhc/broken/versions/1.0.0";
    JsonObject broken = Fixtures.load("matter").put("slug", "broken");
    broken.getJsonArray("materials").getJsonObject(0).put("eLicence", "passport");
    broken.getJsonArray("rules").getJsonObject(0).put("expression", "this.constructor");
    Reply saved = server.put(path).token(nhc).json(broken).send();
    assertThat(saved.status()).isEqualTo(201);
    assertThat(saved.json().getBoolean("valid")).isFalse();
    assertThat(saved.json().getJsonArray("errors").encode()).contains("/materials/0/eLicence").contains("/rules/0/expression");

    Reply refused = server.post(path + "/publish").token(nhc).send();
    assertProblem(refused, 422, "urn:onething:problem:template-invalid");
    assertThat(refused.json().getJsonArray("errors").size()).isEqualTo(2);
    assertThat(server.get(path).token(nhc).send().json().getString("status")).isEqualTo("draft");
  }

  @Test
  @Order(6)
  void aNewVersionIsDiffedAgainstTheOldOneById(TestServer server) {
    String nhc = server.login("publisher-nhc");
    JsonObject next = Fixtures.load("matter").put("version", "1.1.0");
    JsonArray sections = next.getJsonObject("form").getJsonArray("sections");
    sections.getJsonObject(1).getJsonArray("fields").add(new JsonObject()
        .put("id", "birthPlace").put("type", "string").put("label", "出生地点"));
    next.getJsonArray("materials").remove(1);
    next.getJsonArray("steps").getJsonObject(2).put("timeLimitDays", 2);
    next.getJsonArray("rules").getJsonObject(1).put("expression", "!isEmpty(form.newbornName)");
    String path = "/api/catalogue/templates/nhc/test-matter/versions/1.1.0";
    assertThat(server.put(path).token(nhc).json(next).send().status()).isEqualTo(201);
    assertThat(server.post(path + "/publish").token(nhc).send().status()).isEqualTo(200);

    JsonObject diff = server.get("/api/catalogue/templates/nhc/test-matter/diff?from=1.0.0&to=1.1.0").send().json();
    assertThat(diff.getJsonObject("fields").getJsonArray("added")).containsExactly("birthPlace");
    assertThat(diff.getJsonObject("materials").getJsonArray("removed")).containsExactly("birth-record");
    assertThat(diff.getJsonObject("steps").getJsonArray("changed").getJsonObject(0).getString("id")).isEqualTo("decide");
    assertThat(diff.getJsonObject("steps").getJsonArray("changed").getJsonObject(0).getJsonArray("properties"))
        .containsExactly("timeLimitDays");
    assertThat(diff.getJsonObject("rules").getJsonArray("changed").getJsonObject(0).getString("id")).isEqualTo("weight-shown");
    assertThat(diff.containsKey("bindings")).isFalse();

    JsonObject template = server.get("/api/catalogue/templates/nhc/test-matter").send().json();
    assertThat(template.getString("current")).isEqualTo("1.1.0");
    assertThat(template.getJsonArray("versions").stream().map(v -> ((JsonObject) v).getString("version")))
        .containsExactly("1.0.0", "1.1.0");
  }

  @Test
  @Order(7)
  void aDeprecatedVersionStaysResolvableButLeavesTheCurrentList(TestServer server) {
    String nhc = server.login("publisher-nhc");
    Reply deprecated = server.post("/api/catalogue/templates/nhc/test-matter/versions/1.1.0/deprecate").token(nhc)
        .json(new JsonObject().put("note", "体重字段口径调整，请使用 1.0.0")).send();
    assertThat(deprecated.status()).as(deprecated.toString()).isEqualTo(200);
    assertThat(server.post("/api/catalogue/templates/nhc/test-matter/versions/1.1.0/deprecate").token(nhc).send().status())
        .as("deprecating twice is fine").isEqualTo(200);

    Reply version = server.get("/api/catalogue/templates/nhc/test-matter/versions/1.1.0").send();
    assertThat(version.status()).isEqualTo(200);
    assertThat(version.json().getBoolean("deprecated")).isTrue();
    assertThat(version.json().getString("deprecationNote")).contains("口径调整");

    JsonObject list = server.get("/api/catalogue/templates?kind=matter&publisher=nhc").send().json();
    JsonObject matter = list.getJsonArray("templates").stream().map(t -> (JsonObject) t)
        .filter(t -> t.getString("slug").equals("test-matter")).findFirst().orElseThrow();
    assertThat(matter.getString("version")).isEqualTo("1.0.0");
    assertThat(server.get("/api/catalogue/templates/nhc/test-matter").send().json().getString("current")).isEqualTo("1.0.0");
  }

  @Test
  @Order(8)
  void badInputIsAProblemNeverA500(TestServer server) {
    String nhc = server.login("publisher-nhc");
    assertProblem(server.put("/api/catalogue/templates/nhc/x/versions/1.0").token(nhc).json(new JsonObject()).send(), 400,
        "urn:onething:problem:invalid-input");
    assertProblem(server.put("/api/catalogue/templates/nhc/Bad_Slug/versions/1.0.0").token(nhc).json(new JsonObject()).send(),
        400, "urn:onething:problem:invalid-input");
    Reply contradict = server.put("/api/catalogue/templates/nhc/y/versions/1.0.0").token(nhc)
        .json(Fixtures.load("matter").put("slug", "z")).send();
    assertProblem(contradict, 400, "urn:onething:problem:invalid-input");
    assertThat(contradict.json().getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("/slug");
    assertProblem(server.put("/api/catalogue/templates/nhc/y/versions/1.0.0").send(), 401, "urn:onething:problem:unauthorized");
    assertProblem(server.get("/api/catalogue/templates/nhc/test-matter/diff?from=1.0.0").send(), 400,
        "urn:onething:problem:invalid-input");
    assertProblem(server.get("/api/catalogue/templates/nhc/test-matter/diff?from=1.0.0&to=9.9.9").send(), 404,
        "urn:onething:problem:not-found");
    assertProblem(server.get("/api/catalogue/templates?kind=spaceship").send(), 400, "urn:onething:problem:invalid-input");
    Reply kindChange = server.put("/api/catalogue/templates/nhc/test-matter/versions/2.0.0").token(nhc)
        .json(Fixtures.load("package").put("publisher", "nhc").put("slug", "test-matter").put("version", "2.0.0")).send();
    assertProblem(kindChange, 409, "urn:onething:problem:conflict");
  }

  @Test
  @Order(9)
  void theValidateEndpointChecksWithoutSaving(TestServer server) {
    JsonObject template = Fixtures.load("matter").put("slug", "never-saved");
    template.getJsonObject("form").getJsonArray("sections").getJsonObject(0).getJsonArray("fields").getJsonObject(0)
        .put("element", "tperson.nope");
    Reply reply = server.post("/api/catalogue/validate").as("publisher-nhc").json(template).send();
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getBoolean("valid")).isFalse();
    assertThat(reply.json().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/form/sections/0/fields/0/element");
    assertProblem(server.get("/api/catalogue/templates/nhc/never-saved").as("publisher-nhc").send(), 404,
        "urn:onething:problem:not-found");
    assertProblem(server.post("/api/catalogue/validate").as("citizen-zhangwei").json(template).send(), 403,
        "urn:onething:problem:forbidden");
  }
}
