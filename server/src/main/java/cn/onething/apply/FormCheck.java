package cn.onething.apply;

import cn.onething.forms.JsonSchemas;
import cn.onething.http.Problem.FieldError;
import cn.onething.forms.SchemaProblems;
import cn.onething.rules.RuleSandbox;
import com.networknt.schema.Schema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.ObjectMapper;

/**
 * 表单校验 — what the server, as the authority, says about a submitted form under a release: the
 * release's JSON Schema (with the element formats) and its rules evaluated in the sandbox, all
 * problems at once, each at its field. Hidden fields (a {@code visible} rule false) are dropped
 * unchecked; {@code required} rules make fields required; {@code valid} rules check filled
 * fields; {@code eligible} rules decide whether one may apply at all. Fields the process fills
 * ({@code origin: process}) are not taken from the applicant. Runs on a worker thread.
 */
public final class FormCheck {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

  /** The cleaned data (hidden and process fields removed) and the problems, empty when it may be stored. */
  public record Result(JsonObject data, List<FieldError> errors, Set<String> hidden, Set<String> required) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  private final RuleSandbox sandbox;

  public FormCheck(RuleSandbox sandbox) {
    this.sandbox = sandbox;
  }

  /** The fields the applicant does not fill: the process produces them. */
  public static Set<String> processFields(JsonObject release) {
    Set<String> out = new HashSet<>();
    for (Object s : release.getJsonArray("layout", new JsonArray())) {
      for (Object f : ((JsonObject) s).getJsonArray("fields", new JsonArray())) {
        JsonObject field = (JsonObject) f;
        if ("process".equals(field.getString("origin"))) {
          out.add(field.getString("key"));
        }
      }
    }
    return out;
  }

  /** The rules a form page evaluates (not {@code route}, which the process uses). */
  public static JsonArray formRules(JsonObject release) {
    JsonArray out = new JsonArray();
    for (Object r : release.getJsonArray("rules", new JsonArray())) {
      JsonObject rule = (JsonObject) r;
      if (!"route".equals(rule.getString("kind"))) {
        out.add(rule);
      }
    }
    return out;
  }

  public Result check(JsonObject release, JsonObject submitted, JsonObject ctx) {
    JsonObject schema = release.getJsonObject("schema");
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    Set<String> process = processFields(release);
    JsonObject data = new JsonObject();
    submitted.forEach(e -> {
      Object v = e.getValue();
      boolean empty = v == null || (v instanceof String s && s.isBlank()) || (v instanceof JsonArray a && a.isEmpty());
      if (!empty && !process.contains(e.getKey())) {
        data.put(e.getKey(), v instanceof String s ? s.strip() : v);
      }
    });

    // Every rule sees every field, empty ones as null.
    JsonObject form = new JsonObject();
    properties.fieldNames().forEach(k -> form.put(k, data.getValue(k)));
    JsonArray rules = formRules(release);
    Map<String, String> expressions = new LinkedHashMap<>();
    rules.forEach(r -> expressions.put(((JsonObject) r).getString("id"), ((JsonObject) r).getString("expression")));
    Map<String, RuleSandbox.Outcome> outcomes = sandbox.evaluate(expressions, form, ctx);

    Set<String> hidden = new LinkedHashSet<>();
    Set<String> requiredNow = new LinkedHashSet<>();
    for (Object r : rules) {
      JsonObject rule = (JsonObject) r;
      RuleSandbox.Outcome outcome = outcomes.get(rule.getString("id"));
      if (outcome == null || outcome.failed()) {
        continue;  // a rule that cannot run (a defect of the release) neither hides nor blocks
      }
      String target = rule.getString("target");
      switch (rule.getString("kind")) {
        case "visible" -> {
          if (!outcome.value()) {
            hidden.add(target);
          }
        }
        case "required" -> {
          if (outcome.value()) {
            requiredNow.add(target);
          }
        }
        default -> { }
      }
    }
    hidden.forEach(data::remove);

    List<FieldError> errors = new ArrayList<>();
    Set<String> flagged = new HashSet<>();
    for (SchemaProblems.SchemaProblem p : SchemaProblems.of(schema(release), data)) {
      String field = p.pointer().length() > 1 ? p.pointer().substring(1).split("/")[0] : "";
      if ("required".equals(p.keyword()) && (hidden.contains(field) || process.contains(field))) {
        continue;
      }
      String message = "required".equals(p.keyword())
          ? "请填写“" + title(properties, field) + "”" : title(properties, field) + "：" + p.message();
      errors.add(new FieldError(p.pointer(), message));
      flagged.add(field);
    }
    for (Object r : rules) {
      JsonObject rule = (JsonObject) r;
      RuleSandbox.Outcome outcome = outcomes.get(rule.getString("id"));
      if (outcome == null || outcome.failed()) {
        continue;
      }
      String target = rule.getString("target");
      String message = rule.getString("message");
      switch (rule.getString("kind")) {
        case "required" -> {
          if (outcome.value() && !hidden.contains(target) && !data.containsKey(target) && flagged.add(target)) {
            errors.add(new FieldError("/" + target, message != null ? message : "请填写“" + title(properties, target) + "”"));
          }
        }
        case "valid" -> {
          // An empty field is the required check's business, not this rule's.
          if (!outcome.value() && !hidden.contains(target) && data.containsKey(target) && flagged.add(target)) {
            errors.add(new FieldError("/" + target, message != null ? message : title(properties, target) + "填写有误"));
          }
        }
        case "eligible" -> {
          if (!outcome.value()) {
            errors.add(new FieldError("", message != null ? message : "不符合办理条件"));
          }
        }
        default -> { }
      }
    }
    Set<String> required = new LinkedHashSet<>();
    schema.getJsonArray("required", new JsonArray()).forEach(k -> required.add((String) k));
    required.addAll(requiredNow);
    required.removeAll(hidden);
    required.removeAll(process);
    return new Result(data, errors, hidden, required);
  }

  private static String title(JsonObject properties, String field) {
    JsonObject p = properties.getJsonObject(field);
    return p != null && p.getString("title") != null ? p.getString("title") : field;
  }

  /** The compiled form schema {@link #check} validates against (for benchmarks and tools). */
  public static Schema compiledSchema(JsonObject release) {
    return schema(release);
  }

  /**
   * The release's form schema, compiled once per release. Process fields are not required of
   * the applicant; the rest of the schema is the release's own.
   */
  static Schema schema(JsonObject release) {
    String key = release.getString("contentHash", "") + "#" + release.getJsonObject("schema").hashCode();
    return SCHEMAS.computeIfAbsent(key, k -> {
      if (SCHEMAS.size() > 500) {
        SCHEMAS.clear();
      }
      JsonObject schema = release.getJsonObject("schema").copy();
      Set<String> process = processFields(release);
      JsonArray required = new JsonArray();
      schema.getJsonArray("required", new JsonArray()).forEach(r -> {
        if (!process.contains(r)) {
          required.add(r);
        }
      });
      schema.put("required", required);
      return JsonSchemas.registry().getSchema(MAPPER.readTree(schema.encode()));
    });
  }
}
