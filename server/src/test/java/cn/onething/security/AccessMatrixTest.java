package cn.onething.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.apply.NewbornForm;
import cn.onething.catalogue.Fixtures;
import cn.onething.testing.RunningSimulator;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 租户与角色隔离: every operation of the OpenAPI document × every kind of caller, against the
 * declared policy in {@code security/access-policy.txt} — including other citizens' applications,
 * other departments' and regions' tasks, other provinces' services and other publishers' drafts.
 * The expected answer of each cell comes from the policy table, never from the implementation.
 */
@ExtendWith(ServerExtension.class)
class AccessMatrixTest {
  static final Map<String, String> ACTORS = new LinkedHashMap<>();

  static {
    ACTORS.put("anon", null);
    ACTORS.put("citizenA", "citizen-lina");
    ACTORS.put("citizenB", "citizen-chenjie");
    ACTORS.put("clerkA", "clerk-330000-data");
    ACTORS.put("clerkDept", "clerk-330000-health");
    ACTORS.put("leadHealth", "lead-330000-health");
    ACTORS.put("clerkRegion", "clerk-440000-health");
    ACTORS.put("adminA", "admin-330000");
    ACTORS.put("adminB", "admin-440000");
    ACTORS.put("publisherA", "publisher-nhc");
    ACTORS.put("publisherB", "publisher-mps");
    ACTORS.put("auditorA", "auditor-330000");
    ACTORS.put("auditorB", "auditor-440000");
    ACTORS.put("auditorN", "auditor-national");
  }

  static RunningSimulator simulator;

  static Map<String, String> serverEnv() {
    simulator = new RunningSimulator();
    return simulator.serverEnv(true);
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  record Rule(String method, String path, Set<String> allowed, boolean extra) {}

  static List<Rule> policy() throws IOException {
    List<Rule> rules = new ArrayList<>();
    try (InputStream in = AccessMatrixTest.class.getResourceAsStream("/security/access-policy.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        boolean extra = line.startsWith("+");
        String[] parts = (extra ? line.substring(1) : line).split("\\|");
        String[] operation = parts[0].trim().split(" ");
        Set<String> allowed = new LinkedHashSet<>();
        for (String who : parts[1].trim().split("\\s+")) {
          switch (who) {
            case "*" -> allowed.addAll(ACTORS.keySet());
            case "signed" -> ACTORS.keySet().stream().filter(a -> !a.equals("anon")).forEach(allowed::add);
            case "-" -> { }
            default -> {
              assertThat(ACTORS).as("actor in the policy").containsKey(who);
              allowed.add(who);
            }
          }
        }
        rules.add(new Rule(operation[0], operation[1], allowed, extra));
      }
    }
    return rules;
  }

  /** Every operation of the OpenAPI document, as "METHOD path". */
  static Set<String> documented() throws IOException {
    var document = new tools.jackson.dataformat.yaml.YAMLMapper()
        .readTree(Files.readString(Path.of("..", "docs", "openapi.yaml")));
    Set<String> operations = new LinkedHashSet<>();
    document.get("paths").properties().forEach(path -> path.getValue().propertyNames().forEach(method -> {
      if (Set.of("get", "post", "put", "delete", "patch").contains(method)) {
        operations.add(method.toUpperCase() + " " + path.getKey());
      }
    }));
    return operations;
  }

  @Test
  void everyOperationAnswersEveryCallerAsThePolicySays(TestServer server) throws IOException {
    List<Rule> rules = policy();
    Set<String> declared = new LinkedHashSet<>();
    rules.stream().filter(r -> !r.extra()).forEach(r -> declared.add(r.method() + " " + r.path().replaceAll("\\?.*", "")));
    Set<String> documented = documented();
    assertThat(declared).as("the policy covers exactly the documented operations").containsExactlyInAnyOrderElementsOf(documented);

    // The resources: 李娜's application A and its first task T (综合窗口), a template installed in
    // 浙江's workspace, a publisher's draft and a province's own template draft.
    String sha = server.post("/api/uploads").as("citizen-lina").body("application/octet-stream",
        "%PDF-1.4\n%matrix\n%%EOF\n".getBytes(StandardCharsets.UTF_8)).send().json().getString("sha256");
    Reply submitted = server.post("/api/applications").as("citizen-lina").header("Idempotency-Key", "matrix")
        .json(new JsonObject().put("region", "330000").put("service", "newborn").put("data", NewbornForm.data())
            .put("materials", new JsonObject().put("name:新生儿出生时疫苗接种记录", sha))).send();
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
    String application = submitted.json().getString("id");
    server.server().processWorker().tick().await();
    long task = server.get("/api/tasks").as("clerk-330000-data").send().json().getJsonArray("items").stream()
        .map(i -> (JsonObject) i).filter(i -> application.equals(i.getString("application"))).findFirst().orElseThrow()
        .getLong("id");
    assertThat(server.post("/api/tenants/330000/workspace/installs").as("admin-330000")
        .json(new JsonObject().put("template", "nhc/vaccination-record")).send().status()).isIn(200, 201);
    assertThat(server.put("/api/catalogue/templates/nhc/matrix-draft/versions/1.0.0").as("publisher-nhc")
        .json(Fixtures.load("matter").put("slug", "matrix-draft")).send().status()).isEqualTo(201);
    assertThat(server.put("/api/catalogue/templates/330000/matrix-local/versions/1.0.0").as("admin-330000")
        .json(Fixtures.load("matter").put("publisher", "330000").put("slug", "matrix-local")).send().status()).isEqualTo(201);

    Map<String, String> tokens = new LinkedHashMap<>();
    ACTORS.forEach((actor, user) -> tokens.put(actor, user == null ? null : server.login(user)));
    List<String> wrong = new ArrayList<>();
    int cells = 0;
    for (Rule rule : rules) {
      String path = concrete(rule.path(), application, task);
      for (String actor : ACTORS.keySet()) {
        TestServer.Call call = server.request(rule.method(), path);
        if (tokens.get(actor) != null) {
          call = call.token(tokens.get(actor));
        }
        if (!rule.method().equals("GET") && !rule.method().equals("DELETE")) {
          call = call.json(new JsonObject());
        }
        Reply reply = call.send();
        int status = reply.status();
        cells++;
        boolean refused = status == 401 || status == 403 || status == 404;
        boolean allowed = rule.allowed().contains(actor);
        if (status >= 500 || (allowed && refused) || (!allowed && !refused)) {
          wrong.add(rule.method() + " " + path + " as " + actor + " → " + status + (allowed ? " (allowed)" : " (refused)")
              + " " + reply.text().substring(0, Math.min(160, reply.text().length())));
        }
        if (refused && status != 404 && reply.text() != null) {
          assertThat(reply.header("Content-Type")).as(rule.method() + " " + path + " as " + actor)
              .startsWith("application/problem+json");
        }
      }
    }
    System.out.printf("access matrix: %d operations and cases × %d callers = %d requests, %d wrong%n", rules.size(),
        ACTORS.size(), cells, wrong.size());
    assertThat(wrong).as("cells that do not match the policy").isEmpty();
  }

  static String concrete(String template, String application, long task) {
    String path = template.replace("{tenant}", "330000").replace("{region}", "330000").replace("{code}", "data")
        .replace("{number}", "1").replace("{version}", "1.1.0");
    if (path.startsWith("/api/applications/")) {
      path = path.replace("{id}", application);
    }
    path = path.replace("{id}", String.valueOf(task));
    if (path.contains("/consistency")) {
      return path.replace("{publisher}", "national").replace("{slug}", "newborn");
    }
    if (path.startsWith("/api/catalogue/") || path.contains("/workspace/installs/")) {
      return path.replace("{publisher}", "nhc").replace("{slug}", "vaccination-record");
    }
    return path.replace("{slug}", "newborn");
  }
}
