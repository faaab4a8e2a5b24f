package cn.onething.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.OneThingServer;
import cn.onething.apply.NewbornForm;
import cn.onething.catalogue.Fixtures;
import cn.onething.config.ServerConfig;
import cn.onething.testing.RunningSimulator;
import cn.onething.testing.TestDatabases;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * 模糊测试: seeded, shrinking fuzzing of the submission, template and search endpoints against a
 * real server — never a 5xx, never a hang (every request has a 20 s timeout). The suite runs
 * {@code jqwik.tries.default} cases per property (200, in junit-platform.properties);
 * {@code ./onething bench fuzz} runs many more.
 */
class FuzzProperties {
  static TestDatabases databases;
  static RunningSimulator simulator;
  static TestServer server;
  static String citizen;
  static String publisher;
  static String sha;
  static final AtomicInteger KEYS = new AtomicInteger();

  @BeforeContainer
  static void start() {
    databases = new TestDatabases();
    simulator = new RunningSimulator();
    String url = databases.create();
    Map<String, String> env = new HashMap<>(simulator.serverEnv(true));
    env.put("ONETHING_DB_URL", url);
    env.put("ONETHING_HTTP_PORT", "0");
    env.put("ONETHING_HTTP_HOST", "127.0.0.1");
    env.put("ONETHING_MODE", "dev");
    server = new TestServer(OneThingServer.start(ServerConfig.from(env)).await(), url);
    citizen = server.login("citizen-lina");
    publisher = server.login("publisher-nhc");
    sha = server.post("/api/uploads").token(citizen).body("application/octet-stream",
        "%PDF-1.4\n%fuzz\n%%EOF\n".getBytes(StandardCharsets.UTF_8)).send().json().getString("sha256");
  }

  @AfterContainer
  static void stop() throws Exception {
    try {
      server.server().stop(Duration.ofSeconds(10));
    } finally {
      databases.drop(server.databaseUrl());
      databases.close();
      simulator.close();
    }
  }

  /** Values a careless or hostile client sends. */
  @Provide
  Arbitrary<Object> values() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.strings().withChars("<>\"'&;/\\{}[]%$#`*()|?+^.").ofMaxLength(20),
        Arbitraries.of("<script>alert(1)</script>", "\" onmouseover=\"alert(1)", "javascript:alert(1)",
            "'; DROP TABLE application; --", "${7*7}", "<#assign x=1>${x}", "330106199208151424", "33010619920815142X",
            "2026-02-30", "9999-99-99", "", " ", "\u0000", "😀👶", "長".repeat(3000), "(a+)+$", "(?<=a)b", "\\1(a)", "[",
            "x{99999}", "null", "true", "-0", "1e309"),
        Arbitraries.integers(), Arbitraries.longs(), Arbitraries.doubles(), Arbitraries.of(true, false),
        Arbitraries.just((Object) null), Arbitraries.just(new JsonArray().add(1).add("二")),
        Arbitraries.just(new JsonObject().put("a", new JsonObject().put("b", 1))));
  }

  @Provide
  Arbitrary<List<Tuple.Tuple2<String, Object>>> formChanges() {
    List<String> keys = NewbornForm.data().fieldNames().stream().sorted().toList();
    Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of(keys), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12));
    return Combinators.combine(key, values()).as(Tuple::of).list().ofMinSize(1).ofMaxSize(6);
  }

  @Property(seed = "20261127")
  void submissionsNeverFailOnTheServer(@ForAll("formChanges") List<Tuple.Tuple2<String, Object>> changes,
      @ForAll("values") Object service, @ForAll("values") Object materials, @ForAll boolean mangleEnvelope) {
    JsonObject data = NewbornForm.data();
    changes.forEach(c -> data.put(c.get1(), c.get2()));
    JsonObject body = new JsonObject().put("region", "330000").put("service", "newborn").put("data", data)
        .put("materials", new JsonObject().put("name:新生儿出生时疫苗接种记录", sha));
    if (mangleEnvelope) {
      body.put("service", service).put("materials", materials);
    }
    Reply reply = server.post("/api/applications").token(citizen).header("Idempotency-Key", "fuzz-" + KEYS.incrementAndGet())
        .json(body).send();
    assertThat(reply.status()).as(reply.toString()).isLessThan(500);
  }

  @Provide
  Arbitrary<List<Tuple.Tuple2<String, Object>>> templateChanges() {
    Arbitrary<String> pointer = Arbitraries.of("/title", "/kind", "/version", "/slug", "/stages", "/department",
        "/guide/timeLimitDays", "/guide/fee", "/form", "/form/sections", "/form/sections/0/fields/0/type",
        "/form/sections/1/fields/2/constraints/pattern", "/form/sections/1/fields/2/constraints/maximum",
        "/form/sections/1/fields/0/element", "/materials/0", "/steps/0/outcomes/0/next", "/steps/1/binding",
        "/bindings/0/inputs", "/rules/0/expression", "/rules/1/target", "/rules", "/steps");
    return Combinators.combine(pointer, values()).as(Tuple::of).list().ofMinSize(1).ofMaxSize(5);
  }

  @Property(seed = "20261127")
  void templateValidationNeverFailsOnTheServer(@ForAll("templateChanges") List<Tuple.Tuple2<String, Object>> changes) {
    JsonObject template = Fixtures.load("matter");
    changes.forEach(c -> put(template, c.get1(), c.get2()));
    Reply reply = server.post("/api/catalogue/validate").token(publisher).json(template).send();
    assertThat(reply.status()).as(reply.toString()).isLessThan(500);
  }

  @Property(seed = "20261127")
  void searchNeverFailsOnTheServer(@ForAll("values") Object query, @ForAll("values") Object kind,
      @ForAll("values") Object page, @ForAll("values") Object sort) {
    String path = "/api/catalogue/search?q=" + encode(query) + "&kind=" + encode(kind) + "&page=" + encode(page)
        + "&sort=" + encode(sort);
    Reply reply = server.get(path).send();
    assertThat(reply.status()).as(path + " " + reply).isLessThan(500);
    Reply suggest = server.get("/api/catalogue/suggest?q=" + encode(query)).send();
    assertThat(suggest.status()).as(suggest.toString()).isLessThan(500);
  }

  static String encode(Object value) {
    return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8);
  }

  /** Sets a value at a JSON pointer, making the way where it can; a pointer through a non-container is skipped. */
  static void put(JsonObject root, String pointer, Object value) {
    String[] parts = pointer.substring(1).split("/");
    Object at = root;
    for (int i = 0; i < parts.length - 1; i++) {
      at = at instanceof JsonObject o ? o.getValue(parts[i])
          : at instanceof JsonArray a && parts[i].matches("\\d+") && Integer.parseInt(parts[i]) < a.size()
              ? a.getValue(Integer.parseInt(parts[i])) : null;
      if (at == null) {
        return;
      }
    }
    String last = parts[parts.length - 1];
    if (at instanceof JsonObject o) {
      o.put(last, value);
    } else if (at instanceof JsonArray a && last.matches("\\d+") && Integer.parseInt(last) < a.size()) {
      a.set(Integer.parseInt(last), value);
    }
  }
}
