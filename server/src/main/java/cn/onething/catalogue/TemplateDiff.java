package cn.onething.catalogue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * 版本差异 — what changed between two versions of a template, item by item (by stable id):
 * fields, sections, materials, steps, rules, bindings, data elements, licence types, package
 * members and ordering; plus the top-level properties (title, guide, …) that changed. Pure.
 */
public final class TemplateDiff {
  private TemplateDiff() {}

  public static JsonObject between(JsonObject from, JsonObject to) {
    JsonObject diff = new JsonObject()
        .put("from", from.getString("version"))
        .put("to", to.getString("version"))
        .put("kind", to.getString("kind"));
    Map<String, Function<JsonObject, Map<String, JsonObject>>> parts = new LinkedHashMap<>();
    parts.put("sections", t -> byId(sections(t), "id", s -> s.copy().put("fields", ids(s.getJsonArray("fields")))));
    parts.put("fields", TemplateDiff::fields);
    parts.put("materials", t -> byId(t.getJsonArray("materials"), "id", Function.identity()));
    parts.put("steps", t -> byId(t.getJsonArray("steps"), "id", Function.identity()));
    parts.put("rules", t -> byId(t.getJsonArray("rules"), "id", Function.identity()));
    parts.put("bindings", t -> byId(t.getJsonArray("bindings"), "id", Function.identity()));
    parts.put("elements", t -> byId(t.getJsonArray("elements"), "id", Function.identity()));
    parts.put("licenceTypes", t -> byId(t.getJsonArray("licenceTypes"), "id", Function.identity()));
    parts.put("inputs", t -> byId(t.getJsonArray("inputs"), "name", Function.identity()));
    parts.put("outputs", t -> byId(t.getJsonArray("outputs"), "name", Function.identity()));
    parts.put("members", t -> byId(t.getJsonArray("members"), "matter", Function.identity()));
    parts.put("ordering", t -> byKey(t.getJsonArray("ordering"), o -> o.getString("before") + " → " + o.getString("after")));
    for (var part : parts.entrySet()) {
      JsonObject changes = compare(part.getValue().apply(from), part.getValue().apply(to));
      if (changes != null) {
        diff.put(part.getKey(), changes);
      }
    }
    JsonArray properties = new JsonArray();
    for (String key : new TreeSet<>(union(from.fieldNames(), to.fieldNames()))) {
      if (List.of("version", "form", "materials", "steps", "rules", "bindings", "elements", "licenceTypes",
          "inputs", "outputs", "members", "ordering").contains(key)) {
        continue;
      }
      if (!Objects.equals(CanonicalJson.canonical(from.getValue(key)), CanonicalJson.canonical(to.getValue(key)))) {
        properties.add(key);
      }
    }
    diff.put("properties", properties);
    return diff;
  }

  private static JsonObject compare(Map<String, JsonObject> before, Map<String, JsonObject> after) {
    JsonArray added = new JsonArray();
    JsonArray removed = new JsonArray();
    JsonArray changed = new JsonArray();
    for (String id : after.keySet()) {
      if (!before.containsKey(id)) {
        added.add(id);
      }
    }
    for (var entry : before.entrySet()) {
      JsonObject next = after.get(entry.getKey());
      if (next == null) {
        removed.add(entry.getKey());
        continue;
      }
      JsonArray properties = new JsonArray();
      for (String key : new TreeSet<>(union(entry.getValue().fieldNames(), next.fieldNames()))) {
        if (!Objects.equals(CanonicalJson.canonical(entry.getValue().getValue(key)), CanonicalJson.canonical(next.getValue(key)))) {
          properties.add(key);
        }
      }
      if (!properties.isEmpty()) {
        changed.add(new JsonObject().put("id", entry.getKey()).put("properties", properties));
      }
    }
    if (added.isEmpty() && removed.isEmpty() && changed.isEmpty()) {
      return null;
    }
    return new JsonObject().put("added", added).put("removed", removed).put("changed", changed);
  }

  private static JsonArray sections(JsonObject template) {
    JsonObject form = template.getJsonObject("form");
    return form == null ? null : form.getJsonArray("sections");
  }

  /** Fields across sections, each with the section it sits in (moving a field is a change). */
  private static Map<String, JsonObject> fields(JsonObject template) {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    JsonArray sections = sections(template);
    if (sections == null) {
      return out;
    }
    for (Object s : sections) {
      JsonObject section = (JsonObject) s;
      for (Object f : section.getJsonArray("fields", new JsonArray())) {
        JsonObject field = ((JsonObject) f).copy().put("section", section.getString("id"));
        out.putIfAbsent(field.getString("id"), field);
      }
    }
    return out;
  }

  private static JsonArray ids(JsonArray items) {
    JsonArray ids = new JsonArray();
    if (items != null) {
      items.forEach(i -> ids.add(((JsonObject) i).getString("id")));
    }
    return ids;
  }

  private static Map<String, JsonObject> byId(JsonArray items, String key, Function<JsonObject, JsonObject> view) {
    return byKey(items, i -> i.getString(key), view);
  }

  private static Map<String, JsonObject> byKey(JsonArray items, Function<JsonObject, String> key) {
    return byKey(items, key, Function.identity());
  }

  private static Map<String, JsonObject> byKey(JsonArray items, Function<JsonObject, String> key,
      Function<JsonObject, JsonObject> view) {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    if (items != null) {
      for (Object item : items) {
        if (item instanceof JsonObject object && key.apply(object) != null) {
          out.putIfAbsent(key.apply(object), view.apply(object));
        }
      }
    }
    return out;
  }

  private static List<String> union(Iterable<String> a, Iterable<String> b) {
    List<String> all = new ArrayList<>();
    a.forEach(all::add);
    b.forEach(all::add);
    return all;
  }
}
