package cn.onething.forms;

import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.PathType;
import java.util.Locale;

/**
 * JSON Schema 2020-12 as OneThing uses it: formats asserted (our element formats included),
 * messages in Chinese, instance locations as JSON pointers.
 */
public final class JsonSchemas {
  private static final SchemaRegistry REGISTRY = create();

  private JsonSchemas() {}

  /** One shared, thread-safe registry. */
  public static SchemaRegistry registry() {
    return REGISTRY;
  }

  private static SchemaRegistry create() {
    Dialect dialect = Dialect.builder(Dialects.getDraft202012()).formats(ElementFormats.all()).build();
    SchemaRegistryConfig config = SchemaRegistryConfig.builder()
        .formatAssertionsEnabled(true)
        .locale(Locale.CHINA)
        .pathType(PathType.JSON_POINTER)
        .build();
    // Nothing is ever fetched: a "$ref" to http: or file: would let a template's author make the
    // server read its own files or call other machines (SchemaLimits refuses such references at
    // lint; this is the second line). Only the meta-schemas, which come from the jar, load.
    return SchemaRegistry.withDefaultDialect(dialect, builder -> builder.schemaRegistryConfig(config)
        .schemaLoader(loader -> loader.fetchRemoteResources(false).block(iri -> !isMetaSchema(iri.toString()))));
  }

  private static boolean isMetaSchema(String iri) {
    return iri.startsWith("https://json-schema.org/") || iri.startsWith("http://json-schema.org/")
        || iri.startsWith("classpath:");
  }
}
