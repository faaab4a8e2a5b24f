package cn.onething.process;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 流程定义 — a release's compiled process read for running it: the shared acceptance, and per
 * member matter its branch (department, the branches it waits for, entry steps, steps with
 * outcomes and where they lead).
 */
record ProcessDefinition(JsonObject acceptance, Map<String, Branch> branches, JsonArray bindings, JsonArray materials) {
  static final String SHARED = "shared";

  record Branch(String matter, String title, String department, List<String> after, List<String> entries,
      Map<String, JsonObject> steps, boolean commitment) {
    /** The steps that lead to {@code stepId}. */
    List<String> predecessors(String stepId) {
      List<String> out = new ArrayList<>();
      steps.forEach((id, s) -> {
        if (s.getJsonArray("next", new JsonArray()).contains(stepId)) {
          out.add(id);
        }
      });
      return out;
    }
  }

  static ProcessDefinition of(JsonObject release) {
    JsonObject process = release.getJsonObject("process", new JsonObject());
    Map<String, Branch> branches = new LinkedHashMap<>();
    for (Object o : process.getJsonArray("branches", new JsonArray())) {
      JsonObject b = (JsonObject) o;
      Map<String, JsonObject> steps = new LinkedHashMap<>();
      b.getJsonArray("steps", new JsonArray()).forEach(s -> steps.put(((JsonObject) s).getString("id"), (JsonObject) s));
      List<String> after = new ArrayList<>();
      b.getJsonArray("after", new JsonArray()).forEach(a -> after.add(((JsonObject) a).getString("matter")));
      List<String> entries = new ArrayList<>();
      b.getJsonArray("entries", new JsonArray()).forEach(e -> entries.add((String) e));
      branches.put(b.getString("matter"), new Branch(b.getString("matter"), b.getString("title", b.getString("matter")),
          b.getString("department"), after, entries, steps, b.getBoolean("commitment", false)));
    }
    JsonObject acceptance = process.getJsonObject("acceptance", new JsonObject().put("id", "shared-accept")
        .put("name", "受理").put("department", "data").put("timeLimitDays", 0));
    return new ProcessDefinition(acceptance, branches, release.getJsonArray("bindings", new JsonArray()),
        release.getJsonArray("materials", new JsonArray()));
  }

  static final String COMMITMENT_CHECK = "commitment-check";
  /** The working days after approval by which a commitment (告知承诺) is checked. */
  static final int COMMITMENT_CHECK_DAYS = 20;

  /** The matters that need one of these materials (by the release's material sources). */
  java.util.Set<String> mattersNeeding(java.util.Collection<String> materialKeys) {
    java.util.Set<String> out = new java.util.HashSet<>();
    materials.forEach(m -> {
      JsonObject material = (JsonObject) m;
      if (materialKeys.contains(material.getString("key"))) {
        material.getJsonArray("sources", new JsonArray()).forEach(src -> out.add(((JsonObject) src).getString("template")));
      }
    });
    return out;
  }

  JsonObject step(String branch, String stepId) {
    if (COMMITMENT_CHECK.equals(stepId)) {
      Branch b = branches.get(branch);
      return new JsonObject().put("id", COMMITMENT_CHECK).put("name", "告知承诺事后核查").put("type", "inspect")
          .put("department", b == null ? "data" : b.department()).put("timeLimitDays", COMMITMENT_CHECK_DAYS)
          .put("next", new JsonArray()).put("outcomes", new JsonArray()
              .add(new JsonObject().put("id", "kept").put("label", "承诺属实").put("next", new JsonArray()))
              .add(new JsonObject().put("id", "broken").put("label", "承诺不实，依法处理").put("next", new JsonArray())));
    }
    if (SHARED.equals(branch)) {
      return acceptance.copy().put("type", "accept").put("next", new JsonArray()).put("outcomes", new JsonArray()
          .add(new JsonObject().put("id", "accepted").put("label", "予以受理").put("next", new JsonArray()))
          .add(new JsonObject().put("id", "refused").put("label", "不予受理").put("result", "rejected").put("next", new JsonArray())));
    }
    Branch b = branches.get(branch);
    return b == null ? null : b.steps().get(stepId);
  }

  /** The outcomes of a step; a step without any has one, 完成, that follows its {@code next}. */
  static JsonArray outcomes(JsonObject step) {
    JsonArray outcomes = step.getJsonArray("outcomes", new JsonArray());
    if (outcomes.isEmpty()) {
      return new JsonArray().add(new JsonObject().put("id", "done").put("label", "完成")
          .put("next", step.getJsonArray("next", new JsonArray())));
    }
    return outcomes;
  }

  /** The binding uses of a matter that an automatic step calls: its verify use, or its issue/push uses. */
  List<JsonObject> automaticUses(String matter, JsonObject step) {
    List<JsonObject> out = new ArrayList<>();
    String type = step.getString("type");
    for (Object o : bindings) {
      JsonObject use = (JsonObject) o;
      if (!matter.equals(use.getString("matter")) || use.getJsonObject("endpoint") == null) {
        continue;
      }
      if ("verify".equals(type) && use.getString("use", "").equals(step.getString("binding"))) {
        out.add(use);
      } else if ("issue".equals(type) && ("issue".equals(use.getString("purpose")) || "push".equals(use.getString("purpose")))) {
        out.add(use);
      }
    }
    return out;
  }
}
