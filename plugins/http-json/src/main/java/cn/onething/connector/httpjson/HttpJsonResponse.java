package cn.onething.connector.httpjson;

import cn.onething.connector.ConnectorException;
import cn.onething.connector.ConnectorException.Kind;
import cn.onething.connector.Outputs;
import cn.onething.connector.SchemaCheck;
import cn.onething.connector.Violation;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import java.util.List;
import java.util.stream.Collectors;

/**
 * 响应 — what an answer means: 2xx with a body valid against the binding's {@code response}
 * gives the outputs found at their pointers; 408 is a timeout; 429 and 5xx say the system is
 * unavailable; other 4xx are a rejection of this request; anything else, or a body that is not
 * what the binding declares, is a bad response.
 */
final class HttpJsonResponse {
  private HttpJsonResponse() {}

  static Outputs read(JsonObject binding, int status, Buffer body, SchemaCheck schemas) {
    String system = binding.getString("system", "部门系统");
    if (status == 408) {
      throw new ConnectorException(Kind.TIMEOUT, status, system + "处理超时（HTTP 408）", null);
    }
    if (status == 429 || status >= 500) {
      throw new ConnectorException(Kind.UNAVAILABLE, status, system + "暂不可用（HTTP " + status + "）" + said(body), null);
    }
    if (status >= 400) {
      throw new ConnectorException(Kind.REJECTED, status, system + "拒绝了请求（HTTP " + status + "）" + said(body), null);
    }
    if (status < 200 || status >= 300) {
      throw new ConnectorException(Kind.BAD_RESPONSE, status, system + "返回了意外的状态 HTTP " + status, null);
    }
    JsonObject response;
    try {
      Object parsed = body == null || body.length() == 0 ? null : body.toJsonValue();
      if (!(parsed instanceof JsonObject object)) {
        throw new ConnectorException(Kind.BAD_RESPONSE, status, system + "的响应不是 JSON 对象", null);
      }
      response = object;
    } catch (DecodeException e) {
      throw new ConnectorException(Kind.BAD_RESPONSE, status, system + "的响应不是合法的 JSON", e);
    }
    List<Violation> violations = schemas.check(binding.getJsonObject("response", new JsonObject()), response);
    if (!violations.isEmpty()) {
      throw new ConnectorException(Kind.BAD_RESPONSE, status, system + "的响应不符合接口约定："
          + violations.stream().limit(5).map(Violation::toString).collect(Collectors.joining("；")), null);
    }
    JsonObject values = new JsonObject();
    for (Object o : binding.getJsonArray("outputs", new JsonArray())) {
      JsonObject parameter = (JsonObject) o;
      Object value = JsonPointer.from(parameter.getString("pointer")).queryJson(response);
      if (value != null) {
        values.put(parameter.getString("name"), value);
      }
    }
    return new Outputs(values, response);
  }

  /** The system's own message, when its error body has one. */
  private static String said(Buffer body) {
    try {
      if (body != null && body.length() > 0 && body.toJsonValue() instanceof JsonObject error) {
        String message = error.getString("message");
        if (message != null && !message.isBlank()) {
          return "：" + (message.length() > 200 ? message.substring(0, 200) + "…" : message);
        }
      }
    } catch (DecodeException | ClassCastException e) {
      // an error page, not JSON: the status says enough
    }
    return "";
  }
}
