package cn.onething.connector.httpjson;

import cn.onething.connector.ConnectorException;
import cn.onething.connector.ConnectorException.Kind;
import cn.onething.connector.Invocation;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 请求 — what one call sends, worked out from the binding, the endpoint and the inputs: each
 * input placed at its pointer in the request object; {@code {name}} in the path replaced by the
 * URL-encoded top-level property; the whole object as the body of a POST or PUT, or the
 * remaining top-level properties as the query of a GET.
 */
record HttpJsonRequest(HttpMethod method, String url, JsonObject body, Map<String, String> headers) {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");

  static HttpJsonRequest of(Invocation call) {
    JsonObject binding = call.binding();
    JsonObject operation = binding.getJsonObject("operation", new JsonObject());
    HttpMethod method = HttpMethod.valueOf(operation.getString("method", "POST"));
    JsonObject request = requestObject(binding, call.inputs());

    Set<String> inPath = new LinkedHashSet<>();
    StringBuilder path = new StringBuilder();
    Matcher m = PLACEHOLDER.matcher(operation.getString("path", "/"));
    while (m.find()) {
      String name = m.group(1);
      Object value = request.getValue(name);
      if (value == null || value instanceof JsonObject || value instanceof JsonArray) {
        throw new ConnectorException(Kind.REJECTED, "无法调用：路径参数“" + name + "”没有值");
      }
      inPath.add(name);
      m.appendReplacement(path, Matcher.quoteReplacement(encode(String.valueOf(value))));
    }
    m.appendTail(path);

    String base = call.endpoint().getString("baseUrl", "");
    StringBuilder url = new StringBuilder(base.endsWith("/") ? base.substring(0, base.length() - 1) : base).append(path);
    JsonObject body = null;
    if (method == HttpMethod.GET || method == HttpMethod.DELETE) {
      String separator = "?";
      for (String name : request.fieldNames()) {
        Object value = request.getValue(name);
        if (!inPath.contains(name) && value != null && !(value instanceof JsonObject) && !(value instanceof JsonArray)) {
          url.append(separator).append(encode(name)).append('=').append(encode(String.valueOf(value)));
          separator = "&";
        }
      }
    } else {
      body = request;
    }
    return new HttpJsonRequest(method, url.toString(), body, headers(call));
  }

  /** The inputs placed at their pointers (intermediate objects created), nulls left out. */
  static JsonObject requestObject(JsonObject binding, JsonObject inputs) {
    JsonObject request = new JsonObject();
    for (Object p : binding.getJsonArray("inputs", new JsonArray())) {
      JsonObject parameter = (JsonObject) p;
      Object value = inputs.getValue(parameter.getString("name"));
      if (value != null) {
        JsonPointer.from(parameter.getString("pointer")).writeJson(request, value, true);
      }
    }
    return request;
  }

  private static Map<String, String> headers(Invocation call) {
    Map<String, String> headers = new LinkedHashMap<>();
    JsonObject fixed = call.endpoint().getJsonObject("headers", new JsonObject());
    fixed.forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
    headers.put("Accept", "application/json");
    headers.put("X-Request-Id", call.requestId());
    String ref = call.endpoint().getString("secretRef");
    if (ref != null) {
      String secret = call.secrets().get(ref).orElseThrow(() -> new ConnectorException(Kind.REJECTED,
          "无法调用：服务器配置中没有密钥 " + ref + "（请设置环境变量 ONETHING_SECRET_" + ref + "）"));
      String header = call.endpoint().getString("secretHeader", "Authorization");
      headers.put(header, header.equalsIgnoreCase("Authorization") ? "Bearer " + secret : secret);
    }
    return headers;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
