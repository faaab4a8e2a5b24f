package cn.onething.rules;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * 规则检查 — parses a rule with acorn (run inside GraalJS; acorn never executes its input) and
 * checks that it is a single expression that names only {@code form}, {@code ctx} and the
 * whitelisted functions, with only the syntax a rule needs. Pure: the same input always gives
 * the same findings.
 *
 * <p>A GraalJS context is single-threaded and loading acorn costs about two seconds, so each
 * thread keeps one context, all on one shared engine.
 */
public final class RuleChecker {
  /** The functions a rule may call; the runtime provides exactly these. */
  public static final Set<String> FUNCTIONS =
      Set.of("isEmpty", "len", "ageOn", "daysBetween", "includes", "startsWith", "min", "max",
          "genderOf", "birthDateOf", "workingDaysBetween");
  /** What {@code ctx} offers a rule. */
  public static final Set<String> CONTEXT_MEMBERS = Set.of("today", "region", "channel", "applicant");
  public static final int MAX_LENGTH = 1000;
  private static final String ACORN = "META-INF/resources/webjars/acorn/8.18.0/dist/acorn.js";
  private static final Set<String> BINARY = Set.of("===", "!==", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%");
  private static final Set<String> LOGICAL = Set.of("&&", "||", "??");
  private static final Set<String> UNARY = Set.of("!", "-", "+");

  private static final Engine ENGINE = acornEngine();
  private static final Source ACORN_SOURCE = loadAcorn();
  /** One context a thread, with acorn loaded once and the two functions this class calls. */
  private record Acorn(Value parse, Value references, Value parseWithSpans) {}

  private static final ThreadLocal<Acorn> CONTEXTS = ThreadLocal.withInitial(RuleChecker::newAcorn);
  /** Expressions are immutable text: where their form references sit never changes. */
  private static final java.util.Map<String, List<FormReference>> REFERENCE_CACHE = boundedCache();

  private static final java.util.Map<String, JsonObject> PARSE_CACHE = boundedCache();

  private static final java.util.Map<String, JsonObject> SPAN_CACHE = boundedCache();

  private static <V> java.util.Map<String, V> boundedCache() {
    return java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(java.util.Map.Entry<String, V> eldest) {
        return size() > 10_000;
      }
    });
  }

  /** Where {@code form.name} (or {@code form["name"]}) appears in an expression: the property's span. */
  public record FormReference(String name, int start, int end, boolean computed) {}

  /**
   * One thing wrong with a rule. {@code start}/{@code end} are the character offsets (UTF-16, as
   * in JavaScript) of the part concerned when asked for with {@link #checkWithSpans}, else -1.
   */
  public record Finding(String message, int start, int end) {
    public Finding(String message) {
      this(message, -1, -1);
    }
  }

  /** What a rule may refer to besides the fixed names. */
  public record Scope(Set<String> fieldIds) {}

  private RuleChecker() {}

  /**
   * The expression's syntax tree as acorn gives it (ESTree JSON), for the browser's evaluator,
   * which walks it instead of evaluating text; null when it does not parse as one expression.
   */
  public static JsonObject ast(String expression) {
    if (expression == null || expression.isBlank() || expression.length() > MAX_LENGTH) {
      return null;
    }
    JsonObject result = PARSE_CACHE.computeIfAbsent(expression, e -> new JsonObject(CONTEXTS.get().parse().execute(e).asString()));
    return result.containsKey("error") || !result.getBoolean("complete", false) ? null : result.getJsonObject("ast");
  }

  public static List<Finding> check(String expression, Scope scope) {
    return check(expression, scope, false);
  }

  /**
   * The same findings as {@link #check}, each with the span of the expression it concerns, for an
   * editor that marks them as the author types. Spans make each parse bigger, so the templates'
   * own checks (and the ASTs sent to browsers) do without them.
   */
  public static List<Finding> checkWithSpans(String expression, Scope scope) {
    return check(expression, scope, true);
  }

  private static List<Finding> check(String expression, Scope scope, boolean spans) {
    List<Finding> findings = new ArrayList<>();
    if (expression == null || expression.isBlank()) {
      findings.add(new Finding("规则表达式不能为空"));
      return findings;
    }
    if (expression.length() > MAX_LENGTH) {
      findings.add(spans ? new Finding("规则表达式过长（最多 " + MAX_LENGTH + " 个字符）", MAX_LENGTH, expression.length())
          : new Finding("规则表达式过长（最多 " + MAX_LENGTH + " 个字符）"));
      return findings;
    }
    // Parsing dominates and depends on the text alone; the walk below depends on the scope too.
    JsonObject result = spans
        ? SPAN_CACHE.computeIfAbsent(expression, e -> new JsonObject(CONTEXTS.get().parseWithSpans().execute(e).asString()))
        : PARSE_CACHE.computeIfAbsent(expression, e -> new JsonObject(CONTEXTS.get().parse().execute(e).asString()));
    if (result.containsKey("error")) {
      int at = result.getInteger("pos", -1);
      findings.add(new Finding("规则不是合法的 JavaScript 表达式：" + result.getString("error"),
          at, at < 0 ? -1 : Math.min(expression.length(), at + 1)));
      return findings;
    }
    if (!result.getBoolean("complete")) {
      int end = result.getInteger("restAt");
      findings.add(new Finding("规则只能是一个表达式，表达式之后还有多余的内容（第 " + end + " 个字符起）",
          spans ? end : -1, spans ? expression.length() : -1));
      return findings;
    }
    walk(result.getJsonObject("ast"), scope, findings);
    return findings;
  }

  /** A finding about {@code node}, with its span when the parse kept spans. */
  private static Finding at(JsonObject node, String message) {
    return new Finding(message, node.getInteger("start", -1), node.getInteger("end", -1));
  }

  private static void walk(JsonObject node, Scope scope, List<Finding> findings) {
    if (node == null) {
      return;
    }
    String type = node.getString("type");
    switch (type) {
      case "Literal" -> {
        if (node.containsKey("regex")) {
          findings.add(at(node, "规则中不允许使用正则表达式"));
        } else if (node.containsKey("bigint")) {
          findings.add(at(node, "规则中不允许使用 BigInt"));
        }
      }
      case "Identifier" -> {
        String name = node.getString("name");
        if (!name.equals("form") && !name.equals("ctx") && !name.equals("undefined")) {
          findings.add(at(node, FUNCTIONS.contains(name)
              ? "函数 " + name + " 只能被调用，不能单独使用"
              : "规则中不能使用“" + name + "”：只能使用 form、ctx 和允许的函数（" + String.join("、", FUNCTIONS.stream().sorted().toList()) + "）"));
        }
      }
      case "MemberExpression" -> member(node, scope, findings);
      case "CallExpression" -> {
        JsonObject callee = node.getJsonObject("callee");
        boolean named = "Identifier".equals(callee.getString("type"));
        if (!named || !FUNCTIONS.contains(callee.getString("name"))) {
          findings.add(at(callee, "规则只能调用允许的函数（" + String.join("、", FUNCTIONS.stream().sorted().toList())
              + "）" + (named ? "，不能调用“" + callee.getString("name") + "”" : "")));
          if (!named) {
            walk(callee, scope, findings);
          }
        }
        if (Boolean.TRUE.equals(node.getBoolean("optional"))) {
          findings.add(at(node, "规则中不允许使用可选调用 ?.()"));
        }
        for (Object argument : node.getJsonArray("arguments")) {
          walk((JsonObject) argument, scope, findings);
        }
      }
      case "BinaryExpression" -> {
        if (!BINARY.contains(node.getString("operator"))) {
          findings.add(at(node, "规则中不允许使用运算符 " + node.getString("operator")));
        }
        walk(node.getJsonObject("left"), scope, findings);
        walk(node.getJsonObject("right"), scope, findings);
      }
      case "LogicalExpression" -> {
        if (!LOGICAL.contains(node.getString("operator"))) {
          findings.add(at(node, "规则中不允许使用运算符 " + node.getString("operator")));
        }
        walk(node.getJsonObject("left"), scope, findings);
        walk(node.getJsonObject("right"), scope, findings);
      }
      case "UnaryExpression" -> {
        if (!UNARY.contains(node.getString("operator"))) {
          findings.add(at(node, "规则中不允许使用运算符 " + node.getString("operator")));
        }
        walk(node.getJsonObject("argument"), scope, findings);
      }
      case "ConditionalExpression" -> {
        walk(node.getJsonObject("test"), scope, findings);
        walk(node.getJsonObject("consequent"), scope, findings);
        walk(node.getJsonObject("alternate"), scope, findings);
      }
      case "ArrayExpression" -> {
        for (Object element : node.getJsonArray("elements")) {
          if (element == null) {
            findings.add(at(node, "数组中不能有空位"));
          } else {
            walk((JsonObject) element, scope, findings);
          }
        }
      }
      case "TemplateLiteral" -> {
        for (Object expression : node.getJsonArray("expressions")) {
          walk((JsonObject) expression, scope, findings);
        }
      }
      case "ChainExpression" -> walk(node.getJsonObject("expression"), scope, findings);
      default -> findings.add(at(node, "规则中不允许使用 " + describe(type) + "：规则只能是由字段、常量、运算符和允许的函数组成的表达式"));
    }
  }

  private static void member(JsonObject node, Scope scope, List<Finding> findings) {
    JsonObject object = node.getJsonObject("object");
    JsonObject property = node.getJsonObject("property");
    boolean computed = node.getBoolean("computed");
    String name = computed ? literalName(property) : property.getString("name");
    if (computed && name == null) {
      walk(property, scope, findings);
    }
    if (name != null && Set.of("constructor", "__proto__", "prototype").contains(name)) {
      findings.add(at(node, "规则中不能访问 " + name));
      return;
    }
    if ("Identifier".equals(object.getString("type"))) {
      String root = object.getString("name");
      if (root.equals("form")) {
        if (name == null) {
          findings.add(at(node, "form 之后应为字段编号，如 form.applicantName"));
        } else if (!scope.fieldIds().contains(name)) {
          findings.add(at(node, "规则引用了不存在的字段 form." + name));
        }
        return;
      }
      if (root.equals("ctx")) {
        if (name == null || !CONTEXT_MEMBERS.contains(name)) {
          findings.add(at(node, "ctx 只提供 " + String.join("、", CONTEXT_MEMBERS.stream().sorted().toList())
              + "，没有“" + name + "”"));
        }
        return;
      }
    }
    walk(object, scope, findings);
  }

  private static String literalName(JsonObject property) {
    if ("Literal".equals(property.getString("type"))) {
      Object value = property.getValue("value");
      return value instanceof String || value instanceof Number ? String.valueOf(value) : null;
    }
    return null;
  }

  private static String describe(String type) {
    return switch (type) {
      case "AssignmentExpression" -> "赋值";
      case "UpdateExpression" -> "自增或自减";
      case "FunctionExpression", "ArrowFunctionExpression" -> "函数定义";
      case "NewExpression" -> "new";
      case "ThisExpression" -> "this";
      case "SequenceExpression" -> "逗号表达式";
      case "ObjectExpression" -> "对象字面量";
      case "TaggedTemplateExpression" -> "带标签的模板字符串";
      case "AwaitExpression", "YieldExpression" -> "await 或 yield";
      case "ImportExpression" -> "import()";
      default -> type;
    };
  }

  /**
   * The engine acorn runs in, interpreted: checking a rule happens at lint and compile time, and
   * compiling acorn's hundreds of functions with the Graal compiler (when the JVM has it, see
   * {@link RuleSandbox#compiled}) cost a third of the processor in the first minutes under load.
   * Without the compiler the option does not exist, and the engine interprets anyway.
   */
  private static Engine acornEngine() {
    try {
      return Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").allowExperimentalOptions(true)
          .option("engine.Compilation", "false").build();
    } catch (IllegalArgumentException interpreterOnly) {
      return Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
    }
  }

  private static Acorn newAcorn() {
    Context context = Context.newBuilder("js").engine(ENGINE).build();
    context.eval(ACORN_SOURCE);
    // The input is an argument, never part of the evaluated source; acorn only tokenises it.
    return new Acorn(context.eval("js", PARSE_FUNCTION), context.eval("js", REFERENCES_FUNCTION),
        context.eval("js", PARSE_WITH_SPANS_FUNCTION));
  }

  /** As PARSE_FUNCTION, keeping each node's start and end, and the position of a syntax error. */
  private static final String PARSE_WITH_SPANS_FUNCTION = """
        (function (text) {
          try {
            const ast = acorn.parseExpressionAt(text, 0, { ecmaVersion: 2022 });
            const rest = acorn.tokenizer(text.slice(ast.end), { ecmaVersion: 2022 }).getToken();
            const replacer = (key, value) => typeof value === 'bigint' ? String(value) : key === 'raw' ? undefined : value;
            return JSON.stringify({ ast: ast, complete: rest.type === acorn.tokTypes.eof, restAt: ast.end }, replacer);
          } catch (e) {
            return JSON.stringify({ error: String(e.message), pos: typeof e.pos === 'number' ? e.pos : -1 });
          }
        })
        """;

  private static final String PARSE_FUNCTION = """
        (function (text) {
          try {
            const ast = acorn.parseExpressionAt(text, 0, { ecmaVersion: 2022 });
            const rest = acorn.tokenizer(text.slice(ast.end), { ecmaVersion: 2022 }).getToken();
            const replacer = (key, value) => typeof value === 'bigint' ? String(value)
                : (key === 'start' || key === 'end' || key === 'raw') ? undefined : value;
            return JSON.stringify({ ast: ast, complete: rest.type === acorn.tokTypes.eof, restAt: ast.end }, replacer);
          } catch (e) {
            return JSON.stringify({ error: String(e.message) });
          }
        })
        """;

  /**
   * Rewrites every {@code form.x} of a (checked) expression through {@code rename}; a name it
   * does not know stays as it is. Positions come from acorn, so strings and other members that
   * merely look like {@code form.x} are never touched.
   */
  public static String renameFormReferences(String expression, java.util.function.Function<String, String> rename) {
    List<FormReference> refs = REFERENCE_CACHE.computeIfAbsent(expression, RuleChecker::findFormReferences);
    StringBuilder out = new StringBuilder(expression);
    for (int i = refs.size() - 1; i >= 0; i--) {
      FormReference ref = refs.get(i);
      String renamed = rename.apply(ref.name());
      if (renamed != null) {
        out.replace(ref.start(), ref.end(), ref.computed() ? "\"" + renamed + "\"" : renamed);
      }
    }
    return out.toString();
  }

  private static List<FormReference> findFormReferences(String expression) {
    JsonObject result = new JsonObject(CONTEXTS.get().references().execute(expression).asString());
    List<FormReference> refs = new ArrayList<>();
    if (result.containsKey("refs")) {
      for (Object o : result.getJsonArray("refs")) {
        JsonObject r = (JsonObject) o;
        refs.add(new FormReference(r.getString("name"), r.getInteger("start"), r.getInteger("end"), r.getBoolean("computed")));
      }
    }
    refs.sort(java.util.Comparator.comparingInt(FormReference::start));
    return refs;
  }

  private static final String REFERENCES_FUNCTION = """
        (function (text) {
          try {
            const ast = acorn.parseExpressionAt(text, 0, { ecmaVersion: 2022 });
            const refs = [];
            const visit = (node) => {
              if (!node || typeof node.type !== 'string') return;
              if (node.type === 'MemberExpression' && node.object.type === 'Identifier' && node.object.name === 'form') {
                const p = node.property;
                if (!node.computed && p.type === 'Identifier') refs.push({ name: p.name, start: p.start, end: p.end, computed: false });
                if (node.computed && p.type === 'Literal' && typeof p.value === 'string') {
                  refs.push({ name: p.value, start: p.start, end: p.end, computed: true });
                }
              }
              for (const key of Object.keys(node)) {
                const child = node[key];
                if (Array.isArray(child)) child.forEach(visit);
                else if (child && typeof child === 'object') visit(child);
              }
            };
            visit(ast);
            return JSON.stringify({ refs: refs });
          } catch (e) {
            return JSON.stringify({ error: String(e.message) });
          }
        })
        """;

  private static Source loadAcorn() {
    try (InputStream in = RuleChecker.class.getClassLoader().getResourceAsStream(ACORN)) {
      if (in == null) {
        throw new IllegalStateException("missing " + ACORN);
      }
      // acorn's UMD wrapper defines globalThis.acorn when there is no module system.
      return Source.newBuilder("js", new String(in.readAllBytes(), StandardCharsets.UTF_8), "acorn.js").build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
