package cn.onething.http;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.apply.NewbornForm;
import cn.onething.catalogue.Fixtures;
import cn.onething.testing.RunningSimulator;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 恶意 JSON: deep nesting, long strings, huge arrays, duplicate names, wrong types in every field,
 * invalid UTF-8, non-JSON tokens — sent to the submission, template, service and validation
 * endpoints. Every one is a 4xx problem+json, none a 5xx, and the server answers normally after.
 */
@ExtendWith(ServerExtension.class)
class HostileJsonTest {
  static RunningSimulator simulator;

  static Map<String, String> serverEnv() {
    simulator = new RunningSimulator();
    return simulator.serverEnv(true);
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  record Target(String method, String path, String user, JsonObject valid) {}

  static final List<String> WELL_FORMED = List.of("field ", "long string", "huge array", "BOM");

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Hostile bodies made from a valid one. */
  static Map<String, byte[]> hostile(JsonObject valid) {
    Map<String, byte[]> bodies = new LinkedHashMap<>();
    bodies.put("nesting 100000", utf8("[".repeat(100_000) + "]".repeat(100_000)));
    bodies.put("nesting 65 in a field", utf8(valid.copy().put("x", "{}").encode()
        .replace("\"x\":\"{}\"", "\"x\":" + "{\"a\":".repeat(65) + "1" + "}".repeat(65))));
    bodies.put("duplicate name", utf8(valid.encode().replaceFirst("\\{", "{\"dup\":1,\"dup\":2,")));
    for (String first : valid.fieldNames().stream().limit(1).toList()) {
      bodies.put("duplicate real field", utf8(valid.encode().replaceFirst("\\{",
          "{\"" + first + "\":" + io.vertx.core.json.Json.encode(valid.getValue(first)) + ",")));
    }
    bodies.put("long string", utf8(valid.copy().put("x", "长".repeat(150_000)).encode()));
    JsonArray huge = new JsonArray();
    for (int i = 0; i < 100_000; i++) {
      huge.add(i);
    }
    bodies.put("huge array", utf8(valid.copy().put("x", huge).encode()));
    bodies.put("huge array in place of every field", utf8(replaceAll(valid, huge).encode()));
    ByteArrayOutputStream invalid = new ByteArrayOutputStream();
    invalid.writeBytes(utf8("{\"name\":\""));
    invalid.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE});
    invalid.writeBytes(utf8("\"}"));
    bodies.put("invalid UTF-8", invalid.toByteArray());
    bodies.put("NaN", utf8("{\"x\": NaN}"));
    bodies.put("comment", utf8("{/* hi */ \"x\": 1}"));
    bodies.put("trailing garbage", utf8(valid.encode() + "}}]]"));
    bodies.put("two documents", utf8(valid.encode() + valid.encode()));
    bodies.put("null", utf8("null"));
    bodies.put("string", utf8("\"text\""));
    bodies.put("number 1e999999", utf8("{\"x\": 1e999999}"));
    bodies.put("long number", utf8("{\"x\": " + "9".repeat(5000) + "}"));
    bodies.put("control characters", utf8("{\"x\": \"a\u0000b\u0007\"}"));
    bodies.put("BOM", utf8("\uFEFF" + valid.encode()));
    bodies.put("empty", new byte[0]);
    for (String field : valid.fieldNames()) {
      for (Object wrong : List.of(42, "文本", true, new JsonArray().add(1), new JsonObject().put("a", 1), -1.5e300)) {
        bodies.put("field " + field + " as " + wrong.getClass().getSimpleName(),
            utf8(valid.copy().put(field, wrong).encode()));
      }
      bodies.put("field " + field + " null", utf8(valid.copy().putNull(field).encode()));
    }
    return bodies;
  }

  static JsonObject replaceAll(JsonObject valid, Object with) {
    JsonObject out = new JsonObject();
    valid.fieldNames().forEach(f -> out.put(f, with));
    return out;
  }

  @Test
  void hostileBodiesAreProblemsNeverErrors(TestServer server) {
    String sha = server.post("/api/uploads").as("citizen-lina").body("application/octet-stream",
        "%PDF-1.4\n%hostile\n%%EOF\n".getBytes(StandardCharsets.UTF_8)).send().json().getString("sha256");
    JsonObject submission = new JsonObject().put("region", "330000").put("service", "newborn").put("data", NewbornForm.data())
        .put("materials", new JsonObject().put("name:新生儿出生时疫苗接种记录", sha));
    List<Target> targets = List.of(
        new Target("POST", "/api/applications", "citizen-lina", submission),
        new Target("PUT", "/api/catalogue/templates/nhc/hostile/versions/1.0.0", "publisher-nhc",
            Fixtures.load("matter").put("slug", "hostile")),
        new Target("POST", "/api/catalogue/validate", "publisher-nhc", Fixtures.load("matter")),
        new Target("POST", "/api/tenants/330000/services", "admin-330000",
            new JsonObject().put("slug", "hostile").put("package", "national/newborn")),
        new Target("PUT", "/api/tenants/330000/services/newborn", "admin-330000",
            new JsonObject().put("overrides", new JsonArray())),
        new Target("POST", "/api/auth/dev-login", null, new JsonObject().put("user", "citizen-lina")));
    List<String> wrong = new ArrayList<>();
    int sent = 0;
    for (Target target : targets) {
      String token = target.user() == null ? null : server.login(target.user());
      for (Map.Entry<String, byte[]> body : hostile(target.valid()).entrySet()) {
        TestServer.Call call = server.request(target.method(), target.path()).body("application/json", body.getValue());
        if (token != null) {
          call = call.token(token);
        }
        long started = System.nanoTime();
        Reply reply = call.send();
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (millis > 1000) {
          System.out.printf("slow: %s %s with %s: %d ms → %d%n", target.method(), target.path(), body.getKey(), millis,
              reply.status());
        }
        sent++;
        int status = reply.status();
        // Malformed JSON must be a 4xx problem. Well-formed but odd bodies (an unknown field with a
        // long string or a huge array, a wrong type, a byte-order mark) may also be accepted where
        // the endpoint ignores unknown fields or keeps an invalid draft; nothing may be a 5xx.
        boolean problem = status >= 400 && status < 500 && reply.contentType().startsWith("application/problem+json");
        boolean acceptable = problem || (WELL_FORMED.stream().anyMatch(body.getKey()::startsWith) && status < 300);
        if (!acceptable) {
          wrong.add(target.method() + " " + target.path() + " with " + body.getKey() + " → " + status + " "
              + reply.text().substring(0, Math.min(200, reply.text().length())));
        }
      }
    }
    System.out.printf("hostile JSON: %d requests to %d endpoints, %d not a 4xx problem%n", sent, targets.size(), wrong.size());
    assertThat(wrong).isEmpty();
    assertThat(server.get("/health").send().status()).isEqualTo(200);
    assertThat(server.post("/api/applications").as("citizen-lina").header("Idempotency-Key", "after-hostile")
        .json(submission).send().status()).as("a valid submission still goes through").isEqualTo(201);
  }

  @Test
  void duplicateNamesAndDeepNestingSayWhere(TestServer server) {
    Reply duplicate = server.post("/api/auth/dev-login")
        .json("{\"user\": \"citizen-lina\", \"user\": \"admin-330000\"}").send();
    assertThat(duplicate.status()).isEqualTo(400);
    assertThat(duplicate.json().getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("/user");
    assertThat(duplicate.json().getJsonArray("errors").getJsonObject(0).getString("message")).contains("重复");
    Reply deep = server.post("/api/catalogue/validate").as("publisher-nhc")
        .json("{\"form\": " + "{\"a\":".repeat(70) + "1" + "}".repeat(70) + "}").send();
    assertThat(deep.status()).isEqualTo(400);
    assertThat(deep.json().getJsonArray("errors").getJsonObject(0).getString("message")).contains("嵌套");
    assertThat(deep.json().getJsonArray("errors").getJsonObject(0).getString("pointer")).startsWith("/form/a/a/a");
  }

  @Test
  void eachKindOfRequestHasItsOwnBodyLimit(TestServer server) {
    String big = "{\"user\": \"" + "x".repeat(5000) + "\"}";
    Reply login = server.post("/api/auth/dev-login").json(big).send();
    assertThat(login.status()).isEqualTo(413);
    assertThat(login.json().getString("detail")).contains("4 KiB");
    Reply decision = server.post("/api/tasks/1/complete").as("clerk-330000-data")
        .json(new JsonObject().put("version", 1).put("comment", "长".repeat(30_000)).encode()).send();
    assertThat(decision.status()).isEqualTo(413);
    Reply template = server.post("/api/catalogue/validate").as("publisher-nhc")
        .json(Fixtures.load("matter").put("guide", new JsonObject().put("text", "长".repeat(30_000)))).send();
    assertThat(template.status()).as("a template may be larger than a clerk's comment").isNotEqualTo(413);
  }
}
