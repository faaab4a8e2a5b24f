package cn.onething.rules;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Run by {@link CompiledRulesTest} in a JVM started as {@code ./onething} starts the server, with
 * the Graal compiler: rules evaluated until the engine has compiled them, then the hostile ones
 * that only the limits stop, each line of output a fact for the test to check.
 */
final class CompiledRulesProbe {
  private CompiledRulesProbe() {}

  public static void main(String[] args) {
    System.out.println("compiled=" + RuleSandbox.compiled());
    RuleSandbox sandbox = new RuleSandbox(Duration.ofMillis(500));
    JsonObject ctx = new JsonObject().put("today", "2026-12-07").put("region", "330000").put("channel", "online")
        .put("applicant", new JsonObject().put("idNumber", "330106199208151424"));
    Map<String, String> rules = new LinkedHashMap<>();
    rules.put("recent", "daysBetween(form.birth, ctx.today) <= 365 && form.method === 'branch'");
    rules.put("weekday", "workingDaysBetween(form.birth, ctx.today) > 200");
    rules.put("id", "genderOf(ctx.applicant.idNumber) === '2' && isEmpty(form.missing)");
    long wrong = 0;
    long started = System.nanoTime();
    for (int i = 0; i < 100_000; i++) {
      String birth = i % 2 == 0 ? "2026-03-01" : "2024-03-01";
      JsonObject form = new JsonObject().put("birth", birth).put("method", "branch");
      Map<String, RuleSandbox.Outcome> out = sandbox.evaluate(rules, form, ctx);
      boolean recent = i % 2 == 0;
      if (out.get("recent").value() != recent || out.get("weekday").value() != !recent || !out.get("id").value()) {
        wrong++;
      }
    }
    System.out.println("wrong=" + wrong);
    System.out.println("evaluationsSeconds=" + (System.nanoTime() - started) / 1e9);
    for (String hostile : new String[] {"(function(){ while(true){} })()", "(function f(n){ return f(n + 1) + 1; })(0)",
        "(function(){ var x = 0; for (;;) { x++; } })()", "(function(){ form.method = 'mail'; return true; })()"}) {
      long t0 = System.nanoTime();
      String end;
      try {
        RuleSandbox.Outcome o = sandbox.evaluate(hostile, new JsonObject().put("method", "branch"), ctx);
        end = o.failed() ? "error" : "value";
      } catch (RuleSandbox.RuleTimeoutException e) {
        end = "stopped";
      }
      System.out.println("hostile=" + end + " ms=" + (System.nanoTime() - t0) / 1_000_000);
    }
    System.out.println("after=" + sandbox.evaluate("form.method === 'branch'", new JsonObject().put("method", "branch"), ctx)
        .value());
  }
}
