package cn.onething.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The endpoints added for evaluation, audit, rule checking and draft previews, sent malformed,
 * oversized and out-of-range input by callers who may otherwise use them: every answer is a 4xx
 * problem+json with a Chinese title, never a 5xx (who may call them at all is AccessMatrixTest's).
 */
@ExtendWith(ServerExtension.class)
class NewEndpointsHostileInputTest {
  static Map<String, String> serverEnv() {
    return Map.of("ONETHING_TEMPLATES_DIR", Path.of("..", "templates").toAbsolutePath().toString());
  }

  record Probe(String method, String path, String user, String body) {}

  static List<Probe> probes() {
    List<Probe> out = new ArrayList<>();
    for (String query : List.of("by=nonsense", "from=2026-13-45", "from=x&to=y", "from=2026-06-30&to=2025-07-01",
        "from=0001-01-01&to=9999-12-31", "region=abc", "region=%27%20OR%201%3D1", "region=99999999999999999999",
        "service=..%2F..%2Fx", "service=330000%2F", "by=step&service=%00", "by=" + "x".repeat(5000))) {
      out.add(new Probe("GET", "/api/stats/figures?" + query, "auditor-national", null));
      out.add(new Probe("GET", "/api/stats/hotspots?" + query, "auditor-national", null));
      out.add(new Probe("GET", "/api/stats/reduction?" + query, "admin-330000", null));
      out.add(new Probe("GET", "/api/stats/templates?" + query, "auditor-national", null));
      out.add(new Probe("GET", "/api/stats/services?" + query, "admin-330000", null));
    }
    for (String number : List.of("abc", "-1", "0", "99999999999", "1.5")) {
      out.add(new Probe("GET", "/api/stats/services/330000/newborn/releases/" + number + "/effect", "admin-330000", null));
    }
    out.add(new Probe("GET", "/api/stats/services/xx/yy/bad-ratings", "admin-330000", null));
    out.add(new Probe("GET", "/api/stats/services/330000/newborn/bad-ratings?limit=-5", "admin-330000", null));
    out.add(new Probe("GET", "/api/stats/services/330000/nope/steps?from=bad", "admin-330000", null));
    for (String query : List.of("from=bad", "to=2026-02-30T00:00:00Z", "limit=abc", "limit=100000", "limit=-1", "page=-1",
        "page=abc", "tenant=' OR 1=1", "action=" + "a".repeat(3000))) {
      out.add(new Probe("GET", "/api/audit?" + query.replace(" ", "%20").replace("'", "%27"), "auditor-national", null));
    }
    for (String body : List.of("{", "[]", "null", "{\"expression\": 42}", "{\"expression\": null}", "{}",
        "{\"expression\": \"" + "1 + ".repeat(40_000) + "1\"}", "{\"expression\": \"a\", \"expression\": \"b\"}",
        "{\"expression\": \"true\", \"kind\": {\"x\": 1}}")) {
      out.add(new Probe("POST", "/api/catalogue/rules/check", "publisher-nhc", body));
    }
    for (String body : List.of("{", "[1]", "\"x\"", "{\"a\": " + "[".repeat(70) + "]".repeat(70) + "}",
        "{\"x\": \"" + "长".repeat(600_000) + "\"}")) {
      out.add(new Probe("POST", "/api/tenants/330000/services/newborn/preview-page", "admin-330000", body));
    }
    out.add(new Probe("POST", "/api/tenants/abc/services/newborn/preview-page", "admin-330000", "{}"));
    out.add(new Probe("POST", "/api/tenants/330000/services/NOPE!/preview-page", "admin-330000", "{}"));
    return out;
  }

  @Test
  void everyHostileRequestIsA4xxProblemNeverA5xx(TestServer server) {
    List<String> wrong = new ArrayList<>();
    Map<String, String> tokens = new java.util.HashMap<>();
    int sent = 0;
    for (Probe p : probes()) {
      TestServer.Call call = server.request(p.method(), p.path())
          .token(tokens.computeIfAbsent(p.user(), server::login));
      if (p.body() != null) {
        call = call.body("application/json", p.body().getBytes(StandardCharsets.UTF_8));
      }
      Reply reply = call.send();
      sent++;
      boolean ok2xx = reply.status() >= 200 && reply.status() < 300;
      boolean problem = reply.status() >= 400 && reply.status() < 500
          && String.valueOf(reply.contentType()).startsWith("application/problem+json")
          && reply.json().getString("title", "").matches(".*\\p{IsHan}.*");
      // Some odd but harmless input is simply answered (an unknown region that has no figures,
      // an out-of-range page), which is fine; a 5xx or a 4xx without a problem body is not.
      if (!(ok2xx || problem)) {
        wrong.add(p.method() + " " + (p.path().length() > 120 ? p.path().substring(0, 120) + "…" : p.path()) + " → "
            + reply.status() + " " + (reply.text().length() > 200 ? reply.text().substring(0, 200) : reply.text()));
      }
    }
    System.out.printf("new endpoints, hostile input: %d requests, %d wrong%n", sent, wrong.size());
    assertThat(wrong).as("answers that are neither fine nor a 4xx problem+json").isEmpty();
  }
}
