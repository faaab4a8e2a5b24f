package cn.onething.catalogue;

import cn.onething.rules.RuleChecker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * 模板检查 — what the format schema cannot say: ids unique, every reference resolves, rules
 * are safe expressions over fields that exist, the step graph is a DAG reachable from its entry,
 * bindings map to fields that exist. Runs on a schema-valid template and reports every finding
 * at once. Pure: no I/O, no clock.
 */
public final class TemplateLinter {
  /** Sensitivity levels from least to most protected. */
  private static final List<String> SENSITIVITY = List.of("public", "internal", "personal", "sensitive");
  private final JsonObject template;
  private final CatalogueIndex index;
  private final List<Diagnostic> found = new ArrayList<>();

  private TemplateLinter(JsonObject template, CatalogueIndex index) {
    this.template = template;
    this.index = index;
  }

  public static List<Diagnostic> lint(JsonObject template, CatalogueIndex index) {
    TemplateLinter linter = new TemplateLinter(template, index);
    switch (template.getString("kind")) {
      case "element" -> linter.elementSet();
      case "matter" -> linter.matter();
      case "binding" -> linter.binding();
      case "package" -> linter.pack();
      default -> { }
    }
    return List.copyOf(linter.found);
  }

  private void report(String pointer, String message) {
    found.add(new Diagnostic(pointer, message));
  }

  // --- element sets -------------------------------------------------------------------------

  private void elementSet() {
    TemplateRef self = CatalogueIndex.refOf(template);
    Set<String> ids = new HashSet<>();
    JsonArray elements = template.getJsonArray("elements");
    for (int i = 0; i < elements.size(); i++) {
      JsonObject element = elements.getJsonObject(i);
      String at = "/elements/" + i;
      String id = element.getString("id");
      if (!ids.add(id)) {
        report(at + "/id", "数据元编号“" + id + "”在本模板中重复");
      }
      index.element(id).filter(d -> !d.definedBy().equals(self)).ifPresent(d ->
          report(at + "/id", "数据元“" + id + "”已由 " + d.definedBy() + " 定义，不能重复定义"));
      valueShape(at, element.getString("type"), element.getString("format"), element.getJsonObject("constraints"));
    }
    Set<String> licences = new HashSet<>();
    JsonArray licenceTypes = template.getJsonArray("licenceTypes", new JsonArray());
    for (int i = 0; i < licenceTypes.size(); i++) {
      String id = licenceTypes.getJsonObject(i).getString("id");
      String at = "/licenceTypes/" + i + "/id";
      if (!licences.add(id)) {
        report(at, "电子证照类型“" + id + "”在本模板中重复");
      }
      index.licenceType(id).filter(d -> !d.definedBy().equals(self)).ifPresent(d ->
          report(at, "电子证照类型“" + id + "”已由 " + d.definedBy() + " 定义"));
    }
  }

  /** Type, format and constraints that fit together. */
  private void valueShape(String at, String type, String format, JsonObject constraints) {
    if (format != null && type != null && !type.equals("string")) {
      report(at + "/format", "只有字符串类型（string）可以指定格式，当前类型为 " + type);
    }
    JsonObject c = constraints == null ? new JsonObject() : constraints;
    String cAt = at + "/constraints";
    if ("enum".equals(type) && !c.containsKey("options")) {
      report(cAt, "枚举类型（enum）必须在 constraints.options 中列出可选值");
    }
    if (c.containsKey("options") && type != null && !type.equals("enum")) {
      report(cAt + "/options", "只有枚举类型（enum）可以列出可选值，当前类型为 " + type);
    }
    if (c.containsKey("options")) {
      Set<Object> values = new HashSet<>();
      JsonArray options = c.getJsonArray("options");
      for (int i = 0; i < options.size(); i++) {
        if (!values.add(options.getJsonObject(i).getValue("value"))) {
          report(cAt + "/options/" + i + "/value", "可选值“" + options.getJsonObject(i).getValue("value") + "”重复");
        }
      }
    }
    boolean textual = type == null || type.equals("string");
    boolean numeric = type != null && (type.equals("integer") || type.equals("number"));
    for (String key : List.of("minLength", "maxLength", "pattern")) {
      if (c.containsKey(key) && !textual) {
        report(cAt + "/" + key, key + " 只适用于字符串类型，当前类型为 " + type);
      }
    }
    for (String key : List.of("minimum", "maximum")) {
      if (c.containsKey(key) && !numeric && type != null) {
        report(cAt + "/" + key, key + " 只适用于数值类型，当前类型为 " + type);
      }
    }
    if (c.containsKey("minLength") && c.containsKey("maxLength") && c.getInteger("minLength") > c.getInteger("maxLength")) {
      report(cAt + "/minLength", "最小长度 " + c.getInteger("minLength") + " 大于最大长度 " + c.getInteger("maxLength"));
    }
    if (c.containsKey("minimum") && c.containsKey("maximum") && c.getDouble("minimum") > c.getDouble("maximum")) {
      report(cAt + "/minimum", "最小值 " + c.getNumber("minimum") + " 大于最大值 " + c.getNumber("maximum"));
    }
    if (c.getValue("pattern") instanceof String pattern) {
      cn.onething.forms.RegexSafety.problem(pattern).ifPresent(problem -> report(cAt + "/pattern", problem));
    }
  }

  // --- matters ------------------------------------------------------------------------------

  private void matter() {
    Map<String, JsonObject> fields = fields();
    Set<String> materials = materials();
    Map<String, JsonObject> bindingUses = bindingUses(fields.keySet());
    Map<String, JsonObject> steps = steps(bindingUses);
    rules(fields.keySet(), steps.keySet());
  }

  private Map<String, JsonObject> fields() {
    Map<String, JsonObject> fields = new LinkedHashMap<>();
    Map<String, String> facts = new HashMap<>();
    Set<String> sectionIds = new HashSet<>();
    JsonArray sections = template.getJsonObject("form").getJsonArray("sections");
    for (int s = 0; s < sections.size(); s++) {
      JsonObject section = sections.getJsonObject(s);
      if (!sectionIds.add(section.getString("id"))) {
        report("/form/sections/" + s + "/id", "分组编号“" + section.getString("id") + "”重复");
      }
      JsonArray list = section.getJsonArray("fields");
      for (int f = 0; f < list.size(); f++) {
        JsonObject field = list.getJsonObject(f);
        String at = "/form/sections/" + s + "/fields/" + f;
        String id = field.getString("id");
        if (fields.putIfAbsent(id, field) != null) {
          report(at + "/id", "字段编号“" + id + "”重复：同一事项内字段编号必须唯一");
        }
        String elementId = field.getString("element");
        if (elementId == null) {
          valueShape(at, field.getString("type"), field.getString("format"), field.getJsonObject("constraints"));
          continue;
        }
        Optional<CatalogueIndex.Definition> element = index.element(elementId);
        if (element.isEmpty()) {
          report(at + "/element", "数据元“" + elementId + "”不存在：请使用目录中已发布的数据元，或改为本地字段（type + label）");
          continue;
        }
        String fact = field.getString("role", "applicant") + ":" + elementId;
        String earlier = facts.putIfAbsent(fact, id);
        if (earlier != null) {
          report(at + "/element", "字段“" + id + "”与“" + earlier + "”是同一事实（" + fact
              + "）：同一角色的同一数据元只能询问一次，请为其中一个指定不同的 role");
        }
        tightensOnly(at, element.get().json(), field.getJsonObject("constraints"));
        String declared = field.getString("sensitivity");
        String base = element.get().json().getString("sensitivity");
        if (declared != null && SENSITIVITY.indexOf(declared) < SENSITIVITY.indexOf(base)) {
          report(at + "/sensitivity", "敏感级别只能提高：数据元“" + elementId + "”为 " + base + "，字段不能降为 " + declared);
        }
      }
    }
    return fields;
  }

  /** A field may narrow its element's constraints, never widen them. */
  private void tightensOnly(String at, JsonObject element, JsonObject local) {
    if (local == null) {
      return;
    }
    JsonObject base = element.getJsonObject("constraints", new JsonObject());
    String type = element.getString("type");
    valueShape(at, type, element.getString("format"), base.copy().mergeIn(local));
    String cAt = at + "/constraints";
    if (base.containsKey("maxLength") && local.containsKey("maxLength") && local.getInteger("maxLength") > base.getInteger("maxLength")) {
      report(cAt + "/maxLength", "最大长度只能收紧：数据元规定最多 " + base.getInteger("maxLength") + " 个字符");
    }
    if (base.containsKey("minLength") && local.containsKey("minLength") && local.getInteger("minLength") < base.getInteger("minLength")) {
      report(cAt + "/minLength", "最小长度只能收紧：数据元规定至少 " + base.getInteger("minLength") + " 个字符");
    }
    if (base.containsKey("maximum") && local.containsKey("maximum") && local.getDouble("maximum") > base.getDouble("maximum")) {
      report(cAt + "/maximum", "最大值只能收紧：数据元规定不超过 " + base.getNumber("maximum"));
    }
    if (base.containsKey("minimum") && local.containsKey("minimum") && local.getDouble("minimum") < base.getDouble("minimum")) {
      report(cAt + "/minimum", "最小值只能收紧：数据元规定不低于 " + base.getNumber("minimum"));
    }
    if (base.containsKey("options") && local.containsKey("options")) {
      Set<Object> allowed = new HashSet<>();
      base.getJsonArray("options").forEach(o -> allowed.add(((JsonObject) o).getValue("value")));
      JsonArray options = local.getJsonArray("options");
      for (int i = 0; i < options.size(); i++) {
        Object value = options.getJsonObject(i).getValue("value");
        if (!allowed.contains(value)) {
          report(cAt + "/options/" + i + "/value", "可选值“" + value + "”不在数据元的可选值之中：只能删减，不能新增");
        }
      }
    }
  }

  private Set<String> materials() {
    Set<String> ids = new HashSet<>();
    JsonArray materials = template.getJsonArray("materials", new JsonArray());
    for (int i = 0; i < materials.size(); i++) {
      JsonObject material = materials.getJsonObject(i);
      String at = "/materials/" + i;
      if (!ids.add(material.getString("id"))) {
        report(at + "/id", "材料编号“" + material.getString("id") + "”重复");
      }
      String licence = material.getString("eLicence");
      if (licence != null && index.licenceType(licence).isEmpty()) {
        report(at + "/eLicence", "电子证照类型“" + licence + "”不存在");
      }
    }
    return ids;
  }

  private Map<String, JsonObject> bindingUses(Set<String> fieldIds) {
    Map<String, JsonObject> uses = new LinkedHashMap<>();
    JsonArray list = template.getJsonArray("bindings", new JsonArray());
    for (int i = 0; i < list.size(); i++) {
      JsonObject use = list.getJsonObject(i);
      String at = "/bindings/" + i;
      if (uses.putIfAbsent(use.getString("id"), use) != null) {
        report(at + "/id", "接口绑定编号“" + use.getString("id") + "”重复");
      }
      TemplateRef ref = TemplateRef.parse(use.getString("binding"));
      Optional<JsonObject> binding = index.resolve(ref, use.getString("version"));
      if (binding.isEmpty() || !"binding".equals(binding.get().getString("kind"))) {
        report(at + "/binding", index.exists(ref)
            ? "接口绑定模板 " + ref + " 没有满足版本范围 " + use.getString("version") + " 的已发布版本"
            : "接口绑定模板 " + ref + " 不存在");
        continue;
      }
      JsonObject bound = binding.get();
      if (!bound.getJsonArray("purposes").contains(use.getString("purpose"))) {
        report(at + "/purpose", ref + " 不支持用途“" + use.getString("purpose") + "”，只支持 " + bound.getJsonArray("purposes").encode());
      }
      Set<String> inputs = parameterNames(bound.getJsonArray("inputs"));
      Set<String> outputs = parameterNames(bound.getJsonArray("outputs"));
      mapping(at + "/inputs", use.getJsonObject("inputs"), inputs, fieldIds, ref, "输入");
      mapping(at + "/outputs", use.getJsonObject("outputs"), outputs, fieldIds, ref, "输出");
      JsonObject constants = use.getJsonObject("constants", new JsonObject());
      for (String name : constants.fieldNames()) {
        if (!inputs.contains(name)) {
          report(at + "/constants/" + name, ref + " 没有名为“" + name + "”的输入参数");
        }
      }
      JsonObject mapped = use.getJsonObject("inputs", new JsonObject());
      for (Object p : bound.getJsonArray("inputs")) {
        JsonObject parameter = (JsonObject) p;
        String name = parameter.getString("name");
        if (parameter.getBoolean("required", false) && !mapped.containsKey(name) && !constants.containsKey(name)) {
          report(at + "/inputs", ref + " 的必填输入参数“" + name + "”没有对应的字段或常量");
        }
      }
    }
    return uses;
  }

  private void mapping(String at, JsonObject map, Set<String> names, Set<String> fieldIds, TemplateRef ref, String what) {
    if (map == null) {
      return;
    }
    for (String name : map.fieldNames()) {
      if (!names.contains(name)) {
        report(at + "/" + name, ref + " 没有名为“" + name + "”的" + what + "参数，可用：" + String.join("、", names));
      }
      String fieldId = map.getString(name);
      if (!fieldIds.contains(fieldId)) {
        report(at + "/" + name, what + "参数“" + name + "”对应的字段“" + fieldId + "”在本事项的表单中不存在");
      }
    }
  }

  private static Set<String> parameterNames(JsonArray parameters) {
    Set<String> names = new LinkedHashSet<>();
    parameters.forEach(p -> names.add(((JsonObject) p).getString("name")));
    return names;
  }

  private Map<String, JsonObject> steps(Map<String, JsonObject> bindingUses) {
    Map<String, JsonObject> steps = new LinkedHashMap<>();
    Map<String, Integer> position = new HashMap<>();
    JsonArray list = template.getJsonArray("steps");
    for (int i = 0; i < list.size(); i++) {
      JsonObject step = list.getJsonObject(i);
      if (steps.putIfAbsent(step.getString("id"), step) != null) {
        report("/steps/" + i + "/id", "环节编号“" + step.getString("id") + "”重复");
      } else {
        position.put(step.getString("id"), i);
      }
    }
    Map<String, List<String>> edges = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      JsonObject step = list.getJsonObject(i);
      String at = "/steps/" + i;
      String binding = step.getString("binding");
      if (binding != null && !bindingUses.containsKey(binding)) {
        report(at + "/binding", "环节引用的接口绑定“" + binding + "”不在本事项的 bindings 中");
      } else if (binding != null && "verify".equals(step.getString("type"))
          && !"verify".equals(bindingUses.get(binding).getString("purpose"))) {
        report(at + "/binding", "自动核验环节应调用用途为 verify 的接口绑定，而“" + binding + "”的用途是 "
            + bindingUses.get(binding).getString("purpose"));
      }
      if ("verify".equals(step.getString("type")) && binding == null) {
        report(at + "/binding", "自动核验环节（verify）必须指定所调用的接口绑定（binding）");
      }
      List<String> next = edges.computeIfAbsent(step.getString("id"), k -> new ArrayList<>());
      JsonArray outcomes = step.getJsonArray("outcomes");
      Set<String> outcomeIds = new HashSet<>();
      for (int o = 0; o < outcomes.size(); o++) {
        JsonObject outcome = outcomes.getJsonObject(o);
        if (!outcomeIds.add(outcome.getString("id"))) {
          report(at + "/outcomes/" + o + "/id", "结果编号“" + outcome.getString("id") + "”重复");
        }
        JsonArray targets = outcome.getJsonArray("next", new JsonArray());
        if (targets.isEmpty() && outcome.getString("result") == null) {
          report(at + "/outcomes/" + o, "结果“" + outcome.getString("id") + "”既没有下一环节（next），也没有写明事项结果（result: approved 或 rejected）");
        }
        for (int n = 0; n < targets.size(); n++) {
          String target = targets.getString(n);
          if (!steps.containsKey(target)) {
            report(at + "/outcomes/" + o + "/next/" + n, "下一环节“" + target + "”不存在");
          } else {
            next.add(target);
          }
        }
      }
    }
    cycles(edges, position);
    unreachable(edges, position, list);
    longestPath(steps, edges);
    return steps;
  }

  private void cycles(Map<String, List<String>> edges, Map<String, Integer> position) {
    List<String> cycle = Cycles.find(edges);
    if (cycle != null) {
      report("/steps/" + position.get(cycle.get(0)), "环节之间形成了循环：" + String.join(" → ", cycle));
    }
  }

  private void unreachable(Map<String, List<String>> edges, Map<String, Integer> position, JsonArray list) {
    if (list.isEmpty()) {
      return;
    }
    String entry = list.getJsonObject(0).getString("id");
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(entry));
    while (!todo.isEmpty()) {
      String node = todo.pop();
      if (seen.add(node)) {
        todo.addAll(edges.getOrDefault(node, List.of()));
      }
    }
    for (String id : edges.keySet()) {
      if (!seen.contains(id)) {
        report("/steps/" + position.get(id), "环节“" + id + "”无法从第一个环节“" + entry + "”到达：请在某个环节结果的 next 中指向它，或删除它");
      }
    }
  }

  /** The promised time limit must cover the slowest path through the steps. */
  private void longestPath(Map<String, JsonObject> steps, Map<String, List<String>> edges) {
    if (found.stream().anyMatch(d -> d.message().contains("循环")) || steps.isEmpty()) {
      return;
    }
    Map<String, Integer> memo = new HashMap<>();
    String entry = steps.keySet().iterator().next();
    int days = slowest(entry, steps, edges, memo);
    int promised = template.getJsonObject("guide").getInteger("timeLimitDays");
    if (days > promised) {
      report("/guide/timeLimitDays", "各环节时限在最长路径上合计 " + days + " 个工作日，超过了承诺时限 " + promised + " 个工作日");
    }
  }

  private static int slowest(String id, Map<String, JsonObject> steps, Map<String, List<String>> edges, Map<String, Integer> memo) {
    Integer known = memo.get(id);
    if (known != null) {
      return known;
    }
    int tail = 0;
    for (String next : edges.getOrDefault(id, List.of())) {
      tail = Math.max(tail, slowest(next, steps, edges, memo));
    }
    int total = steps.get(id).getInteger("timeLimitDays") + tail;
    memo.put(id, total);
    return total;
  }

  private void rules(Set<String> fieldIds, Set<String> stepIds) {
    Set<String> ids = new HashSet<>();
    JsonArray rules = template.getJsonArray("rules", new JsonArray());
    RuleChecker.Scope scope = new RuleChecker.Scope(fieldIds);
    for (int i = 0; i < rules.size(); i++) {
      JsonObject rule = rules.getJsonObject(i);
      String at = "/rules/" + i;
      if (!ids.add(rule.getString("id"))) {
        report(at + "/id", "规则编号“" + rule.getString("id") + "”重复");
      }
      for (RuleChecker.Finding finding : RuleChecker.check(rule.getString("expression"), scope)) {
        report(at + "/expression", finding.message());
      }
      String kind = rule.getString("kind");
      String target = rule.getString("target");
      switch (kind) {
        case "visible", "required", "valid" -> {
          if (target == null) {
            report(at + "/target", kind + " 规则必须指定目标字段（target）");
          } else if (!fieldIds.contains(target)) {
            report(at + "/target", "规则的目标字段“" + target + "”不存在");
          }
        }
        case "route" -> {
          if (target == null) {
            report(at + "/target", "route 规则必须指定目标环节（target）");
          } else if (!stepIds.contains(target)) {
            report(at + "/target", "规则的目标环节“" + target + "”不存在");
          }
        }
        default -> {
          if (target != null) {
            report(at + "/target", "eligible 规则针对整个事项，不能指定 target");
          }
        }
      }
      if ((kind.equals("valid") || kind.equals("eligible")) && rule.getString("message") == null) {
        report(at + "/message", kind + " 规则必须写明不满足时给申请人的提示（message）");
      }
    }
  }

  // --- bindings -----------------------------------------------------------------------------

  private void binding() {
    parameters("/inputs", template.getJsonArray("inputs"), template.getJsonObject("request"), "请求");
    parameters("/outputs", template.getJsonArray("outputs"), template.getJsonObject("response"), "响应");
    JsonArray licences = template.getJsonArray("licenceTypes", new JsonArray());
    for (int i = 0; i < licences.size(); i++) {
      if (index.licenceType(licences.getString(i)).isEmpty()) {
        report("/licenceTypes/" + i, "电子证照类型“" + licences.getString(i) + "”不存在");
      }
    }
    for (String part : List.of("request", "response")) {
      // The limits first: compiling an unbounded schema can fetch, overflow the stack or run for minutes.
      List<cn.onething.forms.SchemaLimits.Problem> limits = cn.onething.forms.SchemaLimits.check(template.getJsonObject(part));
      limits.forEach(p -> report("/" + part + p.pointer(), p.message()));
      if (!limits.isEmpty()) {
        continue;
      }
      try {
        cn.onething.forms.JsonSchemas.registry().getSchema(
            new tools.jackson.databind.ObjectMapper().readTree(template.getJsonObject(part).encode()));
      } catch (RuntimeException | StackOverflowError e) {
        report("/" + part, (part.equals("request") ? "请求" : "响应") + "的 JSON Schema 无效：" + e.getMessage());
      }
    }
  }

  private void parameters(String at, JsonArray parameters, JsonObject schema, String where) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < parameters.size(); i++) {
      JsonObject parameter = parameters.getJsonObject(i);
      String pAt = at + "/" + i;
      if (!names.add(parameter.getString("name"))) {
        report(pAt + "/name", "参数名“" + parameter.getString("name") + "”重复");
      }
      String element = parameter.getString("element");
      if (element != null && index.element(element).isEmpty()) {
        report(pAt + "/element", "数据元“" + element + "”不存在");
      }
      if (!pointsIntoSchema(schema, parameter.getString("pointer"))) {
        report(pAt + "/pointer", "指针 " + parameter.getString("pointer") + " 在" + where + "的 JSON Schema 中找不到对应的属性");
      }
    }
  }

  /** Whether each segment of the pointer names a property declared by the schema. */
  static boolean pointsIntoSchema(JsonObject schema, String pointer) {
    JsonObject node = schema;
    for (String raw : pointer.substring(1).split("/")) {
      String segment = raw.replace("~1", "/").replace("~0", "~");
      if (node == null) {
        return false;
      }
      if ("array".equals(node.getString("type")) && segment.matches("[0-9]+|-")) {
        node = node.getJsonObject("items");
        continue;
      }
      JsonObject properties = node.getJsonObject("properties");
      node = properties == null ? null : properties.getJsonObject(segment);
    }
    return node != null;
  }

  // --- packages -----------------------------------------------------------------------------

  private void pack() {
    Set<String> members = new LinkedHashSet<>();
    JsonArray list = template.getJsonArray("members");
    for (int i = 0; i < list.size(); i++) {
      JsonObject member = list.getJsonObject(i);
      String at = "/members/" + i;
      String matter = member.getString("matter");
      if (!members.add(matter)) {
        report(at + "/matter", "成员事项 " + matter + " 重复");
      }
      TemplateRef ref = TemplateRef.parse(matter);
      Optional<JsonObject> resolved = index.resolve(ref, member.getString("version"));
      if (resolved.isEmpty()) {
        report(at + "/matter", index.exists(ref)
            ? "事项模板 " + ref + " 没有满足版本范围 " + member.getString("version") + " 的已发布版本"
            : "事项模板 " + ref + " 不存在");
      } else if (!"matter".equals(resolved.get().getString("kind"))) {
        report(at + "/matter", ref + " 不是事项模板（而是 " + resolved.get().getString("kind") + "）");
      }
    }
    JsonArray ordering = template.getJsonArray("ordering", new JsonArray());
    Map<String, List<String>> edges = new LinkedHashMap<>();
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < ordering.size(); i++) {
      JsonObject order = ordering.getJsonObject(i);
      String at = "/ordering/" + i;
      for (String side : List.of("before", "after")) {
        if (!members.contains(order.getString(side))) {
          report(at + "/" + side, order.getString(side) + " 不是本事项包的成员");
        }
      }
      if (order.getString("before").equals(order.getString("after"))) {
        report(at, "一个事项不能排在自己之前");
        continue;
      }
      edges.computeIfAbsent(order.getString("before"), k -> new ArrayList<>()).add(order.getString("after"));
      position.putIfAbsent(order.getString("before"), i);
    }
    List<String> cycle = Cycles.find(edges);
    if (cycle != null) {
      report("/ordering/" + position.get(cycle.get(0)), "办理顺序形成了循环：" + String.join(" → ", cycle));
    }
  }
}
