package cn.onething.health;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What an operator and a newcomer reach first: health, metrics, the designer, the API contract. */
@ExtendWith(ServerExtension.class)
class OperationsEndpointsTest {

  @Test
  void healthIsUpWithTheDatabase(TestServer server) {
    Reply reply = server.get("/health").send();
    assertThat(reply.status()).isEqualTo(200);
    JsonObject body = reply.json();
    assertThat(body.getString("status")).isEqualTo("UP");
    assertThat(body.getJsonObject("database").getString("status")).isEqualTo("UP");
    assertThat(body.getJsonObject("database").getBoolean("migrated")).isTrue();
  }

  @Test
  void metricsArePrometheusTextWithRequestCounts(TestServer server) {
    server.get("/health").send();
    Reply reply = server.get("/metrics").send();
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("text/plain");
    assertThat(reply.text()).contains("# TYPE vertx_http_server_requests_total counter");
    assertThat(reply.text()).containsPattern("vertx_http_server_requests_total\\{[^}]*route=\"/health\"");
    assertThat(reply.text()).contains("jvm_memory_used_bytes");
  }

  @Test
  void theDesignerIsServedWithClientSideRoutesFallingBackToItsPage(TestServer server) {
    Reply page = server.get("/designer/").send();
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.text()).contains("/designer/assets/");

    Reply deepLink = server.get("/designer/catalogue/search").send();
    assertThat(deepLink.status()).isEqualTo(200);
    assertThat(deepLink.text()).isEqualTo(page.text());

    Reply missingAsset = server.get("/designer/assets/no-such-file.js").send();
    assertThat(missingAsset.status()).isEqualTo(404);
    assertThat(missingAsset.contentType()).startsWith("application/problem+json");
  }

  @Test
  void theDesignersAssetsAreServed(TestServer server) {
    String page = server.get("/designer/").send().text();
    var asset = java.util.regex.Pattern.compile("/designer/assets/[^\"']+\\.js").matcher(page);
    assertThat(asset.find()).as("index.html names a script").isTrue();
    Reply script = server.get(asset.group()).send();
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.contentType()).contains("javascript");
  }

  @Test
  void theRootLeadsToTheDesigner(TestServer server) {
    Reply reply = server.get("/").send();
    assertThat(reply.status()).isEqualTo(302);
    assertThat(reply.header("Location")).isEqualTo("/designer/");
  }

  @Test
  void theOpenApiContractIsServed(TestServer server) {
    Reply reply = server.get("/api/openapi.yaml").send();
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.text()).startsWith("openapi: 3.1");
    var document = new tools.jackson.dataformat.yaml.YAMLMapper().readTree(reply.text());
    assertThat(document.get("paths").propertyNames()).contains("/health", "/api/auth/dev-login",
        "/api/tenants/{tenant}/users", "/api/catalogue/templates/{publisher}/{slug}/versions/{version}/publish", "/api/audit");
  }
}
