package cn.onething.compose;

import cn.onething.catalogue.CatalogueIndex;
import cn.onething.catalogue.Diagnostic;
import cn.onething.catalogue.TemplateRef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * 接口计划 — every binding the members use, with its parameters mapped to the merged form and the
 * province's endpoint for it (or none yet). An endpoint names the department system's base
 * address and, by name only, the secret to use: secrets never enter a definition or a release.
 */
final class BindingPlanner {
  private BindingPlanner() {}

  static JsonArray plan(List<Member> members, FormMerger.Result form, JsonObject endpoints, CatalogueIndex index,
      List<Diagnostic> diagnostics) {
    Set<String> used = new LinkedHashSet<>();
    JsonArray plan = new JsonArray();
    for (Member member : members) {
      for (Object b : member.template().getJsonArray("bindings", new JsonArray())) {
        JsonObject use = (JsonObject) b;
        String ref = use.getString("binding");
        used.add(ref);
        JsonObject inputs = new JsonObject();
        use.getJsonObject("inputs", new JsonObject()).forEach(e ->
            inputs.put(e.getKey(), form.keyOfMemberField().get(member.ref() + "#" + e.getValue())));
        JsonObject outputs = new JsonObject();
        use.getJsonObject("outputs", new JsonObject()).forEach(e ->
            outputs.put(e.getKey(), form.keyOfMemberField().get(member.ref() + "#" + e.getValue())));
        plan.add(new JsonObject().put("matter", member.ref()).put("use", use.getString("id")).put("binding", ref)
            .put("version", index.resolve(TemplateRef.parse(ref), use.getString("version")).map(t -> t.getString("version")).orElse(null))
            .put("purpose", use.getString("purpose")).put("inputs", inputs).put("outputs", outputs)
            .put("constants", use.getJsonObject("constants", new JsonObject()))
            .put("endpoint", endpoints.getJsonObject(ref)));
      }
    }
    for (String ref : endpoints.fieldNames()) {
      String at = "/endpoints/" + ref.replace("~", "~0").replace("/", "~1");
      Object value = endpoints.getValue(ref);
      if (!used.contains(ref)) {
        diagnostics.add(new Diagnostic(at, "本服务的事项没有使用接口 " + ref + "，无需配置"));
      } else if (!(value instanceof JsonObject endpoint) || !validBase(endpoint.getString("baseUrl"))) {
        diagnostics.add(new Diagnostic(at + "/baseUrl", "接口地址应为 http:// 或 https:// 开头的完整地址"));
      } else if (endpoint.containsKey("secret") || endpoint.containsKey("password") || endpoint.containsKey("token")) {
        diagnostics.add(new Diagnostic(at, "密钥不能写进服务定义：请用 secretRef 引用服务器配置中的密钥名"));
      }
    }
    return plan;
  }

  /** The licence types a configured e-licence lookup can answer for. */
  static Set<String> lookupLicences(JsonArray plan, CatalogueIndex index) {
    Set<String> out = new LinkedHashSet<>();
    for (Object p : plan) {
      JsonObject entry = (JsonObject) p;
      if (entry.getJsonObject("endpoint") == null || entry.getString("version") == null) {
        continue;
      }
      index.resolve(TemplateRef.parse(entry.getString("binding")), entry.getString("version"))
          .filter(t -> t.getJsonArray("purposes").contains("prefill") || t.getJsonArray("purposes").contains("verify"))
          .ifPresent(t -> t.getJsonArray("licenceTypes", new JsonArray()).forEach(l -> out.add(String.valueOf(l))));
    }
    return out;
  }

  private static boolean validBase(String url) {
    try {
      URI uri = URI.create(url);
      return uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
    } catch (RuntimeException e) {
      return false;
    }
  }
}
