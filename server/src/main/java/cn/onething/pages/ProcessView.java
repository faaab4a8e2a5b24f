package cn.onething.pages;

import cn.onething.catalogue.Departments;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * 办理流程 — a release's process as the guide draws it: one shared acceptance, then the
 * departments' branches, each with its steps, its days and what it waits for; the branches that
 * start at once are marked.
 */
final class ProcessView {
  private ProcessView() {}

  static Map<String, Object> of(JsonObject process, List<JsonObject> members) {
    Map<String, String> titles = new HashMap<>();
    members.forEach(m -> titles.put(m.getString("publisher") + "/" + m.getString("slug"), m.getString("title")));
    JsonObject acceptance = process.getJsonObject("acceptance", new JsonObject());
    JsonArray parallel = process.getJsonArray("startInParallel", new JsonArray());
    List<Map<String, Object>> branches = new ArrayList<>();
    for (Object o : process.getJsonArray("branches", new JsonArray())) {
      JsonObject b = (JsonObject) o;
      List<String> after = new ArrayList<>();
      b.getJsonArray("after", new JsonArray()).forEach(a -> {
        String matter = ((JsonObject) a).getString("matter");
        after.add(titles.getOrDefault(matter, matter));
      });
      List<String> steps = new ArrayList<>();
      b.getJsonArray("steps", new JsonArray()).forEach(s -> steps.add(((JsonObject) s).getString("name")));
      branches.add(Map.of("title", b.getString("title", b.getString("matter")),
          "department", Departments.name(b.getString("department", "")), "days", b.getInteger("days", 0),
          "after", after, "steps", steps, "atOnce", parallel.contains(b.getString("matter"))));
    }
    JsonObject critical = process.getJsonObject("criticalPath", new JsonObject());
    return Map.of("acceptance", Map.of("name", acceptance.getString("name", "受理"),
            "department", Departments.name(acceptance.getString("department", ""))),
        "branches", branches, "criticalDays", critical.getInteger("days", 0));
  }
}
