package cn.onething.catalogue;

import cn.onething.forms.JsonSchemas;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * 模板校验 — a template against the format schema ({@code schema/template.schema.json}), then,
 * when the shape is right, the linter. Every problem at once, each with a JSON pointer.
 */
public final class TemplateValidator {
  public static final String SCHEMA_RESOURCE = "schema/template.schema.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Schema SCHEMA = loadSchema();
  private static final Set<String> NOISY = Set.of("oneOf", "anyOf", "not", "if", "then", "allOf");

  private TemplateValidator() {}

  public static List<Diagnostic> validate(JsonObject template, CatalogueIndex index) {
    List<Diagnostic> shape = schemaProblems(template);
    if (!shape.isEmpty()) {
      return shape;
    }
    return TemplateLinter.lint(template, index);
  }

  /** The format schema's findings alone. */
  public static List<Diagnostic> schemaProblems(JsonObject template) {
    JsonNode node = MAPPER.readTree(template.encode());
    List<Error> errors = SCHEMA.validate(node);
    Set<Diagnostic> out = new LinkedHashSet<>();
    List<Error> summaries = new ArrayList<>();
    for (Error error : errors) {
      String path = String.valueOf(error.getEvaluationPath());
      if (path.contains("/oneOf/") || path.contains("/anyOf/")) {
        continue;  // a failed alternative's own complaints mislead; the oneOf summary speaks for it
      }
      if (NOISY.contains(error.getKeyword())) {
        summaries.add(error);
        continue;
      }
      out.add(new Diagnostic(pointer(error), message(error)));
    }
    // oneOf/anyOf failures only speak for themselves when nothing more precise was found there.
    for (Error error : summaries) {
      String at = pointer(error);
      if (out.stream().noneMatch(d -> d.pointer().startsWith(at))) {
        out.add(new Diagnostic(at, error.getKeyword().equals("oneOf") && at.contains("/fields/")
            ? "字段必须二选一：引用数据元（element），或声明本地类型（type 和 label），不能同时出现 element 与 type/format"
            : message(error)));
      }
    }
    return List.copyOf(out);
  }

  private static String pointer(Error error) {
    String at = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
    String property = error.getProperty();
    if (property != null && Set.of("required", "additionalProperties", "unevaluatedProperties").contains(error.getKeyword())) {
      at = at + "/" + property.replace("~", "~0").replace("/", "~1");
    }
    return at;
  }

  private static String message(Error error) {
    String text = error.getMessage();
    String at = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
    // networknt puts the location in front of its message; the pointer already says where.
    if (!at.isEmpty() && text.startsWith(at)) {
      text = text.substring(at.length()).replaceFirst("^[:：]\\s*", "");
    }
    return switch (error.getKeyword()) {
      case "required" -> "缺少必填项“" + error.getProperty() + "”";
      case "additionalProperties", "unevaluatedProperties" -> "不认识的属性“" + error.getProperty() + "”：请检查拼写，或删除它";
      default -> text;
    };
  }

  private static Schema loadSchema() {
    try (InputStream in = TemplateValidator.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing " + SCHEMA_RESOURCE);
      }
      return JsonSchemas.registry().getSchema(MAPPER.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
