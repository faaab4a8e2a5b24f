package cn.onething.compose;

import cn.onething.catalogue.Diagnostic;
import cn.onething.rules.RuleChecker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * 规则 — every member's rules moved onto the merged form: {@code form.x} becomes the unified key
 * of the field x merged into (rewritten at the positions acorn reports), targets likewise, route
 * targets name their branch's step; the province's own rules ({@code addRule}) are checked
 * against the merged form. Each result is checked again: only form, ctx and the whitelisted
 * functions, and only fields the merged form still has.
 */
final class RulePlanner {
  private RulePlanner() {}

  static JsonArray plan(List<Member> members, FormMerger.Result form, List<ProcessPlanner.IndexedOverride> addedRules,
      List<Diagnostic> diagnostics) {
    Set<String> keys = form.schema().getJsonObject("properties").fieldNames();
    RuleChecker.Scope scope = new RuleChecker.Scope(keys);
    JsonArray out = new JsonArray();
    for (Member member : members) {
      JsonArray rules = member.template().getJsonArray("rules", new JsonArray());
      for (int i = 0; i < rules.size(); i++) {
        JsonObject rule = rules.getJsonObject(i);
        String at = member.pointer() + "/rules/" + i;
        String expression = RuleChecker.renameFormReferences(rule.getString("expression"),
            id -> form.keyOfMemberField().get(member.ref() + "#" + id));
        String target = rule.getString("target");
        String kind = rule.getString("kind");
        if (target != null && !kind.equals("route")) {
          target = form.keyOfMemberField().get(member.ref() + "#" + target);
        } else if (target != null) {
          target = member.ref() + "#" + target;
        }
        check(expression, target, kind, keys, scope, at, "事项 " + member.ref() + " 的规则“" + rule.getString("id") + "”",
            diagnostics);
        out.add(new JsonObject().put("id", member.ref() + "#" + rule.getString("id")).put("kind", kind)
            .put("target", target).put("expression", expression).put("message", rule.getString("message"))
            .put("source", new JsonObject().put("template", member.ref()).put("rule", rule.getString("id"))));
      }
    }
    for (ProcessPlanner.IndexedOverride added : addedRules) {
      JsonObject rule = added.override().getJsonObject("rule", new JsonObject());
      String kind = rule.getString("kind", "");
      if (!List.of("visible", "required", "valid", "eligible").contains(kind)) {
        diagnostics.add(new Diagnostic(added.pointer() + "/rule/kind", "本地规则的类型应为 visible、required、valid 或 eligible"));
        continue;
      }
      check(rule.getString("expression", ""), rule.getString("target"), kind, keys, scope, added.pointer() + "/rule",
          "本地规则“" + added.override().getString("id") + "”", diagnostics);
      out.add(new JsonObject().put("id", "local#" + added.override().getString("id")).put("kind", kind)
          .put("target", rule.getString("target")).put("expression", rule.getString("expression"))
          .put("message", rule.getString("message")).put("source", new JsonObject().put("override", added.override().getString("id"))));
    }
    return out;
  }

  private static void check(String expression, String target, String kind, Set<String> keys, RuleChecker.Scope scope,
      String at, String what, List<Diagnostic> diagnostics) {
    for (RuleChecker.Finding finding : RuleChecker.check(expression, scope)) {
      diagnostics.add(new Diagnostic(at + "/expression", what + "：" + finding.message()));
    }
    if (List.of("visible", "required", "valid").contains(kind) && (target == null || !keys.contains(target))) {
      diagnostics.add(new Diagnostic(at + "/target", what + "的目标字段在合并后的表单中不存在（可能被隐藏）"));
    }
    if ((kind.equals("valid") || kind.equals("eligible")) && expression.isBlank()) {
      diagnostics.add(new Diagnostic(at + "/expression", what + "没有表达式"));
    }
  }
}
