package cn.onething.pages;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

/**
 * 表单取值 — an HTML form's strings turned into the values the release's schema expects:
 * integers and numbers parsed (a value that does not parse is kept as text, so the schema says
 * what is wrong with it), checkboxes to booleans, empty fields left out.
 */
final class FormValues {
  private FormValues() {}

  static JsonObject from(MultiMap form, JsonObject schema) {
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    JsonObject out = new JsonObject();
    for (String key : properties.fieldNames()) {
      JsonObject property = properties.getJsonObject(key);
      String type = property.getString("type");
      String raw = form.get(key);
      if ("boolean".equals(type)) {
        if (raw != null) {
          out.put(key, raw.equals("true") || raw.equals("on"));
        }
        continue;
      }
      if (raw == null || raw.isBlank()) {
        continue;
      }
      String text = raw.strip();
      if ("integer".equals(type) && text.matches("-?\\d{1,15}")) {
        out.put(key, Long.parseLong(text));
      } else if ("number".equals(type) && text.matches("-?\\d{1,15}(\\.\\d{1,10})?")) {
        out.put(key, Double.parseDouble(text));
      } else {
        out.put(key, text);
      }
    }
    return out;
  }
}
