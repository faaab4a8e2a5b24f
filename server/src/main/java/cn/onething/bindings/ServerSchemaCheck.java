package cn.onething.bindings;

import cn.onething.connector.SchemaCheck;
import cn.onething.connector.Violation;
import cn.onething.forms.JsonSchemas;
import cn.onething.forms.SchemaLimits;
import cn.onething.forms.SchemaProblems;
import com.networknt.schema.Schema;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.ObjectMapper;

/**
 * The server's JSON Schema checking offered to connectors: schemas come from published (so
 * immutable) binding templates and connector descriptions, so each is compiled once and kept.
 */
public final class ServerSchemaCheck implements SchemaCheck {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** More distinct schemas than this means something is making them up; start again. */
  private static final int MAX_CACHED = 2_000;

  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

  @Override
  public List<Violation> check(JsonObject schema, JsonObject document) {
    String key = schema.encode();
    Schema compiledSchema = compiled.get(key);
    if (compiledSchema == null) {
      // Published templates were checked at lint; a schema that breaks the limits anyway is never compiled.
      List<SchemaLimits.Problem> limits = SchemaLimits.check(schema);
      if (!limits.isEmpty()) {
        return limits.stream().map(p -> new Violation("", "接口定义的 JSON Schema 超出限制（" + p.pointer() + "）：" + p.message()))
            .toList();
      }
      if (compiled.size() >= MAX_CACHED) {
        compiled.clear();
      }
      compiledSchema = compiled.computeIfAbsent(key, k -> JsonSchemas.registry().getSchema(MAPPER.readTree(k)));
    }
    return SchemaProblems.of(compiledSchema, document).stream()
        .map(p -> new Violation(p.pointer(), p.message())).toList();
  }
}
