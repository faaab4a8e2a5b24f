package cn.onething.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
    checkStructure(body);
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

  /** Deeper than any template, form or service definition needs; deep enough for a JSON Schema. */
  static final int MAX_DEPTH = 64;
  private static final JsonFactory STRICT = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
      .build();

  /**
   * One strict streaming pass before the body is read as data. Refused, with a pointer to where:
   * a name given twice in one object (parsers resolve it differently: the value a check saw need
   * not be the one stored), nesting deeper than {@value #MAX_DEPTH}, numbers beyond a double or
   * longer than 1000 digits, and anything that is not plain JSON (comments, NaN, a second
   * document after the first).
   */
  static void checkStructure(Buffer body) {
    JsonParser parser = null;
    try {
      parser = STRICT.createParser(body.getBytes());
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.VALUE_NUMBER_FLOAT && Double.isInfinite(parser.getDoubleValue())) {
          throw Problems.invalidInput(pointer(parser), "数值超出范围。");
        }
      }
    } catch (StreamConstraintsException e) {
      String message = String.valueOf(e.getMessage());
      throw Problems.invalidInput(pointer(parser), message.contains("nesting depth")
          ? "JSON 嵌套超过 " + MAX_DEPTH + " 层，请求无法处理。"
          : message.contains("Number") ? "数值过长，请求无法处理。" : "内容过长，请求无法处理。");
    } catch (JsonParseException e) {
      if (String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) {
        throw Problems.invalidInput(pointer(parser), "同一对象中字段名重复出现：每个字段只能出现一次。");
      }
      throw Problems.invalidJson(e.getLocation() == null ? "无法解析请求体，请检查引号、逗号和括号。"
          : "第 " + e.getLocation().getLineNr() + " 行第 " + e.getLocation().getColumnNr()
              + " 列附近不是合法的 JSON，请检查引号、逗号和括号（JSON 不允许注释、NaN 和多余的内容）。");
    } catch (java.io.IOException e) {
      throw Problems.invalidJson("无法读取请求体。");
    } finally {
      if (parser != null) {
        try {
          parser.close();
        } catch (java.io.IOException ignored) {
          // nothing to release
        }
      }
    }
  }

  private static String pointer(JsonParser parser) {
    return parser == null ? "" : parser.getParsingContext().pathAsPointer().toString();
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
