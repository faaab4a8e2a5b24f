package cn.onething.search;

import static cn.onething.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Searching the national catalogue through HTTP, as a province admin would. */
@ExtendWith(ServerExtension.class)
class SearchApiTest {
  static final Set<String> NEWBORN = Set.of("national/newborn", "nhc/birth-medical-certificate", "mps/birth-registration",
      "nhsa/resident-medical-insurance-enrolment", "nhc/vaccination-record", "mohrss/social-security-card-application");

  static Map<String, String> serverEnv() {
    return Map.of("ONETHING_TEMPLATES_DIR", Path.of("..", "templates").toAbsolutePath().toString());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"xse", "xinshenger", "生孩子", "落户"})
  void newbornTemplatesComeFirst(String q, TestServer server) {
    List<String> top = refs(search(server, "q=" + enc(q) + "&size=3"));
    assertThat(top).as(q).anyMatch(NEWBORN::contains);
  }

  @Test
  void resultsCarryFacetsHighlightsAndFilters(TestServer server) {
    JsonObject result = search(server, "q=" + enc("出生"));
    assertThat(result.getLong("total")).isGreaterThan(3);
    JsonObject facets = result.getJsonObject("facets");
    assertThat(facets.fieldNames()).contains("kind", "publisher", "department", "stage", "status");
    assertThat(count(facets, "kind", "package")).isGreaterThanOrEqualTo(1);
    assertThat(count(facets, "stage", "出生")).isGreaterThanOrEqualTo(3);
    JsonObject first = result.getJsonArray("hits").getJsonObject(0);
    assertThat(first.getJsonObject("highlight").getString("title")).contains("<em>");

    JsonObject packages = search(server, "q=" + enc("出生") + "&kind=package");
    assertThat(packages.getJsonArray("hits")).allSatisfy(h -> assertThat(((JsonObject) h).getString("kind")).isEqualTo("package"));
    JsonObject health = search(server, "department=health&size=50");
    assertThat(health.getJsonArray("hits")).allSatisfy(h ->
        assertThat(((JsonObject) h).getJsonArray("departments")).contains("health"));
  }

  @Test
  void anEmptyQueryBrowsesAndPagesAreConsistent(TestServer server) {
    JsonObject all = search(server, "size=50&page=1");
    JsonObject second = search(server, "size=10&page=2");
    assertThat(all.getLong("total")).isGreaterThanOrEqualTo(75);
    assertThat(refs(second)).containsExactlyElementsOf(refs(all).subList(10, 20));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"\"", "AND (", "*", "😀", "出生 OR", "title:出生", "\\", "((((", "~/?&"})
  void syntaxBreakingTextIsJustText(String q, TestServer server) {
    Reply reply = server.get("/api/catalogue/search?q=" + enc(q)).send();
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
  }

  @Test
  void limitsAreProblemsNotErrors(TestServer server) {
    assertProblem(server.get("/api/catalogue/search?q=" + enc("出".repeat(201))).send(), 400, "urn:onething:problem:invalid-input");
    assertProblem(server.get("/api/catalogue/search?size=0").send(), 400, "urn:onething:problem:invalid-input");
    assertProblem(server.get("/api/catalogue/search?size=51").send(), 400, "urn:onething:problem:invalid-input");
    assertProblem(server.get("/api/catalogue/search?page=21&size=50").send(), 400, "urn:onething:problem:invalid-input");
    assertProblem(server.get("/api/catalogue/search?sort=random").send(), 400, "urn:onething:problem:invalid-input");
    assertProblem(server.get("/api/catalogue/search?status=secret").send(), 400, "urn:onething:problem:invalid-input");
    assertProblem(server.get("/api/catalogue/search?page=abc").send(), 400, "urn:onething:problem:invalid-input");
  }

  @Test
  void suggestionsFollowTypingInChineseAndInPinyin(TestServer server) {
    assertThat(suggestions(server, "出生")).contains("新生儿出生一件事");
    assertThat(suggestions(server, "qykb")).contains("企业开办一件事");
    assertThat(suggestions(server, "")).isEmpty();
  }

  @Test
  void aPublishIsSearchableWithinASecondAndADeprecationLeavesTheCurrentResults(TestServer server) throws Exception {
    String mps = server.login("publisher-mps");
    String path = "/api/catalogue/templates/mps/freshness-probe/versions/1.0.0";
    JsonObject elements = new JsonObject()
        .put("kind", "element").put("publisher", "mps").put("slug", "freshness-probe").put("version", "1.0.0")
        .put("title", "鲜度探针数据元").put("elements", new JsonArray().add(new JsonObject()
            .put("id", "probe.value").put("label", "探针值").put("type", "string").put("sensitivity", "public")));
    assertThat(server.put(path).token(mps).json(elements).send().status()).isEqualTo(201);
    assertThat(server.post(path + "/publish").token(mps).send().status()).isEqualTo(200);
    long published = System.nanoTime();
    awaitSearch(server, "q=" + enc("鲜度探针"), r -> refs(r).contains("mps/freshness-probe"), 1000);
    System.out.printf("searchable %d ms after publishing%n", (System.nanoTime() - published) / 1_000_000);

    assertThat(server.post(path + "/deprecate").token(mps).send().status()).isEqualTo(200);
    awaitSearch(server, "q=" + enc("鲜度探针"), r -> !refs(r).contains("mps/freshness-probe"), 1000);
    JsonObject deprecated = search(server, "q=" + enc("鲜度探针") + "&status=deprecated");
    assertThat(refs(deprecated)).contains("mps/freshness-probe");
  }

  static void awaitSearch(TestServer server, String query, Predicate<JsonObject> done, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      last = search(server, query);
      if (done.test(last)) {
        return;
      }
      Thread.sleep(25);
    }
    throw new AssertionError("not within " + millis + " ms: " + query + " → " + (last == null ? null : refs(last)));
  }

  static JsonObject search(TestServer server, String query) {
    Reply reply = server.get("/api/catalogue/search?" + query).send();
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json();
  }

  static List<String> refs(JsonObject result) {
    return result.getJsonArray("hits").stream().map(h -> (JsonObject) h)
        .map(h -> h.getString("publisher") + "/" + h.getString("slug")).toList();
  }

  private static List<String> suggestions(TestServer server, String q) {
    Reply reply = server.get("/api/catalogue/suggest?q=" + enc(q)).send();
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json().getJsonArray("suggestions").stream().map(s -> ((JsonObject) s).getString("text")).toList();
  }

  private static int count(JsonObject facets, String dim, String value) {
    return facets.getJsonArray(dim).stream().map(v -> (JsonObject) v).filter(v -> v.getString("value").equals(value))
        .mapToInt(v -> v.getInteger("count")).sum();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
