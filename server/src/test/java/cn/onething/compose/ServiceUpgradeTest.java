package cn.onething.compose;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A minor upstream version: the overrides keyed to what survives stay, the one whose target is gone is reported. */
@ExtendWith(ServerExtension.class)
class ServiceUpgradeTest {
  static final String SERVICE = "/api/tenants/330000/services/newborn-upgrade";
  static final String OLD_KEY = "nhc_birth_medical_certificate__birthPlaceCategory";
  static final String NEW_KEY = "nhc_birth_medical_certificate__placeOfBirthCategory";

  static Map<String, String> serverEnv() {
    return Map.of("ONETHING_TEMPLATES_DIR", Path.of("..", "templates").toAbsolutePath().toString());
  }

  @Test
  void anUpgradeKeepsTheOverridesThatStillApplyAndReportsTheOthers(TestServer server) {
    String admin = server.login("admin-330000");
    assertThat(server.post("/api/tenants/330000/services").token(admin)
        .json(new JsonObject().put("slug", "newborn-upgrade").put("package", "national/newborn")).send().status()).isEqualTo(201);
    JsonArray overrides = new JsonArray()
        .add(new JsonObject().put("id", "ov-mobile").put("op", "relabel").put("field", "applicant_person_mobile").put("label", "联系手机"))
        .add(new JsonObject().put("id", "ov-place").put("op", "help").put("field", OLD_KEY).put("help", "院外出生请选择“其他”"));
    assertThat(server.put(SERVICE).token(admin).json(new JsonObject().put("overrides", overrides)).send().status()).isEqualTo(200);
    assertThat(server.post(SERVICE + "/compile").token(admin).send().json().getBoolean("ok")).isTrue();

    // 国家卫健委 renames a local field in a minor version.
    String nhc = server.login("publisher-nhc");
    String current = server.get("/api/catalogue/templates/nhc/birth-medical-certificate/versions/1.1.0").send().json()
        .getJsonObject("content").encode();
    JsonObject next = new JsonObject(current.replace("birthPlaceCategory", "placeOfBirthCategory")).put("version", "1.2.0");
    String path = "/api/catalogue/templates/nhc/birth-medical-certificate/versions/1.2.0";
    Reply saved = server.put(path).token(nhc).json(next).send();
    assertThat(saved.json().getBoolean("valid")).as(saved.toString()).isTrue();
    assertThat(server.post(path + "/publish").token(nhc).send().status()).isEqualTo(200);

    JsonObject plan = server.get(SERVICE + "/upgrades").token(admin).send().json();
    assertThat(plan.getJsonArray("available").getJsonObject(0).getString("to")).isEqualTo("1.2.0");
    assertThat(plan.getJsonArray("droppedOverrides")).hasSize(1);
    JsonObject dropped = plan.getJsonArray("droppedOverrides").getJsonObject(0);
    assertThat(dropped.getJsonObject("override").getString("id")).isEqualTo("ov-place");
    assertThat(dropped.getString("reason")).contains("不存在");
    assertThat(plan.getJsonObject("changes").getJsonObject("fields").getJsonArray("added")).contains(NEW_KEY);
    assertThat(plan.getJsonObject("changes").getJsonObject("fields").getJsonArray("removed")).contains(OLD_KEY);

    Reply upgraded = server.post(SERVICE + "/upgrade").token(admin).send();
    assertThat(upgraded.status()).as(upgraded.toString()).isEqualTo(200);
    JsonObject definition = server.get(SERVICE).token(admin).send().json().getJsonObject("definition");
    assertThat(definition.getJsonArray("members").stream().map(m -> (JsonObject) m)
        .filter(m -> m.getString("template").equals("nhc/birth-medical-certificate")).findFirst().orElseThrow()
        .getString("version")).isEqualTo("1.2.0");
    assertThat(definition.getJsonArray("overrides")).hasSize(1);
    assertThat(definition.getJsonArray("overrides").getJsonObject(0).getString("id")).isEqualTo("ov-mobile");
    JsonObject compiled = server.post(SERVICE + "/compile").token(admin).send().json();
    assertThat(compiled.getBoolean("ok")).isTrue();
    assertThat(compiled.getJsonObject("preview").getJsonObject("schema").getJsonObject("properties")
        .getJsonObject("applicant_person_mobile").getString("title")).isEqualTo("联系手机");
  }
}
