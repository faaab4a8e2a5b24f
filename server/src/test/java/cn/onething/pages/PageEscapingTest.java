package cn.onething.pages;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.apply.NewbornForm;
import cn.onething.testing.RunningSimulator;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 输出转义: text a province admin typed into a service (title, labels, help, a local field) and text
 * a citizen typed into an application reach the citizen pages escaped — script tags, attribute
 * breakers and {@code javascript:} addresses stay text — under a CSP without inline or eval'd script.
 */
@ExtendWith(ServerExtension.class)
class PageEscapingTest {
  static final String TITLE = "<script>alert('title')</script>新生儿";
  static final String LABEL = "\"><img src=x onerror=alert(1)>联系手机";
  static final String HELP = "javascript:alert(2)";
  static final String LOCAL = "<script>alert(3)</script>街道";
  static final String CITIZEN = "<script>alert(4)</script>\" onfocus=\"alert(5)";
  static RunningSimulator simulator;

  static Map<String, String> serverEnv() {
    simulator = new RunningSimulator();
    return simulator.serverEnv(true);
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  static void assertNothingExecutable(String html, String where) {
    // Quoted attribute values are the attributes' own business (escaped text there has no raw
    // quote); what is left of each tag must carry no handler and no javascript: address.
    String tags = html.replaceAll("=\"[^\"]*\"", "=\"\"");
    assertThat(html).as(where).doesNotContain("<script>alert(").doesNotContain("<img src=x");
    assertThat(tags).as(where)
        // an event handler or a javascript: address inside a real tag (escaped text has no raw "<")
        .doesNotContainPattern("(?i)<[^>]*\\son(error|focus|mouseover)\\s*=")
        .doesNotContainPattern("(?i)<[^>]*(href|src|action)\\s*=\\s*javascript:");
    assertThat(html).as(where).doesNotContainPattern("(?i)(href|src|action)=\"\\s*javascript:");
  }

  @Test
  void adminAndCitizenTextIsEscapedOnEveryPage(TestServer server) {
    assertThat(server.post("/api/tenants/330000/services").as("admin-330000")
        .json(new JsonObject().put("slug", "escape").put("package", "national/newborn").put("title", TITLE)).send().status())
        .isEqualTo(201);
    JsonArray overrides = new JsonArray()
        .add(new JsonObject().put("id", "ov-label").put("op", "relabel").put("field", "applicant_person_mobile").put("label", LABEL))
        .add(new JsonObject().put("id", "ov-help").put("op", "help").put("field", "applicant_person_mobile").put("help", HELP))
        .add(new JsonObject().put("id", "ov-street").put("op", "addField").put("section", "申请人联系方式")
            .put("field", new JsonObject().put("id", "streetOffice").put("type", "string").put("label", LOCAL)
                .put("constraints", new JsonObject().put("maxLength", 80))));
    Reply edited = server.put("/api/tenants/330000/services/escape").as("admin-330000")
        .json(new JsonObject().put("overrides", overrides)).send();
    assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
    Reply published = server.post("/api/tenants/330000/services/escape/publish").as("admin-330000").send();
    assertThat(published.status()).as(published.toString()).isEqualTo(201);

    Browser browser = new Browser("http://127.0.0.1:" + server.server().port());
    HttpResponse<String> list = browser.get("/s/330000");
    HttpResponse<String> guide = browser.get("/s/330000/escape");
    assertThat(guide.statusCode()).isEqualTo(200);
    assertThat(guide.body()).contains("&lt;script&gt;alert(");
    browser.login("citizen-lina", "/s/330000/escape/apply");
    HttpResponse<String> apply = browser.get("/s/330000/escape/apply");
    assertThat(apply.statusCode()).isEqualTo(200);
    assertThat(apply.body()).contains("&lt;script&gt;alert(3)&lt;/script&gt;街道").contains("&quot;&gt;&lt;img src=x");
    for (Map.Entry<String, HttpResponse<String>> page : Map.of("list", list, "guide", guide, "apply", apply).entrySet()) {
      assertNothingExecutable(page.getValue().body(), page.getKey());
      String csp = page.getValue().headers().firstValue("Content-Security-Policy").orElse("");
      assertThat(csp).as(page.getKey()).contains("script-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    }

    // A citizen's own words, shown back in the form after a refused submission (no JavaScript).
    java.util.Map<String, String> typed = CitizenPagesTest.formFields(browser.csrf, Browser.submissionKey(apply.body()), "submit");
    typed.put("local__streetOffice", CITIZEN);
    HttpResponse<String> refused = browser.postMultipart("/s/330000/escape/apply", typed, Map.of());
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.body()).contains("value=\"&lt;script&gt;alert(4)&lt;/script&gt;&quot; onfocus=&quot;alert(5)\"");
    assertNothingExecutable(refused.body(), "refused submission");

    // …and the receipt and the list of one's applications, which show the service's title.
    String sha = server.post("/api/uploads").as("citizen-lina").body("application/octet-stream",
        "%PDF-1.4\n%escape\n%%EOF\n".getBytes(StandardCharsets.UTF_8)).send().json().getString("sha256");
    Reply submitted = server.post("/api/applications").as("citizen-lina").header("Idempotency-Key", "escape")
        .json(new JsonObject().put("region", "330000").put("service", "escape")
            .put("data", NewbornForm.data().put("local__streetOffice", CITIZEN))
            .put("materials", new JsonObject().put("name:新生儿出生时疫苗接种记录", sha).put("licence:household-register", sha)
                .put("licence:id-card", sha).put("licence:birth-certificate", sha))).send();
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
    String id = submitted.json().getString("id");
    for (String path : List.of("/s/me/applications", "/s/me/applications/" + id)) {
      HttpResponse<String> page = browser.get(path);
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      assertThat(page.body()).as(path).contains("&lt;script&gt;alert(&#39;title&#39;)");
      assertNothingExecutable(page.body(), path);
    }
  }
}
