package cn.onething.simulator.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks a JSON value against the schema subset binding templates use ({@code type}, {@code properties},
 * {@code required}, {@code additionalProperties}, {@code pattern}, {@code maxLength}, {@code format}), plus
 * {@code minLength}, {@code enum}, {@code minimum}, {@code maximum} and {@code items} for the simulator's own
 * contracts. Messages are Chinese and carry the RFC 6901 pointer of the offending value.
 */
public final class SchemaCheck {

  /** One violation: where and what. */
  public record Violation(String pointer, String message) {
    public JsonObject toJson() {
      return new JsonObject().put("pointer", pointer).put("message", message);
    }
  }

  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();
  private static final Map<String, String> TYPE_NAMES = Map.of("object", "对象", "array", "数组", "string", "字符串",
      "number", "数值", "integer", "整数", "boolean", "布尔值", "null", "空值");

  private SchemaCheck() {
  }

  public static List<Violation> check(JsonObject schema, Object value) {
    List<Violation> out = new ArrayList<>();
    check(schema, value, "", out);
    return out;
  }

  private static void check(JsonObject schema, Object value, String pointer, List<Violation> out) {
    String where = pointer.isEmpty() ? "请求体" : pointer;
    String type = schema.getString("type");
    if (type != null && !hasType(value, type)) {
      out.add(new Violation(pointer, where + " 应为" + TYPE_NAMES.getOrDefault(type, type)));
      return;
    }
    JsonArray allowed = schema.getJsonArray("enum");
    if (allowed != null && !allowed.contains(value)) {
      out.add(new Violation(pointer, where + " 的取值不在允许范围内：" + allowed.encode()));
    }
    switch (value) {
      case JsonObject object -> checkObject(schema, object, pointer, out);
      case JsonArray array -> {
        JsonObject items = schema.getJsonObject("items");
        for (int i = 0; items != null && i < array.size(); i++) {
          check(items, array.getValue(i), pointer + "/" + i, out);
        }
      }
      case String text -> checkString(schema, text, where, pointer, out);
      case Number number -> checkNumber(schema, number, where, pointer, out);
      default -> {
      }
    }
  }

  private static void checkObject(JsonObject schema, JsonObject object, String pointer, List<Violation> out) {
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    for (Object name : schema.getJsonArray("required", new JsonArray())) {
      if (!object.containsKey((String) name) || object.getValue((String) name) == null) {
        out.add(new Violation(pointer + "/" + escape((String) name), "缺少必填属性 " + pointer + "/" + name));
      }
    }
    Object additional = schema.getValue("additionalProperties");
    for (Map.Entry<String, Object> entry : object) {
      String child = pointer + "/" + escape(entry.getKey());
      JsonObject propertySchema = properties.getJsonObject(entry.getKey());
      if (propertySchema != null) {
        // An optional property sent as null counts as absent; a required one was reported above.
        if (entry.getValue() != null) {
          check(propertySchema, entry.getValue(), child, out);
        }
      } else if (Boolean.FALSE.equals(additional)) {
        out.add(new Violation(child, "不允许的属性 " + child + "（接口约定未声明）"));
      } else if (additional instanceof JsonObject additionalSchema) {
        check(additionalSchema, entry.getValue(), child, out);
      }
    }
  }

  private static void checkString(JsonObject schema, String text, String where, String pointer, List<Violation> out) {
    int length = text.codePointCount(0, text.length());
    Integer max = schema.getInteger("maxLength");
    if (max != null && length > max) {
      out.add(new Violation(pointer, where + " 超过最大长度 " + max));
    }
    Integer min = schema.getInteger("minLength");
    if (min != null && length < min) {
      out.add(new Violation(pointer, where + " 短于最小长度 " + min));
    }
    String pattern = schema.getString("pattern");
    if (pattern != null && !PATTERNS.computeIfAbsent(pattern, Pattern::compile).matcher(text).find()) {
      out.add(new Violation(pointer, where + " 格式不正确（应匹配 " + pattern + "）"));
    }
    String format = schema.getString("format");
    if ("date".equals(format) && !parses(() -> LocalDate.parse(text))) {
      out.add(new Violation(pointer, where + " 应为日期（yyyy-MM-dd）"));
    } else if ("date-time".equals(format) && !parses(() -> OffsetDateTime.parse(text))) {
      out.add(new Violation(pointer, where + " 应为带时区的日期时间（RFC 3339）"));
    }
  }

  private static void checkNumber(JsonObject schema, Number number, String where, String pointer, List<Violation> out) {
    Number min = schema.getNumber("minimum");
    if (min != null && number.doubleValue() < min.doubleValue()) {
      out.add(new Violation(pointer, where + " 不能小于 " + min));
    }
    Number max = schema.getNumber("maximum");
    if (max != null && number.doubleValue() > max.doubleValue()) {
      out.add(new Violation(pointer, where + " 不能大于 " + max));
    }
  }

  private static boolean hasType(Object value, String type) {
    return switch (type) {
      case "object" -> value instanceof JsonObject;
      case "array" -> value instanceof JsonArray;
      case "string" -> value instanceof String;
      case "boolean" -> value instanceof Boolean;
      case "number" -> value instanceof Number;
      case "integer" -> value instanceof Integer || value instanceof Long || value instanceof BigInteger
          || value instanceof Short || value instanceof Byte
          || (value instanceof Double d && d == Math.rint(d) && !d.isInfinite())
          || (value instanceof BigDecimal b && b.stripTrailingZeros().scale() <= 0);
      case "null" -> value == null;
      default -> true;
    };
  }

  private static boolean parses(Runnable parse) {
    try {
      parse.run();
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
