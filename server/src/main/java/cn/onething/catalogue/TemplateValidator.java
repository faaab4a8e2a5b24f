package cn.onething.catalogue;

import cn.onething.forms.JsonSchemas;
import cn.onething.forms.SchemaProblems;
import com.networknt.schema.Schema;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import tools.jackson.databind.ObjectMapper;

/**
 * 模板校验 — a template against the format schema ({@code schema/template.schema.json}), then,
 * when the shape is right, the linter. Every problem at once, each with a JSON pointer.
 */
public final class TemplateValidator {
  public static final String SCHEMA_RESOURCE = "schema/template.schema.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Schema SCHEMA = loadSchema();

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
    return SchemaProblems.of(SCHEMA, template).stream().map(p -> new Diagnostic(p.pointer(),
        p.keyword().equals("oneOf") && p.pointer().contains("/fields/")
            ? "字段必须二选一：引用数据元（element），或声明本地类型（type 和 label），不能同时出现 element 与 type/format"
            : p.message())).toList();
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
