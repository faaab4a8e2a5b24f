package cn.onething.bench;

import cn.onething.apply.Submissions;
import cn.onething.rules.RuleSandbox;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 规则求值基准 — one rule on the newborn form through {@link RuleSandbox} (the path a submission
 * takes: the form and context handed to GraalJS as JSON, the function compiled once per context,
 * the statement limit and the watchdog), against Mozilla Rhino 1.9.2 running the same library and
 * the same expression compiled once into a function, interpreted and compiled to bytecode. Rhino
 * twice: with the form converted per call as the sandbox does ({@code Json}), and with the form
 * already a JavaScript object ({@code Prepared}: the function call alone). Also the whole rule set
 * of the newborn release in one sandbox call, when {@code -Donething.bench.release} names it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 4, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class RuleBenchmark {
  /** True for the form below, so both operands run. */
  static final String EXPRESSION = "daysBetween(form.newborn_person_birthDate, ctx.today) <= 365 "
      + "&& form.mohrss_social_security_card_application__deliveryMethod === 'branch'";

  private RuleSandbox sandbox;
  private JsonObject form;
  private JsonObject ctx;
  private Map<String, String> ruleSet;
  private Context rhino;
  private Rhino interpreted;
  private Rhino optimized;
  private Graal graal;

  /** A GraalJS context like the sandbox's, with the library, the compiled function and the parsed arguments. */
  private record Graal(org.graalvm.polyglot.Context context, Value rule, Value form, Value ctx) {
    static Graal of(String formJson, String ctxJson) {
      org.graalvm.polyglot.Context context = org.graalvm.polyglot.Context.newBuilder("js")
          .allowHostAccess(HostAccess.NONE).allowIO(IOAccess.NONE).allowCreateThread(false).allowNativeAccess(false)
          .allowPolyglotAccess(PolyglotAccess.NONE).allowEnvironmentAccess(EnvironmentAccess.NONE)
          .allowExperimentalOptions(true).option("engine.WarnInterpreterOnly", "false")
          .option("js.polyglot-builtin", "false").option("js.java-package-globals", "false")
          .option("js.graal-builtin", "false").option("js.load", "false").option("js.print", "false")
          .option("js.console", "false")
          .resourceLimits(ResourceLimits.newBuilder().statementLimit(200_000, null).build())
          .build();
      context.eval("js", RuleSandbox.library());
      Value rule = context.eval("js", "(function (form, ctx) { 'use strict'; return !!(\n" + EXPRESSION + "\n); })");
      Value parse = context.getBindings("js").getMember("__parse");
      return new Graal(context, rule, parse.execute(formJson), parse.execute(ctxJson));
    }
  }

  /** One Rhino scope with the library and the compiled function, in one mode. */
  private record Rhino(ScriptableObject scope, Function rule, Function parse, Object form, Object ctx) {
    static Rhino of(Context cx, boolean interpretedMode, String formJson, String ctxJson) {
      cx.setInterpretedMode(interpretedMode);
      ScriptableObject scope = cx.initStandardObjects();
      cx.evaluateString(scope, RuleSandbox.library(), "library.js", 1, null);
      Function rule = cx.compileFunction(scope,
          "function (form, ctx) { 'use strict'; return !!(\n" + EXPRESSION + "\n); }", "rule.js", 1, null);
      Function parse = (Function) ((Scriptable) scope.get("JSON", scope)).get("parse", scope);
      return new Rhino(scope, rule, parse, parse.call(cx, scope, scope, new Object[] {formJson}),
          parse.call(cx, scope, scope, new Object[] {ctxJson}));
    }

    boolean callPrepared(Context cx) {
      return Context.toBoolean(rule.call(cx, scope, scope, new Object[] {form, ctx}));
    }

    boolean callJson(Context cx, JsonObject formValue, JsonObject ctxValue) {
      Object f = parse.call(cx, scope, scope, new Object[] {formValue.encode()});
      Object c = parse.call(cx, scope, scope, new Object[] {ctxValue.encode()});
      return Context.toBoolean(rule.call(cx, scope, scope, new Object[] {f, c}));
    }
  }

  @Setup
  public void setUp() throws Exception {
    sandbox = new RuleSandbox();
    form = NewbornSubmission.data();
    ctx = Submissions.ruleContext("330000", "online", NewbornSubmission.LI_NA);
    ruleSet = new LinkedHashMap<>();
    String release = System.getProperty("onething.bench.release");
    if (release != null) {
      JsonObject content = new JsonObject(Files.readString(Path.of(release), StandardCharsets.UTF_8));
      for (Object r : content.getJsonArray("rules", new JsonArray())) {
        JsonObject rule = (JsonObject) r;
        if (!"route".equals(rule.getString("kind"))) {
          ruleSet.put(rule.getString("id"), rule.getString("expression"));
        }
      }
      // Every rule sees every field, empty ones as null, as FormCheck hands them over.
      JsonObject full = new JsonObject();
      content.getJsonObject("schema").getJsonObject("properties").fieldNames().forEach(k -> full.put(k, form.getValue(k)));
      form = full;
    }
    // A cold engine can take longer than the 200 ms limit for the first evaluations (the server
    // has the same start-up effect); warm it before measuring.
    for (int attempt = 0; ; attempt++) {
      try {
        sandbox.evaluate(ruleSet.isEmpty() ? Map.of("rule", EXPRESSION) : ruleSet, form, ctx);
        break;
      } catch (RuleSandbox.RuleTimeoutException e) {
        if (attempt == 20) {
          throw e;
        }
      }
    }
    if (!sandbox.evaluate(EXPRESSION, form, ctx).value()) {
      throw new IllegalStateException("the benchmark rule should be true for the newborn form");
    }
    graal = Graal.of(form.encode(), ctx.encode());
    for (int i = 0; i < 10_000; i++) {
      graal.context().resetLimits();
      graal.rule().execute(graal.form(), graal.ctx());
    }
    rhino = Context.enter();
    rhino.setLanguageVersion(Context.VERSION_ES6);
    interpreted = Rhino.of(rhino, true, form.encode(), ctx.encode());
    optimized = Rhino.of(rhino, false, form.encode(), ctx.encode());
    if (!interpreted.callPrepared(rhino) || !optimized.callJson(rhino, form, ctx)) {
      throw new IllegalStateException("Rhino should agree with the sandbox");
    }
  }

  @TearDown
  public void tearDown() {
    graal.context().close();
    Context.exit();
  }

  @Benchmark
  public boolean graalSandbox() {
    return sandbox.evaluate(EXPRESSION, form, ctx).value();
  }

  /**
   * The same compiled function in a GraalJS context with the sandbox's options, the form already
   * a JavaScript object: the call (and the limit reset) alone, as {@code rhino*Prepared} measures it. Not a
   * path the server takes; it shows where the sandbox's time goes.
   */
  @Benchmark
  public boolean graalFunctionPrepared() {
    graal.context().resetLimits();  // as the sandbox does before each rule
    return graal.rule().execute(graal.form(), graal.ctx()).asBoolean();
  }

  @Benchmark
  public int graalSandboxWholeRuleSet() {
    return ruleSet.isEmpty() ? 0 : sandbox.evaluate(ruleSet, form, ctx).size();
  }

  @Benchmark
  public boolean rhinoInterpretedJson() {
    return interpreted.callJson(rhino, form, ctx);
  }

  @Benchmark
  public boolean rhinoInterpretedPrepared() {
    return interpreted.callPrepared(rhino);
  }

  @Benchmark
  public boolean rhinoOptimizedJson() {
    return optimized.callJson(rhino, form, ctx);
  }

  @Benchmark
  public boolean rhinoOptimizedPrepared() {
    return optimized.callPrepared(rhino);
  }

  /** How many rules {@link #graalSandboxWholeRuleSet} evaluates (for the report). */
  int ruleCount() {
    return ruleSet.size();
  }
}
