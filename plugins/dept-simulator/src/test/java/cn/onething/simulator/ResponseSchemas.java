package cn.onething.simulator;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.ObjectMapper;

/** Validates bodies with networknt (draft 2020-12, formats asserted): an independent check of the simulator. */
final class ResponseSchemas {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
      builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
          .formatAssertionsEnabled(true).locale(Locale.CHINA).build()));

  private ResponseSchemas() {
  }

  static List<Error> errors(JsonObject schema, String body) {
    Schema compiled = REGISTRY.getSchema(MAPPER.readTree(schema.encode()));
    return compiled.validate(MAPPER.readTree(body));
  }
}
