package cn.onething.compose;

import cn.onething.catalogue.CanonicalJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** What changes between two compiled releases: fields, materials, branches (matter and version), figures. Pure. */
final class ReleaseDiff {
  private ReleaseDiff() {}

  static JsonObject between(JsonObject from, JsonObject to) {
    JsonObject diff = new JsonObject();
    diff.put("fields", keyed(from.getJsonObject("schema").getJsonObject("properties"),
        to.getJsonObject("schema").getJsonObject("properties")));
    diff.put("materials", keyed(byKey(from.getJsonArray("materials"), "key"), byKey(to.getJsonArray("materials"), "key")));
    diff.put("members", keyed(byKey(from.getJsonArray("members"), "template"), byKey(to.getJsonArray("members"), "template")));
    diff.put("figures", new JsonObject().put("from", from.getJsonObject("figures")).put("to", to.getJsonObject("figures")));
    return diff;
  }

  private static JsonObject byKey(JsonArray items, String key) {
    JsonObject out = new JsonObject();
    items.forEach(i -> out.put(((JsonObject) i).getString(key), i));
    return out;
  }

  private static JsonObject keyed(JsonObject before, JsonObject after) {
    JsonArray added = new JsonArray();
    JsonArray removed = new JsonArray();
    JsonArray changed = new JsonArray();
    Set<String> keys = new TreeSet<>(before.fieldNames());
    keys.addAll(after.fieldNames());
    for (String key : keys) {
      if (!before.containsKey(key)) {
        added.add(key);
      } else if (!after.containsKey(key)) {
        removed.add(key);
      } else if (!Objects.equals(CanonicalJson.canonical(before.getValue(key)), CanonicalJson.canonical(after.getValue(key)))) {
        changed.add(key);
      }
    }
    return new JsonObject().put("added", added).put("removed", removed).put("changed", changed);
  }
}
