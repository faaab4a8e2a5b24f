package cn.onething.compose;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * 一套材料 — the same material is asked once: materials that an e-licence type can replace are
 * the same material across matters (that type), others are the same when their names are; a
 * material an e-licence can replace is waived when the province has e-licence lookup configured
 * for that type. Pure.
 */
final class MaterialMerger {
  record Result(JsonArray materials, int asked, int memberSum) {}

  private MaterialMerger() {}

  static Result merge(List<Member> members, Set<String> licencesAvailable) {
    Map<String, JsonObject> merged = new LinkedHashMap<>();
    int sum = 0;
    for (Member member : members) {
      for (Object o : member.template().getJsonArray("materials", new JsonArray())) {
        JsonObject material = (JsonObject) o;
        sum++;
        String licence = material.getString("eLicence");
        String key = licence != null ? "licence:" + licence : "name:" + material.getString("name").replaceAll("\\s", "");
        JsonObject m = merged.computeIfAbsent(key, k -> new JsonObject()
            .put("key", k).put("name", material.getString("name")).put("eLicence", licence)
            .put("required", false).put("key_material", false).put("locked", false).put("sources", new JsonArray()));
        m.put("required", m.getBoolean("required") || material.getBoolean("required", false));
        m.put("key_material", m.getBoolean("key_material") || material.getBoolean("key", false));
        m.put("locked", m.getBoolean("locked") || material.getBoolean("locked", false));
        m.getJsonArray("sources").add(new JsonObject().put("template", member.ref()).put("material", material.getString("id")));
      }
    }
    JsonArray out = new JsonArray();
    int asked = 0;
    for (JsonObject m : merged.values()) {
      boolean waived = m.getString("eLicence") != null && licencesAvailable.contains(m.getString("eLicence"));
      m.put("waived", waived);
      if (!waived) {
        asked++;
      }
      out.add(m);
    }
    return new Result(out, asked, sum);
  }
}
