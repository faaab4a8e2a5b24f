package cn.onething.connector;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * JSON Schema checking as the server does it (draft 2020-12, the element formats, Chinese
 * messages), offered to connectors so that each does not bring its own validator.
 */
@FunctionalInterface
public interface SchemaCheck {
  /** What is wrong with {@code document} against {@code schema}; empty when it is valid. */
  List<Violation> check(JsonObject schema, JsonObject document);
}
