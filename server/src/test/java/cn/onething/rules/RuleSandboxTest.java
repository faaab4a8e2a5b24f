package cn.onething.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RuleSandboxTest {
  static final RuleSandbox SANDBOX = new RuleSandbox(Duration.ofMillis(300));
  static final JsonObject CTX = new JsonObject().put("today", "2026-11-27").put("region", "330000")
      .put("channel", "online").put("applicant", new JsonObject().put("idNumber", "330106199208151424"));

  static RuleSandbox.Outcome eval(String expression, JsonObject form) {
    return SANDBOX.evaluate(expression, form, CTX);
  }

  @Test
  void rulesSeeTheFormTheContextAndTheLibrary() {
    JsonObject form = new JsonObject().put("birth", "2026-03-01").put("gender", "1").put("capital", 100)
        .put("tags", new io.vertx.core.json.JsonArray().add("a"));
    assertThat(eval("daysBetween(form.birth, ctx.today) <= 365", form).value()).isTrue();
    assertThat(eval("ageOn('1992-11-28', ctx.today) === 33", form).value()).isTrue();
    assertThat(eval("ageOn('1992-11-27', ctx.today) === 34", form).value()).isTrue();
    assertThat(eval("form.gender === '1' && form.capital > 0 && includes(form.tags, 'a')", form).value()).isTrue();
    assertThat(eval("startsWith(ctx.applicant.idNumber, '3301') && !isEmpty(form.birth) && len(form.tags) === 1", form)
        .value()).isTrue();
    assertThat(eval("isEmpty(form.missing) && min(3, null) === 3 && max(2, 5) === 5", form).value()).isTrue();
  }

  /** A field the form lacks is undefined, whatever its name, as the browser's own-property reads say. */
  @Test
  void aMissingFieldIsUndefinedEvenWhenNamedLikeABuiltIn() {
    JsonObject form = new JsonObject().put("gender", "1");
    assertThat(eval("form.toString === undefined && form.valueOf === undefined && ctx.hasOwnProperty === undefined",
        form).value()).as("a rule given the fields it names").isTrue();
    assertThat(eval("form[ctx.channel] === undefined && form['constructor'] === undefined && form.gender === '1'", form)
        .value()).as("a rule given every field, frozen").isTrue();
  }

  static void assertClean(String hostile) {
    RuleSandbox.Outcome outcome;
    try {
      outcome = eval(hostile, new JsonObject());
    } catch (RuleSandbox.RuleTimeoutException e) {
      assertThat(e).hasMessageContaining("规则执行");
      return;
    }
    assertThat(outcome.failed()).as(hostile).isTrue();
    assertThat(outcome.error()).startsWith("规则");
  }

  @Test
  void hostileRulesFailCleanlyAndTheSandboxGoesOnWorking() {
    assertClean("while(true){}");
    assertClean("(function(){ while(true){} })()");
    assertClean("(function f(n){ return f(n + 1) + 1; })(0)");
    assertClean("Java.type('java.lang.System').exit(1)");
    assertClean("Polyglot.eval('js', '1')");
    assertClean("this.constructor.constructor('return this')().Java.type('java.lang.Runtime')");
    assertClean("load('/etc/passwd')");
    assertClean("Graal.versionJS");
    assertClean("(function(){ form.x = 'changed'; return true; })()");
    assertClean("(function(){ ctx.applicant.idNumber = '1'; return true; })()");
    assertClean("(function(){ var s = 'x'; for (;;) { s = s + s; } })()");
    assertThat(eval("1 + 1 === 2", new JsonObject()).value()).as("still healthy").isTrue();
  }

  @Test
  void anEndlessLoopIsStoppedByTheTimeLimitWithoutBlockingOthers() throws Exception {
    RuleSandbox slowLimit = new RuleSandbox(Duration.ofMillis(500));
    CompletableFuture<Throwable> hostile = CompletableFuture.supplyAsync(() -> {
      try {
        // Few statements, much time: only the clock can stop it.
        slowLimit.evaluate("(function(){ var a = []; for (var i = 0; i < 1e9; i++) { a = [i]; } return true; })()",
            new JsonObject(), CTX);
        return null;
      } catch (RuntimeException e) {
        return e;
      }
    });
    // Meanwhile another thread evaluates normally.
    for (int i = 0; i < 20; i++) {
      assertThat(slowLimit.evaluate("form.x === " + i, new JsonObject().put("x", i), CTX).value()).isTrue();
    }
    Throwable failure = hostile.get(10, TimeUnit.SECONDS);
    assertThat(failure).isInstanceOf(RuleSandbox.RuleTimeoutException.class);
    assertThat(slowLimit.figures().timeouts()).as("counted for the metrics endpoint").isEqualTo(1);
    assertThat(slowLimit.figures().batches()).isEqualTo(21);
    assertThat(slowLimit.figures().errors()).isZero();
    slowLimit.evaluate("form.nothing.deeper", new JsonObject(), CTX);
    assertThat(slowLimit.figures().errors()).as("a guest error is a rule failure").isEqualTo(1);
    // The same thread's context works after an interruption.
    assertThat(slowLimit.evaluate("true", new JsonObject(), CTX).value()).isTrue();
  }

  @Test
  void aRuleThatDoesNotCompileIsAnErrorOfItsOwn() {
    var outcomes = SANDBOX.evaluate(java.util.Map.of("bad", "form.x ===", "good", "form.x === 1"),
        new JsonObject().put("x", 1), CTX);
    assertThat(outcomes.get("bad").failed()).isTrue();
    assertThat(outcomes.get("good").value()).isTrue();
  }

  @Test
  void aRuleThatRunsOutOfTimeTwiceIsQuarantinedAndRefusedAtOnce() {
    RuleSandbox sandbox = new RuleSandbox(Duration.ofMillis(200));
    String hostile = "(function(){ var a = []; for (var i = 0; i < 1e9; i++) { a = [i]; } return true; })()";
    for (int strike = 1; strike <= 2; strike++) {
      assertThatThrownBy(() -> sandbox.evaluate(hostile, new JsonObject(), CTX))
          .isInstanceOf(RuleSandbox.RuleTimeoutException.class).hasMessageContaining("已中止");
    }
    assertThat(sandbox.figures().timeouts()).isEqualTo(2);
    // The third time it does not run at all: no third timeout, one refusal, and the rule named.
    assertThatThrownBy(() -> sandbox.evaluate(java.util.Map.of("a", "true", "b", hostile), new JsonObject(), CTX))
        .isInstanceOf(RuleSandbox.RuleTimeoutException.class).hasMessageContaining("暂停执行")
        .satisfies(e -> assertThat(((RuleSandbox.RuleTimeoutException) e).expression()).isEqualTo(hostile));
    assertThat(sandbox.figures().timeouts()).isEqualTo(2);
    assertThat(sandbox.figures().refused()).isEqualTo(1);
    assertThat(sandbox.evaluate("form.x === 1", new JsonObject().put("x", 1), CTX).value()).as("honest rules still run")
        .isTrue();
  }

  /** The rules' working-day count is the Java calendar's, over short and ten-year spans and both directions. */
  @Test
  void workingDaysInRulesAreTheCalendarsOwn() {
    cn.onething.calendar.WorkingCalendar calendar = cn.onething.calendar.WorkingCalendar.china();
    java.util.Random random = new java.util.Random(20261127);
    java.time.LocalDate origin = java.time.LocalDate.parse("2019-12-25");
    for (int i = 0; i < 300; i++) {
      java.time.LocalDate a = origin.plusDays(random.nextInt(2600));
      java.time.LocalDate b = a.plusDays(random.nextInt(i < 200 ? 40 : 3660) * (random.nextBoolean() ? 1 : -1));
      long expected = calendar.workingDaysBetween(a, b);
      assertThat(eval("workingDaysBetween('" + a + "', '" + b + "') === " + expected, new JsonObject()).value())
          .as("%s → %s: %d", a, b, expected).isTrue();
    }
  }
}
