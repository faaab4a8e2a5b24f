package cn.onething.compose;

import static cn.onething.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** 浙江 composes 新生儿出生一件事 through the API, adapts it, publishes and rolls back. */
@ExtendWith(ServerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServicesApiTest {
  static final String SERVICES = "/api/tenants/330000/services";
  static final String NEWBORN = SERVICES + "/newborn";

  static Map<String, String> serverEnv() {
    return Map.of("ONETHING_TEMPLATES_DIR", Path.of("..", "templates").toAbsolutePath().toString());
  }

  @Test
  @Order(1)
  void anAdminCreatesAServiceFromTheNationalPackageAtExactVersions(TestServer server) {
    Reply created = server.post(SERVICES).as("admin-330000")
        .json(new JsonObject().put("slug", "newborn").put("package", "national/newborn")).send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject definition = created.json().getJsonObject("definition");
    assertThat(created.json().getString("title")).isEqualTo("新生儿出生一件事");
    assertThat(definition.getJsonArray("members")).hasSize(5);
    assertThat(definition.getJsonArray("members").getJsonObject(0).getString("version")).matches("\\d+\\.\\d+\\.\\d+");
    assertProblem(server.post(SERVICES).as("admin-330000")
        .json(new JsonObject().put("slug", "newborn").put("package", "national/newborn")).send(), 409, "urn:onething:problem:conflict");
  }

  @Test
  @Order(2)
  void itIsAdaptedCompiledAndPublishedWithFewerFieldsAndMaterialsThanTheMembers(TestServer server) {
    String admin = server.login("admin-330000");
    JsonArray overrides = new JsonArray()
        .add(new JsonObject().put("id", "ov-street").put("op", "addField")
            .put("field", new JsonObject().put("id", "streetOffice").put("type", "string").put("label", "户籍所在街道（乡镇）")
                .put("required", true)))
        .add(new JsonObject().put("id", "ov-check").put("op", "addStep").put("after", "mps/birth-registration")
            .put("step", new JsonObject().put("id", "street-check").put("name", "街道（乡镇）核查").put("type", "inspect")
                .put("department", "civil-affairs").put("timeLimitDays", 2)));
    Reply updated = server.put(NEWBORN).token(admin).json(new JsonObject().put("overrides", overrides)
        .put("licences", new JsonArray().add("birth-certificate").add("id-card").add("household-register"))).send();
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);

    Reply compiled = server.post(NEWBORN + "/compile").token(admin).send();
    assertThat(compiled.status()).as(compiled.toString()).isEqualTo(200);
    assertThat(compiled.json().getBoolean("ok")).as(compiled.json().getJsonArray("diagnostics").encode()).isTrue();
    JsonObject preview = compiled.json().getJsonObject("preview");
    assertThat(preview.getJsonObject("schema").getJsonObject("properties").containsKey("local__streetOffice")).isTrue();

    Reply published = server.post(NEWBORN + "/publish").token(admin).send();
    assertThat(published.status()).as(published.toString()).isEqualTo(201);
    assertThat(published.json().getInteger("number")).isEqualTo(1);
    JsonObject figures = published.json().getJsonObject("figures");
    assertThat(figures.getJsonObject("fields").getInteger("asked")).isLessThan(figures.getJsonObject("fields").getInteger("memberSum"));
    assertThat(figures.getJsonObject("materials").getInteger("asked"))
        .isLessThan(figures.getJsonObject("materials").getInteger("memberSum"));
  }

  @Test
  @Order(3)
  void aBrokenOverrideStopsPublishingWithEveryProblem(TestServer server) {
    String admin = server.login("admin-330000");
    server.put(NEWBORN).token(admin).json(new JsonObject().put("overrides", new JsonArray()
        .add(new JsonObject().put("id", "ov-hide").put("op", "hide").put("field", "mother_person_idNumber"))
        .add(new JsonObject().put("id", "ov-gone").put("op", "relabel").put("field", "applicant_person_fax").put("label", "传真")))).send();
    Reply refused = server.post(NEWBORN + "/publish").token(admin).send();
    assertProblem(refused, 422, "urn:onething:problem:service-invalid");
    assertThat(refused.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("pointer")))
        .containsExactly("/overrides/0", "/overrides/1/field");
  }

  @Test
  @Order(4)
  void aSecondReleaseCanBeRolledBack(TestServer server) {
    String admin = server.login("admin-330000");
    server.put(NEWBORN).token(admin).json(new JsonObject().put("overrides", new JsonArray())).send();
    assertThat(server.post(NEWBORN + "/publish").token(admin).send().json().getInteger("number")).isEqualTo(2);
    JsonObject releases = server.get(NEWBORN + "/releases").token(admin).send().json();
    assertThat(releases.getInteger("active")).isEqualTo(2);
    assertThat(releases.getJsonArray("releases")).hasSize(2);

    Reply rollback = server.post(NEWBORN + "/releases/1/activate").token(admin).send();
    assertThat(rollback.status()).as(rollback.toString()).isEqualTo(200);
    assertThat(server.get(NEWBORN).token(admin).send().json().getInteger("activeRelease")).isEqualTo(1);
    JsonObject first = server.get(NEWBORN + "/releases/1").token(admin).send().json().getJsonObject("release");
    assertThat(first.getJsonObject("schema").getJsonObject("properties").containsKey("local__streetOffice")).isTrue();
    assertProblem(server.post(NEWBORN + "/releases/9/activate").token(admin).send(), 404, "urn:onething:problem:not-found");
  }

  @Test
  @Order(5)
  void anotherProvinceNeitherReadsNorChangesIt(TestServer server) {
    String other = server.login("admin-440000");
    assertProblem(server.get(NEWBORN).token(other).send(), 403, "urn:onething:problem:forbidden");
    assertProblem(server.put(NEWBORN).token(other).json(new JsonObject().put("title", "篡改")).send(), 403,
        "urn:onething:problem:forbidden");
    assertProblem(server.post(NEWBORN + "/publish").token(other).send(), 403, "urn:onething:problem:forbidden");
    assertProblem(server.get(SERVICES).token(other).send(), 403, "urn:onething:problem:forbidden");
    assertThat(server.get(SERVICES).as("admin-440000").send().status()).isEqualTo(403);
    assertThat(server.get("/api/tenants/440000/services").token(other).send().json().getJsonArray("services")).isEmpty();
    assertThat(server.get(NEWBORN).as("auditor-330000").send().status()).isEqualTo(200);
    assertProblem(server.post(NEWBORN + "/publish").as("auditor-330000").send(), 403, "urn:onething:problem:forbidden");
  }

  @Test
  @Order(6)
  void badRequestsAreProblems(TestServer server) {
    String admin = server.login("admin-330000");
    assertProblem(server.post(SERVICES).token(admin).json(new JsonObject().put("slug", "Bad Slug").put("package", "national/newborn")).send(),
        400, "urn:onething:problem:invalid-input");
    assertProblem(server.post(SERVICES).token(admin).json(new JsonObject().put("slug", "x2")).send(), 400,
        "urn:onething:problem:invalid-input");
    assertProblem(server.post(SERVICES).token(admin).json(new JsonObject().put("slug", "x3").put("package", "nhc/birth-medical-certificate")).send(),
        400, "urn:onething:problem:invalid-input");
    assertProblem(server.post(SERVICES).token(admin).json(new JsonObject().put("slug", "x4").put("package", "national/no-such")).send(),
        404, "urn:onething:problem:not-found");
    assertProblem(server.put(NEWBORN).token(admin).json(new JsonObject().put("region", "440000")).send(), 400,
        "urn:onething:problem:invalid-input");
    assertProblem(server.get(SERVICES + "/no-such").token(admin).send(), 404, "urn:onething:problem:not-found");
    // Malformed definitions are refused where they are written, so compiling never meets them.
    Reply ordering = server.put(NEWBORN).token(admin).json(new JsonObject()
        .put("ordering", new JsonArray().add(new JsonObject().put("first", "a")))).send();
    assertProblem(ordering, 400, "urn:onething:problem:invalid-input");
    assertThat(ordering.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("pointer")))
        .contains("/ordering/0/before", "/ordering/0/after");
    Reply overrides = server.put(NEWBORN).token(admin).json(new JsonObject().put("overrides", new JsonArray()
        .add(new JsonObject().put("id", "ov-a").put("op", "relabel").put("field", 5))
        .add(new JsonObject().put("id", "ov-b").put("op", "addField").put("field", "text"))
        .add(new JsonObject().put("id", "ov-c").put("op", "explode")))).send();
    assertProblem(overrides, 400, "urn:onething:problem:invalid-input");
    assertThat(overrides.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("pointer")))
        .anyMatch(p -> p.startsWith("/overrides/0")).anyMatch(p -> p.startsWith("/overrides/1")).anyMatch(p -> p.startsWith("/overrides/2"));
    assertProblem(server.put(NEWBORN).token(admin).json(new JsonObject().put("sharedAcceptance",
        new JsonObject().put("timeLimitDays", "two"))).send(), 400, "urn:onething:problem:invalid-input");
    assertThat(server.post(NEWBORN + "/compile").token(admin).send().status()).as("nothing malformed was stored").isEqualTo(200);
    assertProblem(server.post("/api/tenants/330199/services").token(admin)
        .json(new JsonObject().put("slug", "x5").put("package", "national/newborn")).send(), 404, "urn:onething:problem:not-found");
  }

  @Test
  @Order(7)
  void theCentreSeesHowEachProvinceDepartsFromThePackage(TestServer server) {
    String admin = server.login("admin-330000");
    server.put(NEWBORN).token(admin).json(new JsonObject().put("overrides", new JsonArray()
        .add(new JsonObject().put("id", "ov-street").put("op", "addField")
            .put("field", new JsonObject().put("id", "streetOffice").put("type", "string").put("label", "街道")))
        .add(new JsonObject().put("id", "ov-label").put("op", "relabel").put("field", "applicant_person_mobile").put("label", "手机")))).send();
    Reply reply = server.get("/api/catalogue/templates/national/newborn/consistency").as("auditor-national").send();
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonObject zhejiang = reply.json().getJsonArray("provinces").stream().map(p -> (JsonObject) p)
        .filter(p -> p.getString("region").equals("330000")).findFirst().orElseThrow();
    assertThat(zhejiang.getJsonObject("overridesByKind").getInteger("addField")).isEqualTo(1);
    assertThat(zhejiang.getJsonObject("overridesByKind").getInteger("relabel")).isEqualTo(1);
    assertThat(zhejiang.getBoolean("orderingChanged")).isFalse();
    assertThat(zhejiang.getJsonObject("memberVersions").getString("mps/birth-registration")).isEqualTo("1.0.0");
    assertProblem(server.get("/api/catalogue/templates/national/newborn/consistency").as("publisher-nhc").send(), 403,
        "urn:onething:problem:forbidden");
    assertProblem(server.get("/api/catalogue/templates/national/newborn/consistency").as("admin-440000").send(), 403,
        "urn:onething:problem:forbidden");
  }

  @Test
  @Order(8)
  void thePublisherSeesWhichServicesUseItsTemplate(TestServer server) {
    JsonObject usage = server.get("/api/catalogue/templates/nhc/birth-medical-certificate/usage").as("publisher-nhc").send().json();
    assertThat(usage.getJsonArray("services").stream().map(s -> (JsonObject) s))
        .anySatisfy(s -> {
          assertThat(s.getString("region")).isEqualTo("330000");
          assertThat(s.getString("service")).isEqualTo("newborn");
          assertThat(s.getString("version")).isEqualTo("1.1.0");
        });
    assertThat(usage.getInteger("provinces")).isGreaterThanOrEqualTo(1);
  }

  @Test
  @Order(9)
  void theDesignerPreviewsTheDraftsFormAsACitizenWouldGetIt(TestServer server) {
    String admin = server.login("admin-330000");
    Reply page = server.post(NEWBORN + "/preview-page").token(admin).send();
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.text()).as("the local field of the draft (order 7), not yet published")
        .contains("id=\"f-local__streetOffice\"", "街道", "预览：这是尚未发布的草稿");
    assertProblem(server.post(NEWBORN + "/preview-page").as("admin-440000").send(), 403, "urn:onething:problem:forbidden");
    assertProblem(server.post(SERVICES + "/no-such/preview-page").token(admin).send(), 404, "urn:onething:problem:not-found");

    server.put(NEWBORN).token(admin).json(new JsonObject().put("overrides", new JsonArray()
        .add(new JsonObject().put("id", "ov-hide").put("op", "hide").put("field", "mother_person_idNumber")))).send();
    Reply broken = server.post(NEWBORN + "/preview-page").token(admin).send();
    assertProblem(broken, 422, "urn:onething:problem:service-invalid");
    assertThat(broken.json().getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("/overrides/0");
  }
}
