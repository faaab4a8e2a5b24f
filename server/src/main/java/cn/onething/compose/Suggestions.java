package cn.onething.compose;

import cn.onething.catalogue.CatalogueIndex;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * 流程再造建议 — non-blocking suggestions, each with its evidence: a material an e-licence could
 * replace but is still asked; matters ordered one after another with no data passing between
 * them; a matter that allows commitment (告知承诺) the province has not taken up; an optional
 * field nothing uses (minimum necessary collection, PIPL Art. 6). Pure.
 */
final class Suggestions {
  private Suggestions() {}

  static JsonArray of(List<Member> members, List<JsonObject> ordering, JsonArray materials, List<JsonObject> overrides,
      FormMerger.Result form, CatalogueIndex index) {
    JsonArray out = new JsonArray();
    materials(materials, index, out);
    ordering(members, ordering, out);
    commitment(members, overrides, out);
    unusedFields(members, form, out);
    return out;
  }

  private static void materials(JsonArray materials, CatalogueIndex index, JsonArray out) {
    for (Object o : materials) {
      JsonObject m = (JsonObject) o;
      String licence = m.getString("eLicence");
      if (licence != null && !m.getBoolean("waived")) {
        out.add(suggestion("e-licence", "材料“" + m.getString("name") + "”可由电子证照“" + licence
            + "”代替：为本省配置该证照的查询（licences）后即可免提交", new JsonObject().put("material", m.getString("key"))
            .put("licenceType", licence).put("sources", m.getJsonArray("sources"))));
      }
    }
  }

  /** Ordered pairs where the later matter neither needs a licence the earlier one issues nor anything else it yields. */
  private static void ordering(List<Member> members, List<JsonObject> ordering, JsonArray out) {
    for (JsonObject order : ordering) {
      Member before = find(members, order.getString("before"));
      Member after = find(members, order.getString("after"));
      if (before == null || after == null) {
        continue;
      }
      Set<String> issued = issuedLicences(before.template());
      Set<String> needed = neededLicences(after.template());
      needed.retainAll(issued);
      if (needed.isEmpty()) {
        out.add(suggestion("parallel", after.ref() + " 排在 " + before.ref() + " 之后，但没有使用它产生的证照或数据：可以考虑并联办理",
            new JsonObject().put("before", before.ref()).put("after", after.ref()).put("reason", order.getString("reason"))
                .put("issuedByBefore", new JsonArray(List.copyOf(issued)))));
      }
    }
  }

  private static void commitment(List<Member> members, List<JsonObject> overrides, JsonArray out) {
    Set<String> taken = new HashSet<>();
    overrides.stream().filter(o -> "useCommitment".equals(o.getString("op"))).forEach(o -> taken.add(o.getString("matter")));
    for (Member m : members) {
      JsonObject options = m.template().getJsonObject("guide").getJsonObject("options", new JsonObject());
      if (options.getBoolean("commitment", false) && !taken.contains(m.ref())) {
        out.add(suggestion("commitment", m.ref() + "（" + m.template().getString("title") + "）允许告知承诺制，本服务尚未采用",
            new JsonObject().put("matter", m.ref()).put("options", options)));
      }
      if (options.getBoolean("filing", false)) {
        out.add(suggestion("filing", m.ref() + " 允许以备案代替审批", new JsonObject().put("matter", m.ref())));
      }
    }
  }

  /** Optional fields that no member's rule or binding refers to. */
  private static void unusedFields(List<Member> members, FormMerger.Result form, JsonArray out) {
    Set<String> used = new HashSet<>();
    for (Member m : members) {
      Set<String> referenced = new LinkedHashSet<>();
      for (Object r : m.template().getJsonArray("rules", new JsonArray())) {
        JsonObject rule = (JsonObject) r;
        if (rule.getString("target") != null) {
          referenced.add(rule.getString("target"));
        }
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("form\\.([A-Za-z0-9_]+)").matcher(rule.getString("expression"));
        while (matcher.find()) {
          referenced.add(matcher.group(1));
        }
      }
      for (Object b : m.template().getJsonArray("bindings", new JsonArray())) {
        JsonObject use = (JsonObject) b;
        for (String part : List.of("inputs", "outputs")) {
          use.getJsonObject(part, new JsonObject()).forEach(e -> referenced.add(String.valueOf(e.getValue())));
        }
      }
      referenced.forEach(id -> {
        String key = form.keyOfMemberField().get(m.ref() + "#" + id);
        if (key != null) {
          used.add(key);
        }
      });
    }
    JsonArray required = form.schema().getJsonArray("required");
    for (Map.Entry<String, Object> e : form.provenance()) {
      if (!required.contains(e.getKey()) && !used.contains(e.getKey())) {
        JsonObject p = (JsonObject) e.getValue();
        out.add(suggestion("minimum-necessary", "可选字段“" + form.schema().getJsonObject("properties").getJsonObject(e.getKey())
            .getString("title") + "”没有任何规则或接口使用：如非审批必需，可考虑不再收集（个人信息保护法第六条）",
            new JsonObject().put("field", e.getKey()).put("sources", p.getJsonArray("sources"))));
      }
    }
  }

  static Set<String> issuedLicences(JsonObject matter) {
    Set<String> out = new LinkedHashSet<>();
    for (Object b : matter.getJsonArray("bindings", new JsonArray())) {
      JsonObject use = (JsonObject) b;
      String type = use.getJsonObject("constants", new JsonObject()).getString("licenceType");
      if ("issue".equals(use.getString("purpose")) && type != null) {
        out.add(type);
      }
    }
    return out;
  }

  static Set<String> neededLicences(JsonObject matter) {
    Set<String> out = new LinkedHashSet<>();
    for (Object o : matter.getJsonArray("materials", new JsonArray())) {
      String licence = ((JsonObject) o).getString("eLicence");
      if (licence != null) {
        out.add(licence);
      }
    }
    for (Object b : matter.getJsonArray("bindings", new JsonArray())) {
      JsonObject use = (JsonObject) b;
      String type = use.getJsonObject("constants", new JsonObject()).getString("licenceType");
      if (!"issue".equals(use.getString("purpose")) && type != null) {
        out.add(type);
      }
    }
    return out;
  }

  private static Member find(List<Member> members, String ref) {
    return members.stream().filter(m -> m.ref().equals(ref)).findFirst().orElse(null);
  }

  private static JsonObject suggestion(String kind, String message, JsonObject evidence) {
    return new JsonObject().put("kind", "suggestion").put("type", kind).put("message", message).put("evidence", evidence);
  }
}
