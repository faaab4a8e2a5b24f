package cn.onething.apply;

import static cn.onething.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The citizen's JSON API under the published 新生儿出生一件事 of 330000: one submission, all
 * problems at once, materials by upload or e-licence, one application per idempotency key, and
 * nobody else's applications.
 */
@ExtendWith(ServerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplicationsApiTest {
  static final String MATERIAL = "name:新生儿出生时疫苗接种记录";

  static Map<String, String> serverEnv() {
    return Map.of("ONETHING_TEMPLATES_DIR", Path.of("..", "templates").toAbsolutePath().toString(),
        "ONETHING_DEMO_SERVICES", "true",
        // The endpoints are configured (so e-licences waive materials) but nothing answers there.
        "ONETHING_SIMULATOR_URL", "http://127.0.0.1:9");
  }

  static String upload(TestServer server, String user, byte[] bytes) {
    Reply reply = server.post("/api/uploads").as(user).body("application/octet-stream", bytes)
        .header("X-Filename", "%E6%8E%A5%E7%A7%8D%E8%AE%B0%E5%BD%95.pdf").send();
    assertThat(reply.status()).as(reply.toString()).isIn(201);
    return reply.json().getString("sha256");
  }

  static JsonObject submission(JsonObject data, String sha) {
    return new JsonObject().put("region", "330000").put("service", "newborn").put("data", data)
        .put("materials", new JsonObject().put(MATERIAL, sha));
  }

  @Test
  @Order(1)
  void anyoneSeesThePublishedServiceAndWhatItAsks(TestServer server) {
    JsonArray services = server.get("/api/services/330000").send().json().getJsonArray("services");
    assertThat(services.stream().map(s -> ((JsonObject) s).getString("slug"))).contains("newborn", "company-opening");
    JsonObject view = server.get("/api/services/330000/newborn").send().json();
    assertThat(view.getString("title")).isEqualTo("新生儿出生一件事");
    assertThat(view.encode()).doesNotContain("baseUrl").doesNotContain("secretRef");
    assertThat(view.getJsonObject("form").getJsonArray("layout").stream()
        .flatMap(s -> ((JsonObject) s).getJsonArray("fields").stream()).map(f -> (JsonObject) f)
        .filter(f -> "newborn_person_idNumber".equals(f.getString("key"))))
        .singleElement().extracting(f -> f.getString("origin")).isEqualTo("process");
    assertThat(server.get("/api/services/330000/no-such").send().status()).isEqualTo(404);
  }

  @Test
  @Order(2)
  void everyProblemIsReportedAtOnceAtItsField(TestServer server) {
    JsonObject data = NewbornForm.data();
    data.remove("mother_person_name");
    data.put("applicant_person_mobile", "12345").put("newborn_person_ethnicity", "03")
        .put("mohrss_social_security_card_application__deliveryMethod", "post")
        .put("newborn_person_idNumber", "made-up");  // the process fills it: ignored, not an error
    Reply reply = server.post("/api/applications").as("citizen-lina").header("Idempotency-Key", "bad-1")
        .json(new JsonObject().put("region", "330000").put("service", "newborn").put("data", data)).send();
    assertProblem(reply, 422, "urn:onething:problem:application-invalid");
    Map<String, String> errors = new java.util.HashMap<>();
    reply.json().getJsonArray("errors").forEach(e -> errors.put(((JsonObject) e).getString("pointer"),
        ((JsonObject) e).getString("message")));
    assertThat(errors).containsKeys("/data/mother_person_name", "/data/applicant_person_mobile",
        "/data/newborn_person_ethnicity", "/data/applicant_address_region", "/data/applicant_address_detail",
        "/materials/" + MATERIAL).doesNotContainKey("/data/newborn_person_idNumber");
    assertThat(errors.get("/data/mother_person_name")).isEqualTo("请填写“母亲姓名”");
    assertThat(errors.get("/data/applicant_address_region")).contains("邮寄地址");
    assertThat(errors.get("/data/newborn_person_ethnicity")).contains("民族");
    assertThat(server.get("/api/applications").as("citizen-lina").send().json().getJsonArray("applications")).isEmpty();
  }

  @Test
  @Order(3)
  void oneSubmissionIsStoredWithItsNumberMaterialsAndStartEvent(TestServer server) {
    String sha = upload(server, "citizen-lina", NewbornForm.pdf("vaccination"));
    Reply reply = server.post("/api/applications").as("citizen-lina").header("Idempotency-Key", "lina-newborn-1")
        .json(submission(NewbornForm.data(), sha)).send();
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    JsonObject app = reply.json();
    String today = NewbornForm.today().toString().replace("-", "");
    assertThat(app.getString("id")).matches("330000-" + today + "-\\d{6}");
    assertThat(app.getInteger("release")).isEqualTo(1);
    assertThat(app.getJsonObject("data").containsKey("newborn_person_idNumber")).isFalse();
    assertThat(app.getJsonArray("materials").stream().map(m -> (JsonObject) m))
        .anySatisfy(m -> {
          assertThat(m.getString("key")).isEqualTo(MATERIAL);
          assertThat(m.getString("sha256")).isEqualTo(sha);
          assertThat(m.getString("filename")).isEqualTo("接种记录.pdf");
        })
        .anySatisfy(m -> assertThat(m.getString("eLicence")).isEqualTo("household-register"));
    assertThat(reply.header("Location")).isEqualTo("/api/applications/" + app.getString("id"));
    // The answer is built from what was written, not read back: it must say what a read says.
    JsonObject read = server.get("/api/applications/" + app.getString("id")).as("citizen-lina").send().json();
    app.fieldNames().stream().filter(k -> !k.equals("repeat")).forEach(k ->
        assertThat(read.getValue(k)).as(k).isEqualTo(app.getValue(k)));
  }

  @Test
  @Order(4)
  void aRepeatWithTheSameKeyStoresOneApplicationAndAnotherBodyIsAConflict(TestServer server) throws Exception {
    String sha = upload(server, "citizen-zhangwei", NewbornForm.pdf("vaccination"));
    JsonObject body = submission(NewbornForm.data().put("applicant_person_name", "张伟")
        .put("applicant_person_idNumber", NewbornForm.ZHANG_WEI).put("applicant_person_relationship", "51"), sha);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<Reply>> replies = IntStream.range(0, 4).mapToObj(i -> CompletableFuture.supplyAsync(() ->
          server.post("/api/applications").as("citizen-zhangwei").header("Idempotency-Key", "double-click")
              .json(body).send(), pool)).toList();
      List<String> ids = replies.stream().map(CompletableFuture::join).peek(r ->
          assertThat(r.status()).as(r.toString()).isIn(200, 201)).map(r -> r.json().getString("id")).distinct().toList();
      assertThat(ids).hasSize(1);
    } finally {
      pool.shutdown();
    }
    assertThat(server.get("/api/applications").as("citizen-zhangwei").send().json().getJsonArray("applications"))
        .hasSize(1);
    Reply changed = server.post("/api/applications").as("citizen-zhangwei").header("Idempotency-Key", "double-click")
        .json(body.copy().put("channel", "mobile")).send();
    assertProblem(changed, 409, "urn:onething:problem:idempotency-key-reused");
    assertProblem(server.post("/api/applications").as("citizen-zhangwei").json(body).send(), 400,
        "urn:onething:problem:invalid-input");
  }

  @Test
  @Order(5)
  void aCitizenSeesOnlyTheirOwnApplications(TestServer server) {
    JsonArray linas = server.get("/api/applications").as("citizen-lina").send().json().getJsonArray("applications");
    assertThat(linas).hasSize(1);
    String id = linas.getJsonObject(0).getString("id");
    assertThat(server.get("/api/applications/" + id).as("citizen-lina").send().status()).isEqualTo(200);
    assertProblem(server.get("/api/applications/" + id).as("citizen-chenjie").send(), 404, "urn:onething:problem:not-found");
    assertThat(server.get("/api/applications").as("citizen-chenjie").send().json().getJsonArray("applications")).isEmpty();
    assertThat(server.get("/api/applications/" + id).as("admin-330000").send().status()).isEqualTo(403);
    assertThat(server.get("/api/applications/" + id).send().status()).isEqualTo(401);
  }

  @Test
  @Order(6)
  void uploadsAreJudgedByTheirBytes(TestServer server) {
    Reply fake = server.post("/api/uploads").as("citizen-lina").body("application/pdf", "MZ not a pdf".getBytes()).send();
    assertProblem(fake, 415, "urn:onething:problem:unsupported-file-type");
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0};
    Reply ok = server.post("/api/uploads").as("citizen-lina").body("application/octet-stream", png).send();
    assertThat(ok.json().getString("contentType")).isEqualTo("image/png");
    Reply again = server.post("/api/uploads").as("citizen-lina").body("application/octet-stream", png).send();
    assertThat(again.json().getBoolean("stored")).as("the same file is stored once").isFalse();
    // Someone else's upload cannot be claimed by its hash.
    Reply claim = server.post("/api/applications").as("citizen-chenjie").header("Idempotency-Key", "claim")
        .json(submission(NewbornForm.data(), ok.json().getString("sha256"))).send();
    assertThat(claim.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("pointer")))
        .contains("/materials/" + MATERIAL);
  }

  @Test
  @Order(7)
  void aPrefillIsStoredWhenItChangesNotOnEveryView(TestServer server) throws Exception {
    JsonObject typed = new JsonObject().put("data", new JsonObject());
    assertThat(server.post("/api/services/330000/newborn/prefill").as("citizen-chenjie").json(typed).send().status())
        .isEqualTo(200);
    String first = snapshotVersion(server, "citizen-chenjie");
    assertThat(server.post("/api/services/330000/newborn/prefill").as("citizen-chenjie").json(typed).send().status())
        .isEqualTo(200);
    assertThat(snapshotVersion(server, "citizen-chenjie")).as("the same values: the row is left as it was").isEqualTo(first);
    // A snapshot that changed elsewhere, or is over an hour old, is stored again: PrefillSnapshotsTest.
  }

  /** The snapshot row's transaction id and its values, as PostgreSQL holds them. */
  private static String snapshotVersion(TestServer server, String applicant) throws java.sql.SQLException {
    cn.onething.db.DatabaseUrl db = cn.onething.db.DatabaseUrl.parse(server.databaseUrl());
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         java.sql.PreparedStatement s = c.prepareStatement(
             "SELECT xmin::text || '|' || values::text FROM prefill_snapshot WHERE applicant = ? AND service_slug = 'newborn'")) {
      s.setString(1, applicant);
      try (java.sql.ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }
  }
}
