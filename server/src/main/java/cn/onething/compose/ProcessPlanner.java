package cn.onething.compose;

import cn.onething.catalogue.Diagnostic;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * 并联审批 — one shared acceptance, then each matter's own steps (its acceptance replaced by the
 * shared one) as a branch; branches run in parallel unless an ordering constraint puts one after
 * another. The promised time limit is the critical path in working days. Pure.
 */
final class ProcessPlanner {
  /** An override with the pointer its diagnostics use. */
  record IndexedOverride(JsonObject override, String pointer) {}

  record Result(JsonObject process, int criticalDays, int memberDaysSum, int serviceSteps, int memberStepSum) {}

  private ProcessPlanner() {}

  static Result plan(List<Member> members, List<JsonObject> ordering, JsonObject sharedAcceptance, List<Diagnostic> diagnostics) {
    return plan(members, ordering, sharedAcceptance, List.of(), diagnostics);
  }

  /** {@code addedSteps}: the province's own steps ({@code addStep} overrides), each a branch of its own. */
  static Result plan(List<Member> members, List<JsonObject> ordering, JsonObject sharedAcceptance,
      List<IndexedOverride> addedSteps, List<Diagnostic> diagnostics) {
    Map<String, JsonObject> branches = new LinkedHashMap<>();
    Map<String, Integer> days = new LinkedHashMap<>();
    int memberDaysSum = 0;
    int memberStepSum = 0;
    int serviceSteps = 1;
    int memberAcceptanceDays = 0;
    for (Member member : members) {
      JsonObject t = member.template();
      memberDaysSum += t.getJsonObject("guide").getInteger("timeLimitDays");
      JsonArray steps = t.getJsonArray("steps");
      memberStepSum += steps.size();
      JsonArray kept = new JsonArray();
      Map<String, JsonObject> byId = new LinkedHashMap<>();
      Set<String> entries = new LinkedHashSet<>();
      for (Object o : steps) {
        JsonObject step = (JsonObject) o;
        if ("accept".equals(step.getString("type"))) {
          memberAcceptanceDays = Math.max(memberAcceptanceDays, step.getInteger("timeLimitDays"));
          for (Object out : step.getJsonArray("outcomes")) {
            ((JsonObject) out).getJsonArray("next", new JsonArray()).forEach(n -> entries.add((String) n));
          }
          continue;
        }
        byId.put(step.getString("id"), step);
      }
      if (entries.isEmpty() && !byId.isEmpty()) {
        entries.add(byId.keySet().iterator().next());
      }
      Map<String, List<String>> next = new LinkedHashMap<>();
      for (JsonObject step : byId.values()) {
        List<String> targets = new ArrayList<>();
        for (Object out : step.getJsonArray("outcomes")) {
          ((JsonObject) out).getJsonArray("next", new JsonArray()).forEach(n -> {
            if (byId.containsKey((String) n) && !targets.contains((String) n)) {
              targets.add((String) n);
            }
          });
        }
        next.put(step.getString("id"), targets);
        // The outcomes a clerk (or an automatic step) chooses from, with where each leads.
        JsonArray outcomes = new JsonArray();
        for (Object out : step.getJsonArray("outcomes")) {
          JsonObject outcome = (JsonObject) out;
          JsonArray to = new JsonArray();
          outcome.getJsonArray("next", new JsonArray()).forEach(n -> {
            if (byId.containsKey((String) n)) {
              to.add(n);
            }
          });
          outcomes.add(new JsonObject().put("id", outcome.getString("id")).put("label", outcome.getString("label"))
              .put("next", to).put("result", outcome.getString("result")));
        }
        JsonObject compiled = new JsonObject().put("id", step.getString("id")).put("name", step.getString("name"))
            .put("type", step.getString("type")).put("department", step.getString("department"))
            .put("timeLimitDays", step.getInteger("timeLimitDays")).put("next", new JsonArray(targets))
            .put("outcomes", outcomes);
        if (step.getString("binding") != null) {
          compiled.put("binding", step.getString("binding"));
        }
        kept.add(compiled);
      }
      serviceSteps += byId.size();
      Map<String, Integer> memo = new HashMap<>();
      int longest = 0;
      for (String entry : entries) {
        longest = Math.max(longest, slowest(entry, byId, next, memo));
      }
      days.put(member.ref(), longest);
      branches.put(member.ref(), new JsonObject().put("matter", member.ref()).put("version", member.version())
          .put("title", t.getString("title")).put("department", t.getString("department"))
          .put("entries", new JsonArray(new ArrayList<>(entries))).put("steps", kept).put("days", longest)
          .put("after", new JsonArray())
          .put("acceptWithGaps", t.getJsonObject("guide").getJsonObject("options", new JsonObject()).getBoolean("acceptWithGaps", false))
          .put("fee", t.getJsonObject("guide").getJsonObject("fee", new JsonObject()).getBoolean("charged", false)
              ? t.getJsonObject("guide").getJsonObject("fee").getValue("amount") : null));
    }

    List<JsonObject> allOrdering = new ArrayList<>(ordering);
    for (IndexedOverride added : addedSteps) {
      JsonObject step = added.override().getJsonObject("step");
      String ref = "local/" + step.getString("id");
      if (branches.containsKey(ref)) {
        diagnostics.add(new Diagnostic(added.pointer() + "/step/id", "本地环节“" + step.getString("id") + "”重复"));
        continue;
      }
      int limit = step.getInteger("timeLimitDays", 0);
      days.put(ref, limit);
      serviceSteps++;
      branches.put(ref, new JsonObject().put("matter", ref).put("version", null).put("title", step.getString("name"))
          .put("department", step.getString("department")).put("entries", new JsonArray().add(step.getString("id")))
          .put("steps", new JsonArray().add(new JsonObject().put("id", step.getString("id")).put("name", step.getString("name"))
              .put("type", step.getString("type", "review")).put("department", step.getString("department"))
              .put("timeLimitDays", limit).put("next", new JsonArray())))
          .put("days", limit).put("after", new JsonArray()).put("override", added.override().getString("id")));
      String afterMatter = added.override().getString("after");
      if (afterMatter != null) {
        if (!branches.containsKey(afterMatter)) {
          diagnostics.add(new Diagnostic(added.pointer() + "/after", "本地环节要排在“" + afterMatter + "”之后，但它不是本服务的成员"));
        } else {
          allOrdering.add(new JsonObject().put("before", afterMatter).put("after", ref).put("reason", "本地环节"));
        }
      }
    }
    Map<String, List<String>> after = new LinkedHashMap<>();
    for (int i = 0; i < allOrdering.size(); i++) {
      JsonObject order = allOrdering.get(i);
      String before = order.getString("before");
      String later = order.getString("after");
      if (!branches.containsKey(before) || !branches.containsKey(later)) {
        continue;  // an ordering between matters that are not both in this service has nothing to order
      }
      after.computeIfAbsent(later, k -> new ArrayList<>()).add(before);
      branches.get(later).getJsonArray("after").add(new JsonObject().put("matter", before).put("reason", order.getString("reason")));
    }
    List<String> cycle = cn.onething.catalogue.Cycles.find(after);
    if (cycle != null) {
      diagnostics.add(new Diagnostic("/ordering", "办理顺序形成了循环：" + String.join(" → ", cycle)));
    }

    // The shared acceptance replaces every member's own: it takes as long as the slowest of them.
    int acceptanceDays = sharedAcceptance.getInteger("timeLimitDays", memberAcceptanceDays);
    Map<String, Integer> finish = new HashMap<>();
    Map<String, String> via = new HashMap<>();
    String last = null;
    int critical = acceptanceDays;
    if (cycle == null) {
      for (String ref : branches.keySet()) {
        int done = finish(ref, after, days, finish, via, acceptanceDays);
        if (last == null || done > critical) {
          last = ref;
          critical = Math.max(critical, done);
        }
      }
    }
    JsonArray path = new JsonArray();
    for (String ref = last; ref != null; ref = via.get(ref)) {
      path.add(0, ref);
    }
    JsonArray start = new JsonArray();
    branches.forEach((ref, b) -> {
      if (b.getJsonArray("after").isEmpty()) {
        start.add(ref);
      }
    });
    JsonObject process = new JsonObject()
        .put("acceptance", new JsonObject().put("id", "shared-accept").put("name", "一窗受理")
            .put("department", sharedAcceptance.getString("department", "data")).put("timeLimitDays", acceptanceDays))
        .put("startInParallel", start)
        .put("branches", new JsonArray(new ArrayList<>(branches.values())))
        .put("criticalPath", new JsonObject().put("days", critical).put("matters", path));
    return new Result(process, critical, memberDaysSum, serviceSteps, memberStepSum);
  }

  private static int finish(String ref, Map<String, List<String>> after, Map<String, Integer> days,
      Map<String, Integer> finish, Map<String, String> via, int acceptanceDays) {
    Integer known = finish.get(ref);
    if (known != null) {
      return known;
    }
    int start = acceptanceDays;
    for (String before : after.getOrDefault(ref, List.of())) {
      int done = finish(before, after, days, finish, via, acceptanceDays);
      if (done > start) {
        start = done;
        via.put(ref, before);
      }
    }
    int done = start + days.getOrDefault(ref, 0);
    finish.put(ref, done);
    return done;
  }

  private static int slowest(String id, Map<String, JsonObject> steps, Map<String, List<String>> next, Map<String, Integer> memo) {
    Integer known = memo.get(id);
    if (known != null) {
      return known;
    }
    memo.put(id, 0);  // a cycle inside a published template cannot happen (lint), but never loop
    int tail = 0;
    for (String n : next.getOrDefault(id, List.of())) {
      tail = Math.max(tail, slowest(n, steps, next, memo));
    }
    int total = steps.get(id).getInteger("timeLimitDays") + tail;
    memo.put(id, total);
    return total;
  }
}
