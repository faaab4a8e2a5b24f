package cn.onething.compose;

import cn.onething.catalogue.CanonicalJson;
import cn.onething.catalogue.CatalogueIndex;
import cn.onething.catalogue.Diagnostic;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * 编译 — {@code compile(service definition, resolved templates) → release | diagnostics}: one
 * form (JSON Schema 2020-12, layout, provenance), one set of materials, one parallel process,
 * the members' rules moved onto the merged form, the responsibility map, the figures a province
 * reports and the 流程再造 suggestions. Pure and deterministic: the same definition gives a
 * byte-identical release and hash, whatever the order of its members.
 */
public final class ReleaseCompiler {
  /** A release, or why there is none. */
  public record Compilation(JsonObject release, List<Diagnostic> diagnostics) {
    public boolean ok() {
      return diagnostics.isEmpty();
    }
  }

  /** The overrides that change the form, in the order the province applies them. */
  static final List<String> FIELD_OPS = List.of("addField", "relabel", "help", "require", "tighten", "hide");

  private ReleaseCompiler() {}

  public static Compilation compile(ServiceDefinition service, CatalogueIndex index) {
    List<Diagnostic> diagnostics = new ArrayList<>();
    List<Member> members = new ArrayList<>(service.members());
    members.sort(Comparator.comparing(Member::ref));
    List<JsonObject> ordering = new ArrayList<>(service.ordering());
    ordering.addAll(dataDependencies(members, ordering));
    ordering.sort(Comparator.comparing((JsonObject o) -> o.getString("before")).thenComparing(o -> o.getString("after")));

    List<JsonObject> fieldOverrides = new ArrayList<>();
    List<ProcessPlanner.IndexedOverride> addedSteps = new ArrayList<>();
    List<ProcessPlanner.IndexedOverride> addedRules = new ArrayList<>();
    for (int i = 0; i < service.overrides().size(); i++) {
      JsonObject o = service.overrides().get(i);
      String op = o.getString("op", "");
      if (op.equals("addStep")) {
        addedSteps.add(new ProcessPlanner.IndexedOverride(o, "/overrides/" + i));
      } else if (op.equals("addRule")) {
        addedRules.add(new ProcessPlanner.IndexedOverride(o, "/overrides/" + i));
      } else if (op.equals("useCommitment")) {
        if (members.stream().noneMatch(m -> m.ref().equals(o.getString("matter")))) {
          diagnostics.add(new Diagnostic("/overrides/" + i + "/matter", "“" + o.getString("matter") + "”不是本服务的成员事项"));
        }
      } else if (FIELD_OPS.contains(op)) {
        fieldOverrides.add(o.copy().put("$index", i));
      } else {
        diagnostics.add(new Diagnostic("/overrides/" + i + "/op", "不支持的覆盖类型“" + op + "”，可用："
            + String.join("、", FIELD_OPS) + "、addStep、addRule、useCommitment"));
      }
    }
    FormMerger.Result form = new FormMerger(index, diagnostics).merge(members, fieldOverrides);
    JsonArray bindingPlan = BindingPlanner.plan(members, form, service.endpoints(), index, diagnostics);
    Set<String> licences = new java.util.TreeSet<>(service.licencesAvailable());
    licences.addAll(BindingPlanner.lookupLicences(bindingPlan, index));
    MaterialMerger.Result materials = MaterialMerger.merge(members, licences);
    ProcessPlanner.Result process = ProcessPlanner.plan(members, ordering, service.sharedAcceptance(), addedSteps,
        diagnostics);
    JsonArray rules = RulePlanner.plan(members, form, addedRules, diagnostics);
    // 告知承诺: the matters the province takes up on commitment (and whose template allows it).
    java.util.Set<String> commitment = new java.util.HashSet<>();
    service.overrides().stream().filter(o -> "useCommitment".equals(o.getString("op"))).forEach(o -> commitment.add(o.getString("matter")));
    for (Object b : process.process().getJsonArray("branches", new JsonArray())) {
      JsonObject branch = (JsonObject) b;
      members.stream().filter(m -> m.ref().equals(branch.getString("matter"))).findFirst().ifPresent(m -> {
        boolean allowed = m.template().getJsonObject("guide").getJsonObject("options", new JsonObject()).getBoolean("commitment", false);
        branch.put("commitment", allowed && commitment.contains(m.ref()));
      });
    }

    int visits = 0;
    int visitSum = 0;
    for (Member m : members) {
      int v = m.template().getJsonObject("guide").getInteger("offlineVisits", 0);
      visits = Math.max(visits, v);
      visitSum += v;
    }
    JsonObject figures = new JsonObject()
        .put("fields", new JsonObject().put("asked", form.fieldsAsked()).put("memberSum", form.memberFieldSum()))
        .put("materials", new JsonObject().put("asked", materials.asked()).put("memberSum", materials.memberSum())
            .put("waived", materials.materials().stream().filter(m -> ((JsonObject) m).getBoolean("waived")).count()))
        .put("steps", new JsonObject().put("service", process.serviceSteps()).put("memberSum", process.memberStepSum()))
        .put("offlineVisits", new JsonObject().put("service", visits).put("memberSum", visitSum))
        .put("workingDays", new JsonObject().put("promised", process.criticalDays()).put("memberSum", process.memberDaysSum()));

    JsonArray memberList = new JsonArray();
    members.forEach(m -> memberList.add(new JsonObject().put("template", m.ref()).put("version", m.version())));
    JsonObject release = new JsonObject()
        .put("region", service.region())
        .put("title", service.title())
        .put("members", memberList)
        .put("schema", form.schema())
        .put("layout", form.layout())
        .put("provenance", form.provenance())
        .put("rules", rules)
        .put("bindings", bindingPlan)
        .put("materials", materials.materials())
        .put("process", process.process())
        .put("responsibilities", responsibilities(members, process.process(), form, materials.materials()))
        .put("figures", figures)
        .put("suggestions", Suggestions.of(members, ordering, materials.materials(), service.overrides(), form, index))
        .put("overrides", new JsonArray(new ArrayList<>(service.overrides())));
    release.put("contentHash", CanonicalJson.hash(release));
    return new Compilation(diagnostics.isEmpty() ? release : null, List.copyOf(diagnostics));
  }

  /**
   * 数据依赖 — a matter that needs a licence another member issues must wait for it, whether or
   * not the package said so.
   */
  private static List<JsonObject> dataDependencies(List<Member> members, List<JsonObject> ordering) {
    List<JsonObject> added = new ArrayList<>();
    for (Member before : members) {
      Set<String> issued = Suggestions.issuedLicences(before.template());
      if (issued.isEmpty()) {
        continue;
      }
      for (Member after : members) {
        if (after == before) {
          continue;
        }
        Set<String> needed = Suggestions.neededLicences(after.template());
        needed.retainAll(issued);
        boolean declared = ordering.stream().anyMatch(o -> before.ref().equals(o.getString("before"))
            && after.ref().equals(o.getString("after")));
        if (!needed.isEmpty() && !declared) {
          added.add(new JsonObject().put("before", before.ref()).put("after", after.ref())
              .put("reason", "数据依赖：需要 " + before.ref() + " 签发的 " + String.join("、", needed)));
        }
      }
    }
    return added;
  }

  /** 责任分工 — per department: its steps with their limits, and the fields and materials its matters need. */
  private static JsonObject responsibilities(List<Member> members, JsonObject process, FormMerger.Result form,
      JsonArray materials) {
    Map<String, JsonObject> byDepartment = new LinkedHashMap<>();
    for (Object b : process.getJsonArray("branches")) {
      JsonObject branch = (JsonObject) b;
      for (Object s : branch.getJsonArray("steps")) {
        JsonObject step = (JsonObject) s;
        department(byDepartment, step.getString("department")).getJsonArray("steps").add(new JsonObject()
            .put("matter", branch.getString("matter")).put("step", step.getString("id")).put("name", step.getString("name"))
            .put("timeLimitDays", step.getInteger("timeLimitDays")));
      }
    }
    for (Member member : members) {
      Set<String> departments = new LinkedHashSet<>();
      member.template().getJsonArray("steps").forEach(s -> departments.add(((JsonObject) s).getString("department")));
      for (String d : departments) {
        JsonObject entry = department(byDepartment, d);
        form.keyOfMemberField().forEach((source, key) -> {
          if (source.startsWith(member.ref() + "#") && !entry.getJsonArray("fields").contains(key)) {
            entry.getJsonArray("fields").add(key);
          }
        });
        for (Object m : materials) {
          JsonObject material = (JsonObject) m;
          boolean needed = material.getJsonArray("sources").stream()
              .anyMatch(src -> ((JsonObject) src).getString("template").equals(member.ref()));
          if (needed && !entry.getJsonArray("materials").contains(material.getString("key"))) {
            entry.getJsonArray("materials").add(material.getString("key"));
          }
        }
      }
    }
    JsonObject out = new JsonObject();
    byDepartment.keySet().stream().sorted().forEach(d -> out.put(d, byDepartment.get(d)));
    return out;
  }

  private static JsonObject department(Map<String, JsonObject> byDepartment, String code) {
    return byDepartment.computeIfAbsent(code, k -> new JsonObject()
        .put("steps", new JsonArray()).put("fields", new JsonArray()).put("materials", new JsonArray()));
  }
}
