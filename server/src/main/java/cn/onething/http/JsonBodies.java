package cn.onething.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.InputTrustHandler;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JSON request bodies: only JSON gets in, and a malformed one says where it breaks. */
public final class JsonBodies {
  private static final Pattern POSITION = Pattern.compile("line: (\\d+), column: (\\d+)");

  private JsonBodies() {}

  /** Answers 415 to a POST, PUT or PATCH that carries a body that is not declared as JSON. */
  public static InputTrustHandler contentTypeGuard() {
    return ctx -> {
      HttpMethod method = ctx.request().method();
      boolean writes = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
      Buffer body = ctx.body().buffer();
      if (writes && body != null && body.length() > 0 && !isJson(ctx.request().getHeader("Content-Type"))) {
        ctx.fail(Problems.unsupportedMediaType(ctx.request().getHeader("Content-Type")));
        return;
      }
      ctx.next();
    };
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  /** The body as a JSON object, or a 400 problem that says what is wrong with it. */
  public static JsonObject object(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw Problems.invalidJson("请求体为空，应为一个 JSON 对象。");
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw Problems.invalidJson(describe(e));
    }
    if (!(parsed instanceof JsonObject object)) {
      throw Problems.invalidInput("", "请求体应为 JSON 对象（{...}），而不是 " + kind(parsed) + "。");
    }
    return object;
  }

  /** Like {@link #object}, but an absent body is an empty object (for optional bodies). */
  public static JsonObject objectOrEmpty(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    return body == null || body.length() == 0 ? new JsonObject() : object(ctx);
  }

  static String describe(DecodeException e) {
    String message = String.valueOf(e.getMessage());
    Matcher at = POSITION.matcher(message);
    if (at.find()) {
      return "第 " + at.group(1) + " 行第 " + at.group(2) + " 列附近有语法错误，请检查引号、逗号和括号。";
    }
    return "无法解析请求体，请检查引号、逗号和括号。";
  }

  private static String kind(Object value) {
    if (value instanceof io.vertx.core.json.JsonArray) {
      return "数组";
    }
    if (value instanceof String) {
      return "字符串";
    }
    if (value instanceof Number) {
      return "数字";
    }
    if (value instanceof Boolean) {
      return "布尔值";
    }
    return "null";
  }
}
