package cn.onething.search;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.OneThingServer;
import cn.onething.config.ServerConfig;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two server processes on one database: a publish on one is found on the other within two seconds. */
@ExtendWith(ServerExtension.class)
class TwoProcessFreshnessTest {

  @Test
  void aPublishOnOneProcessIsFoundOnTheOther(TestServer first) throws Exception {
    OneThingServer second = OneThingServer.start(ServerConfig.from(Map.of(
        "ONETHING_DB_URL", first.databaseUrl(), "ONETHING_HTTP_PORT", "0", "ONETHING_HTTP_HOST", "127.0.0.1",
        "ONETHING_TEMPLATES_DIR", "none"))).await();
    try {
      String mps = first.login("publisher-mps");
      String path = "/api/catalogue/templates/mps/cross-process-probe/versions/1.0.0";
      JsonObject elements = new JsonObject()
          .put("kind", "element").put("publisher", "mps").put("slug", "cross-process-probe").put("version", "1.0.0")
          .put("title", "跨进程探针数据元").put("elements", new JsonArray().add(new JsonObject()
              .put("id", "crossprobe.value").put("label", "探针值").put("type", "string").put("sensitivity", "public")));
      assertThat(first.put(path).token(mps).json(elements).send().status()).isEqualTo(201);
      assertThat(first.post(path + "/publish").token(mps).send().status()).isEqualTo(200);
      long published = System.nanoTime();

      HttpClient client = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + second.port() + "/api/catalogue/search?q="
          + SearchApiTest.enc("跨进程探针"));
      long deadline = published + Duration.ofSeconds(2).toNanos();
      List<String> found = List.of();
      while (System.nanoTime() < deadline && !found.contains("mps/cross-process-probe")) {
        HttpResponse<String> reply = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        found = SearchApiTest.refs(new JsonObject(reply.body()));
        if (!found.contains("mps/cross-process-probe")) {
          Thread.sleep(25);
        }
      }
      System.out.printf("found on the other process %d ms after publishing%n", (System.nanoTime() - published) / 1_000_000);
      assertThat(found).contains("mps/cross-process-probe");
    } finally {
      second.stop(Duration.ofSeconds(10));
    }
  }
}
