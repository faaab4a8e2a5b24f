package cn.onething.process;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 容缺受理 and 告知承诺 on 建筑工程施工许可 (which allows both): accepted with a non-key material missing,
 * the decision waits until the applicant supplies it; on commitment the review is left out, the
 * permit is granted at once and a later check goes to the department with its due date.
 */
@ExtendWith(ServerExtension.class)
class GapsAndCommitmentTest {
  static final String SERVICE = "/api/tenants/330000/services/construction-permit";

  static Map<String, String> serverEnv() {
    return Map.of("ONETHING_TEMPLATES_DIR", Path.of("..", "templates").toAbsolutePath().toString(),
        "ONETHING_SIMULATOR_URL", "none");
  }

  static JsonObject permitData() {
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    return new JsonObject()
        .put("applicant_enterprise_uscc", "91330102MA2H3K7R2R").put("applicant_enterprise_name", "杭州杰越信息技术有限公司")
        .put("legalRepresentative_person_name", "陈杰").put("legalRepresentative_person_idNumber", "330102198511203514")
        .put("contact_person_name", "陈杰").put("contact_person_mobile", "13900139000")
        .put("applicant_project_code", "2026-330102-47-01-000123").put("applicant_project_name", "杰越研发中心")
        .put("applicant_project_location", "杭州市上城区望江路 88 号").put("applicant_project_buildingArea", 5200)
        .put("mohurd_construction_permit__contractPrice", 3600).put("applicant_project_startDate", today.plusDays(20).toString())
        .put("mohurd_construction_permit__plannedCompletionDate", today.plusDays(400).toString())
        .put("mohurd_construction_permit__planningPermitNo", "建字第330102202600123号")
        .put("mohurd_construction_permit__constructorName", "浙江建工集团有限责任公司")
        .put("mohurd_construction_permit__constructorUscc", "91330000142914551L")
        .put("mohurd_construction_permit__projectManagerName", "王建国")
        .put("mohurd_construction_permit__useCommitment", true);
  }

  static String upload(TestServer server, String text) {
    return server.post("/api/uploads").as("citizen-chenjie").body("application/octet-stream",
        ("%PDF-1.4\n%" + text + "\n%%EOF\n").getBytes(StandardCharsets.UTF_8)).send().json().getString("sha256");
  }

  @Test
  void acceptedWithAGapDecidedOnCommitmentCheckedLater(TestServer server) {
    String admin = server.login("admin-330000");
    assertThat(server.post("/api/tenants/330000/services").token(admin).json(new JsonObject().put("slug", "construction-permit")
        .put("matters", new JsonArray().add("mohurd/construction-permit"))).send().status()).isEqualTo(201);
    assertThat(server.put(SERVICE).token(admin).json(new JsonObject().put("overrides", new JsonArray()
        .add(new JsonObject().put("id", "commit").put("op", "useCommitment").put("matter", "mohurd/construction-permit"))))
        .send().status()).isEqualTo(200);
    Reply published = server.post(SERVICE + "/publish").token(admin).send();
    assertThat(published.status()).as(published.toString()).isEqualTo(201);

    // Form fields as the release names them (keys depend on roles and elements).
    JsonObject view = server.get("/api/services/330000/construction-permit").send().json();
    JsonObject properties = view.getJsonObject("form").getJsonObject("schema").getJsonObject("properties");
    JsonObject data = new JsonObject();
    permitData().forEach(e -> {
      if (properties.containsKey(e.getKey())) {
        data.put(e.getKey(), e.getValue());
      }
    });
    JsonObject materials = new JsonObject();
    List<String> gapKeys = new java.util.ArrayList<>();
    view.getJsonArray("materials").forEach(m -> {
      JsonObject material = (JsonObject) m;
      if (!material.getBoolean("required", false) || material.getBoolean("waived", false)) {
        return;
      }
      if (material.getBoolean("key_material", true)) {
        materials.put(material.getString("key"), upload(server, material.getString("key")));
      } else {
        gapKeys.add(material.getString("key"));  // left out: 容缺
      }
    });
    assertThat(gapKeys).as("a non-key material to leave out").isNotEmpty();
    Reply submitted = server.post("/api/applications").as("citizen-chenjie").header("Idempotency-Key", "permit-1")
        .json(new JsonObject().put("region", "330000").put("service", "construction-permit").put("data", data)
            .put("materials", materials)).send();
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
    String id = submitted.json().getString("id");

    for (int i = 0; i < 3; i++) {
      server.server().processWorker().tick().await();
    }
    JsonObject progress = server.get("/api/applications/" + id + "/progress").as("citizen-chenjie").send().json();
    assertThat(progress.getJsonArray("waitingOnYou").stream().map(w -> ((JsonObject) w).getString("what")))
        .contains("补齐材料");
    NewbornProcessTest.workAll(server, "clerk-330000-data", id);
    NewbornProcessTest.workAll(server, "clerk-330000-housing", id);
    // The decision waits for the missing material: nothing left to do for the clerk, the process still running.
    JsonObject waiting = server.get("/api/applications/" + id + "/progress").as("citizen-chenjie").send().json();
    assertThat(waiting.getString("status")).isEqualTo("in-progress");
    assertThat(waiting.encode()).as("the review is left out on commitment").contains("无需办理");

    JsonObject supply = new JsonObject();
    gapKeys.forEach(k -> supply.put(k, upload(server, "late-" + k)));
    Reply supplied = server.post("/api/applications/" + id + "/materials").as("citizen-chenjie")
        .json(new JsonObject().put("materials", supply)).send();
    assertThat(supplied.status()).as(supplied.toString()).isEqualTo(200);
    assertThat(supplied.json().getJsonArray("waitingOnYou")).isEmpty();

    NewbornProcessTest.workAll(server, "clerk-330000-housing", id);
    JsonObject done = server.get("/api/applications/" + id + "/progress").as("citizen-chenjie").send().json();
    // Granted on commitment: complete, with the check still open in the department's queue.
    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("completed");
    assertThat(done.encode()).contains("告知承诺事后核查");
  }
}
