package cn.onething.connector.httpjson;

import cn.onething.connector.Connector;
import cn.onething.connector.ConnectorContext;
import cn.onething.connector.ConnectorFactory;
import cn.onething.connector.Violation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * HTTP JSON 接口 — the built-in connector. A province configures the system's base address, the
 * name of the secret to send and, optionally, fixed non-secret headers; the binding template
 * gives the method, the path, and where each parameter sits in the request and the response.
 */
public final class HttpJsonConnectorFactory implements ConnectorFactory {
  public static final String TYPE = "http-json";

  /** Headers the connector sets itself. */
  private static final Set<String> RESERVED = Set.of("host", "content-type", "content-length", "accept",
      "x-request-id", "connection", "transfer-encoding");
  /** Header names that carry credentials: their values belong in the server's secrets. */
  private static final Pattern CREDENTIAL = Pattern.compile("(?i).*(auth|token|key|secret|cookie|password|sign).*");

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String title() {
    return "HTTP JSON 接口";
  }

  @Override
  public JsonObject configurationSchema() {
    JsonObject headerName = new JsonObject().put("type", "string").put("pattern", "^[A-Za-z][A-Za-z0-9-]{0,63}$");
    return new JsonObject()
        .put("$schema", "https://json-schema.org/draft/2020-12/schema")
        .put("title", "HTTP JSON 接口地址配置")
        .put("type", "object")
        .put("required", new JsonArray().add("baseUrl"))
        .put("additionalProperties", false)
        .put("properties", new JsonObject()
            .put("baseUrl", new JsonObject().put("type", "string").put("maxLength", 500)
                .put("description", "部门系统地址，如 https://dzzz.zj.gov.cn/api；接口路径接在其后"))
            .put("secretRef", new JsonObject().put("type", "string").put("pattern", "^[A-Z][A-Z0-9_]{1,63}$")
                .put("description", "服务器配置中的密钥名（ONETHING_SECRET_<名字>），调用时放入 secretHeader"))
            .put("secretHeader", headerName.copy()
                .put("description", "放密钥的请求头，默认 Authorization（值为 Bearer <密钥>）"))
            .put("headers", new JsonObject().put("type", "object").put("maxProperties", 20)
                .put("propertyNames", headerName.copy())
                .put("additionalProperties", new JsonObject().put("type", "string").put("maxLength", 500))
                .put("description", "固定的非密请求头，如 X-Region: 330000"))
            .put("timeoutMs", new JsonObject().put("type", "integer").put("minimum", 100).put("maximum", 60000)
                .put("description", "单次调用超时（毫秒），默认 5000")));
  }

  @Override
  public List<Violation> validate(JsonObject configuration) {
    List<Violation> problems = new ArrayList<>();
    String base = configuration.getString("baseUrl");
    if (!httpUrl(base)) {
      problems.add(new Violation("/baseUrl", "接口地址应为 http:// 或 https:// 开头的完整地址"));
    }
    String secretHeader = configuration.getString("secretHeader");
    if (secretHeader != null && configuration.getString("secretRef") == null) {
      problems.add(new Violation("/secretRef", "设置了 secretHeader 却没有 secretRef：请写明使用哪个密钥"));
    }
    if (secretHeader != null && RESERVED.contains(secretHeader.toLowerCase(Locale.ROOT))) {
      problems.add(new Violation("/secretHeader", "请求头 " + secretHeader + " 由连接器自己设置，不能用来放密钥"));
    }
    Object headers = configuration.getValue("headers");
    if (headers instanceof JsonObject fixed) {
      for (String name : fixed.fieldNames()) {
        String at = "/headers/" + name.replace("~", "~0").replace("/", "~1");
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
          problems.add(new Violation(at, "请求头 " + name + " 由连接器自己设置，不能配置"));
        } else if (CREDENTIAL.matcher(name).matches()) {
          problems.add(new Violation(at, "请求头 " + name + " 像是凭据：密钥不能写进配置，请用 secretRef 引用服务器配置中的密钥"));
        }
      }
    }
    return problems;
  }

  @Override
  public Connector create(ConnectorContext context) {
    return new HttpJsonConnector(context);
  }

  static boolean httpUrl(String url) {
    if (url == null) {
      return false;
    }
    try {
      URI uri = URI.create(url);
      return uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getQuery() == null && uri.getFragment() == null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
