package cn.onething.simulator.http;

import io.vertx.core.json.JsonObject;

/**
 * One checked call to an endpoint.
 *
 * @param request the request object: the JSON body, or for {@code GET} the path and query parameters
 * @param baseUrl the simulator's own base URL as the caller reached it (for links such as a payment page)
 */
public record Call(JsonObject request, String baseUrl) {

  public String string(String name) {
    return request.getString(name);
  }

  public JsonObject object(String name) {
    return request.getJsonObject(name, new JsonObject());
  }
}
