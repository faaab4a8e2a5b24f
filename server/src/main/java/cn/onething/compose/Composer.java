package cn.onething.compose;

import cn.onething.catalogue.Catalogue;
import cn.onething.catalogue.Diagnostic;
import cn.onething.catalogue.SemVer;
import cn.onething.catalogue.TemplateStore;
import cn.onething.catalogue.TemplateStore.StoredVersion;
import cn.onething.http.Problems;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * 编排 — turns a package or chosen matters into a service definition at exact versions, and
 * compiles a stored definition against the catalogue (on a worker thread).
 */
public final class Composer {
  static final Pattern TEMPLATE = Pattern.compile("([a-z][a-z0-9-]{1,31}|[1-9][0-9]{5})/([a-z][a-z0-9]*(-[a-z0-9]+)*)");
  private final Catalogue catalogue;
  private final TemplateStore templates;
  private final WorkerExecutor compilers;

  public Composer(Vertx vertx, Catalogue catalogue) {
    this.catalogue = catalogue;
    this.templates = catalogue.store();
    this.compilers = vertx.createSharedWorkerExecutor("onething-compile", 2);
  }

  /** A package's members at the newest published version each range allows, with its ordering. */
  Future<JsonObject> fromPackage(String ref) {
    String[] p = ref.split("/");
    return current(p[0], p[1], null).compose(pack -> {
      if (!"package".equals(pack.content().getString("kind"))) {
        throw Problems.invalidInput("/package", ref + " 不是事项包。");
      }
      JsonArray members = new JsonArray();
      Future<Void> chain = Future.succeededFuture();
      for (Object m : pack.content().getJsonArray("members")) {
        JsonObject member = (JsonObject) m;
        String[] mp = member.getString("matter").split("/");
        chain = chain.compose(v -> current(mp[0], mp[1], member.getString("version")).map(found -> {
          members.add(new JsonObject().put("template", member.getString("matter")).put("version", found.version()));
          return null;
        }));
      }
      return chain.map(v -> new JsonObject().put("title", pack.content().getString("title")).put("members", members)
          .put("ordering", pack.content().getJsonArray("ordering", new JsonArray()))
          .put("sharedAcceptance", pack.content().getJsonObject("sharedAcceptance", new JsonObject()))
          .put("overrides", new JsonArray()).put("licences", new JsonArray()).put("endpoints", new JsonObject()));
    });
  }

  Future<JsonObject> fromMatters(JsonArray refs) {
    JsonArray members = new JsonArray();
    Future<Void> chain = Future.succeededFuture();
    for (Object r : refs) {
      String[] p = ((String) r).split("/");
      chain = chain.compose(v -> current(p[0], p[1], null).map(found -> {
        if (!"matter".equals(found.content().getString("kind"))) {
          throw Problems.invalidInput("/matters", r + " 不是事项模板。");
        }
        members.add(new JsonObject().put("template", r).put("version", found.version()));
        return null;
      }));
    }
    return chain.map(v -> new JsonObject().put("title", "自选事项组合").put("members", members).put("ordering", new JsonArray())
        .put("sharedAcceptance", new JsonObject()).put("overrides", new JsonArray()).put("licences", new JsonArray())
        .put("endpoints", new JsonObject()));
  }

  /** The newest published, non-deprecated version (within {@code range} if given). */
  Future<StoredVersion> current(String publisher, String slug, String range) {
    String ref = publisher + "/" + slug;
    return templates.versions(publisher, slug).compose(versions -> {
      Optional<StoredVersion> best = versions.stream().filter(v -> v.published() && !v.deprecated())
          .filter(v -> range == null || SemVer.parse(v.version()).satisfies(range))
          .max((a, b) -> SemVer.parse(a.version()).compareTo(SemVer.parse(b.version())));
      if (best.isEmpty()) {
        throw Problems.notFound("目录中没有可用的 " + ref + (range == null ? "" : "（" + range + "）") + "。");
      }
      return templates.find(publisher, slug, best.get().version()).map(Optional::orElseThrow);
    });
  }

  /** Resolves the members' exact versions from the catalogue and compiles on a worker thread. */
  Future<ReleaseCompiler.Compilation> compile(String region, JsonObject service) {
    JsonObject def = service.getJsonObject("definition");
    JsonArray memberRefs = def.getJsonArray("members", new JsonArray());
    List<Member> members = new ArrayList<>();
    List<Diagnostic> missing = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < memberRefs.size(); i++) {
      int at = i;
      Object entry = memberRefs.getValue(i);
      if (!(entry instanceof JsonObject member) || member.getString("template") == null
          || !TEMPLATE.matcher(member.getString("template")).matches() || !SemVer.isValid(member.getString("version"))) {
        missing.add(new Diagnostic("/members/" + i, "成员应写成 {\"template\": \"发布方/模板代码\", \"version\": \"1.0.0\"}"));
        continue;
      }
      String[] p = member.getString("template").split("/");
      chain = chain.compose(v -> templates.find(p[0], p[1], member.getString("version")).map(found -> {
        if (found.isEmpty() || !found.get().published() || !"matter".equals(found.get().content().getString("kind"))) {
          missing.add(new Diagnostic("/members/" + at, "目录中没有已发布的事项 " + member.getString("template") + "@"
              + member.getString("version")));
        } else {
          members.add(new Member(member.getString("template"), member.getString("version"), found.get().content(),
              "/members/" + at));
        }
        return null;
      }));
    }
    return chain.compose(v -> catalogue.index()).compose(index -> compilers.executeBlocking(() -> {
      if (!missing.isEmpty()) {
        return new ReleaseCompiler.Compilation(null, List.copyOf(missing));
      }
      Set<String> licences = new HashSet<>();
      def.getJsonArray("licences", new JsonArray()).forEach(l -> licences.add(String.valueOf(l)));
      List<JsonObject> ordering = objects(def.getJsonArray("ordering", new JsonArray()));
      List<JsonObject> overrides = objects(def.getJsonArray("overrides", new JsonArray()));
      return ReleaseCompiler.compile(new ServiceDefinition(region, service.getString("title"), members, ordering,
          def.getJsonObject("sharedAcceptance", new JsonObject()), licences, overrides,
          def.getJsonObject("endpoints", new JsonObject())), index);
    }, false));
  }

  private static List<JsonObject> objects(JsonArray array) {
    List<JsonObject> out = new ArrayList<>();
    array.forEach(o -> {
      if (o instanceof JsonObject object) {
        out.add(object);
      }
    });
    return out;
  }

}
