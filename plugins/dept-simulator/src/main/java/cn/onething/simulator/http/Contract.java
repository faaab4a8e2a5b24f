package cn.onething.simulator.http;

import io.vertx.core.json.JsonObject;

/**
 * 接口约定 — one endpoint's method, path template, request and response schemas, and whether it writes.
 *
 * @param source the binding template id ({@code mps/population-identity}) or {@code simulator} for extra endpoints
 * @param path   path template with {@code {name}} parameters, exactly as in the binding's {@code operation.path}
 */
public record Contract(String source, String method, String path, JsonObject request, JsonObject response,
                       boolean write) {

  /** The key used by fault knobs and call counters: {@code "POST /licence/v1/types/{licenceType}/query"}. */
  public String key() {
    return method + " " + path;
  }
}
