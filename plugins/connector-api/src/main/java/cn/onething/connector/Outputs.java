package cn.onething.connector;

import io.vertx.core.json.JsonObject;

/**
 * 调用结果 — the binding's output parameters by name, and the system's whole answer as it came
 * (for the audit trail; the server masks sensitive values before it keeps it).
 */
public record Outputs(JsonObject values, JsonObject response) {
  public Outputs {
    values = values == null ? new JsonObject() : values;
    response = response == null ? new JsonObject() : response;
  }
}
