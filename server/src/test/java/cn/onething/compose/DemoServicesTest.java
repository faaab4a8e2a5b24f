package cn.onething.compose;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** In dev mode 浙江 starts with two published services a newcomer can click through. */
@ExtendWith(ServerExtension.class)
class DemoServicesTest {

  static Map<String, String> serverEnv() {
    return Map.of("ONETHING_TEMPLATES_DIR", Path.of("..", "templates").toAbsolutePath().toString(),
        "ONETHING_DEMO_SERVICES", "true");
  }

  @Test
  void newbornAndCompanyOpeningArePublishedFor330000(TestServer server) {
    String admin = server.login("admin-330000");
    var services = server.get("/api/tenants/330000/services").token(admin).send().json().getJsonArray("services");
    assertThat(services.stream().map(s -> ((JsonObject) s).getString("slug"))).contains("newborn", "company-opening");
    assertThat(services.stream().map(s -> ((JsonObject) s).getInteger("activeRelease"))).containsOnly(1);
    JsonObject release = server.get("/api/tenants/330000/services/newborn/releases/1").token(admin).send().json()
        .getJsonObject("release");
    assertThat(release.getJsonObject("figures").getJsonObject("fields").getInteger("asked"))
        .isLessThan(release.getJsonObject("figures").getJsonObject("fields").getInteger("memberSum"));

    // Every binding calls the department simulator, with its key named, never written in.
    assertThat(release.getJsonArray("bindings")).isNotEmpty().allSatisfy(b -> {
      JsonObject endpoint = ((JsonObject) b).getJsonObject("endpoint");
      assertThat(endpoint.getString("baseUrl")).isEqualTo(cn.onething.config.ServerConfig.DEFAULT_SIMULATOR_URL);
      assertThat(endpoint.getString("secretRef")).isEqualTo("SIMULATOR_KEY");
    });
    assertThat(release.encode()).doesNotContain(cn.onething.config.ServerConfig.DEV_SIMULATOR_KEY);
  }
}
