package cn.onething.catalogue;

import cn.onething.http.JsonBodies;
import cn.onething.http.Problem;
import cn.onething.http.Problem.FieldError;
import cn.onething.http.Problems;
import cn.onething.http.Responses;
import cn.onething.identity.Access;
import cn.onething.identity.Caller;
import cn.onething.identity.RegionCodes;
import cn.onething.identity.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * 模板目录 API — published versions are public, like the national service directory; drafts
 * are seen and changed only by their publisher. A central body publishes under its own code; a
 * province admin may publish to the shared catalogue under its own region code, never under a
 * central body's.
 */
public final class CatalogueRoutes {
  private static final Pattern PUBLISHER = Pattern.compile("[a-z][a-z0-9-]{1,31}|[1-9][0-9]{5}");
  private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  private static final Set<String> KINDS = Set.of("element", "matter", "binding", "package");
  static final int MAX_NOTE_LENGTH = 500;

  private final Catalogue catalogue;
  private final TemplateStore store;
  private final UsageSource usage;

  /** Who uses a template, from whoever keeps track of it (the marketplace). */
  public interface UsageSource {
    /** Provinces per version ({"1.0.0": 3}) and the publisher's display name. */
    Future<JsonObject> usageByVersion(String publisher, String slug);

    Future<java.util.Optional<String>> tenantName(String id);
  }

  public CatalogueRoutes(Catalogue catalogue, UsageSource usage) {
    this.catalogue = catalogue;
    this.store = catalogue.store();
    this.usage = usage;
  }

  public void mount(Router router) {
    String version = "/api/catalogue/templates/:publisher/:slug/versions/:version";
    router.get("/api/catalogue/templates").handler(this::list);
    router.post("/api/catalogue/validate").handler(this::validateBody);
    router.get("/api/catalogue/templates/:publisher/:slug").handler(this::template);
    router.get("/api/catalogue/templates/:publisher/:slug/diff").handler(this::diff);
    router.get(version).handler(this::getVersion);
    router.put(version).handler(this::putDraft);
    router.post(version + "/validate").handler(this::validateStored);
    router.post(version + "/publish").handler(this::publish);
    router.post(version + "/deprecate").handler(this::deprecate);
  }

  private void list(RoutingContext ctx) {
    String kind = ctx.request().getParam("kind");
    if (kind != null && !KINDS.contains(kind)) {
      throw Problems.invalidInput("kind", "kind 只能是 element、matter、binding 或 package。");
    }
    String publisher = ctx.request().getParam("publisher");
    if (publisher != null && !PUBLISHER.matcher(publisher).matches()) {
      throw Problems.invalidInput("publisher", "发布方应为部门代码（如 nhc）或行政区划代码（如 330000）。");
    }
    boolean deprecated = "true".equals(ctx.request().getParam("includeDeprecated"));
    store.current(deprecated, kind, publisher)
        .onSuccess(list -> Responses.ok(ctx, new JsonObject().put("templates", list)))
        .onFailure(ctx::fail);
  }

  private void template(RoutingContext ctx) {
    Id id = Id.of(ctx, false);
    boolean writer = mayWrite(Access.callerIfAny(ctx), id.publisher());
    store.kindOf(id.publisher(), id.slug()).compose(kind -> store.versions(id.publisher(), id.slug()).map(versions -> {
      JsonArray visible = new JsonArray();
      String current = null;
      for (TemplateStore.StoredVersion v : versions) {
        if (v.published() || writer) {
          visible.add(v.summary());
        }
        if (v.published() && !v.deprecated()) {
          current = v.version();
        }
      }
      if (kind.isEmpty() || visible.isEmpty()) {
        throw Problems.notFound("目录中没有模板 " + id.publisher() + "/" + id.slug());
      }
      return new JsonObject().put("publisher", id.publisher()).put("slug", id.slug()).put("kind", kind.get())
          .put("region", RegionCodes.isRegionCode(id.publisher()) ? id.publisher() : "national")
          .put("current", current).put("versions", visible);
    })).compose(json -> Future.all(usage.usageByVersion(id.publisher(), id.slug()), usage.tenantName(id.publisher()))
        .map(both -> {
          JsonObject byVersion = both.resultAt(0);
          java.util.Optional<String> name = both.resultAt(1);
          return json.put("publisherName", name.orElse(id.publisher()))
              .put("usage", byVersion);
        })).onSuccess(json -> Responses.ok(ctx, json)).onFailure(ctx::fail);
  }

  private void getVersion(RoutingContext ctx) {
    Id id = Id.of(ctx, true);
    boolean writer = mayWrite(Access.callerIfAny(ctx), id.publisher());
    store.find(id.publisher(), id.slug(), id.version()).onSuccess(found -> {
      if (found.isEmpty() || (!found.get().published() && !writer)) {
        ctx.fail(Problems.notFound("目录中没有 " + id));
        return;
      }
      Responses.ok(ctx, found.get().summary().put("content", found.get().content()));
    }).onFailure(ctx::fail);
  }

  private void putDraft(RoutingContext ctx) {
    Id id = Id.of(ctx, true);
    Caller caller = requireWriter(ctx, id.publisher());
    JsonObject body = JsonBodies.object(ctx);
    JsonObject template = identify(body, id);
    store.find(id.publisher(), id.slug(), id.version()).compose(existing -> {
      if (existing.isPresent() && existing.get().published()) {
        throw publishedIsImmutable(id);
      }
      return store.kindOf(id.publisher(), id.slug());
    }).compose(kind -> {
      if (kind.isPresent() && !kind.get().equals(template.getString("kind"))) {
        throw Problems.conflict(id.publisher() + "/" + id.slug() + " 是 " + kind.get() + " 类模板，新版本不能改为 "
            + template.getString("kind") + "。");
      }
      return store.saveDraft(template, caller.userId());
    }).compose(saved -> {
      if (saved.isEmpty()) {
        throw publishedIsImmutable(id);
      }
      boolean created = saved.get();
      return catalogue.validate(template).map(problems -> {
        Responses.json(ctx, created ? 201 : 200, verdict(problems).put("status", "draft")
            .put("publisher", id.publisher()).put("slug", id.slug()).put("version", id.version()));
        return (Void) null;
      });
    }).onFailure(ctx::fail);
  }

  private void validateBody(RoutingContext ctx) {
    Access.withRole(ctx, Role.PUBLISHER, Role.ADMIN);
    JsonObject body = JsonBodies.object(ctx);
    catalogue.validate(body).onSuccess(problems -> Responses.ok(ctx, verdict(problems))).onFailure(ctx::fail);
  }

  private void validateStored(RoutingContext ctx) {
    Id id = Id.of(ctx, true);
    boolean writer = mayWrite(Access.callerIfAny(ctx), id.publisher());
    store.find(id.publisher(), id.slug(), id.version()).compose(found -> {
      if (found.isEmpty() || (!found.get().published() && !writer)) {
        throw Problems.notFound("目录中没有 " + id);
      }
      return catalogue.validate(found.get().content());
    }).onSuccess(problems -> Responses.ok(ctx, verdict(problems))).onFailure(ctx::fail);
  }

  private void publish(RoutingContext ctx) {
    Id id = Id.of(ctx, true);
    Caller caller = requireWriter(ctx, id.publisher());
    store.find(id.publisher(), id.slug(), id.version()).compose(found -> {
      if (found.isEmpty()) {
        throw Problems.notFound("没有草稿 " + id + "：请先用 PUT 保存草稿。");
      }
      if (found.get().published()) {
        throw Problems.conflict(id + " 已经发布。");
      }
      TemplateStore.StoredVersion draft = found.get();
      return catalogue.validate(draft.content()).compose(problems -> {
        if (!problems.isEmpty()) {
          throw Problem.of("template-invalid", "模板有问题，未发布", 422,
                  "模板有 " + problems.size() + " 处问题，修改后才能发布，详见 errors。")
              .withErrors(problems.stream().map(d -> new FieldError(d.pointer(), d.message())).toList())
              .exception();
        }
        return store.publish(id.publisher(), id.slug(), id.version(), draft.contentHash(), caller.userId());
      });
    }).onSuccess(published -> {
      if (!published) {
        ctx.fail(Problems.conflict(id + " 在校验期间被修改或已被发布，请重新校验后再发布。"));
        return;
      }
      Responses.ok(ctx, new JsonObject().put("publisher", id.publisher()).put("slug", id.slug())
          .put("version", id.version()).put("status", "published"));
    }).onFailure(ctx::fail);
  }

  private void deprecate(RoutingContext ctx) {
    Id id = Id.of(ctx, true);
    Caller caller = requireWriter(ctx, id.publisher());
    JsonObject body = JsonBodies.objectOrEmpty(ctx);
    Object note = body.getValue("note");
    if (note != null && (!(note instanceof String text) || text.length() > MAX_NOTE_LENGTH)) {
      throw Problems.invalidInput("/note", "弃用说明应为不超过 " + MAX_NOTE_LENGTH + " 个字符的文字。");
    }
    store.find(id.publisher(), id.slug(), id.version()).compose(found -> {
      if (found.isEmpty()) {
        throw Problems.notFound("目录中没有 " + id);
      }
      if (!found.get().published()) {
        throw Problems.conflict(id + " 还是草稿：只有已发布的版本可以弃用。");
      }
      if (found.get().deprecated()) {
        return Future.succeededFuture(false);
      }
      return store.deprecate(id.publisher(), id.slug(), id.version(), caller.userId(), (String) note);
    }).onSuccess(changed -> Responses.ok(ctx, new JsonObject().put("publisher", id.publisher()).put("slug", id.slug())
        .put("version", id.version()).put("deprecated", true))).onFailure(ctx::fail);
  }

  private void diff(RoutingContext ctx) {
    Id id = Id.of(ctx, false);
    String from = ctx.request().getParam("from");
    String to = ctx.request().getParam("to");
    List<FieldError> errors = new ArrayList<>();
    if (!SemVer.isValid(from)) {
      errors.add(new FieldError("from", "请用 from 指定起始版本，如 1.0.0。"));
    }
    if (!SemVer.isValid(to)) {
      errors.add(new FieldError("to", "请用 to 指定目标版本，如 1.1.0。"));
    }
    if (!errors.isEmpty()) {
      throw Problems.invalidInput(errors);
    }
    boolean writer = mayWrite(Access.callerIfAny(ctx), id.publisher());
    Future.all(store.find(id.publisher(), id.slug(), from), store.find(id.publisher(), id.slug(), to)).onSuccess(both -> {
      java.util.Optional<TemplateStore.StoredVersion> a = both.resultAt(0);
      java.util.Optional<TemplateStore.StoredVersion> b = both.resultAt(1);
      for (var pair : List.of(java.util.Map.entry(from, a), java.util.Map.entry(to, b))) {
        if (pair.getValue().isEmpty() || (!pair.getValue().get().published() && !writer)) {
          ctx.fail(Problems.notFound("目录中没有 " + id.publisher() + "/" + id.slug() + "@" + pair.getKey()));
          return;
        }
      }
      Responses.ok(ctx, TemplateDiff.between(a.get().content(), b.get().content())
          .put("publisher", id.publisher()).put("slug", id.slug()));
    }).onFailure(ctx::fail);
  }

  /** The path names the template; the body may repeat it but never contradict it. */
  private static JsonObject identify(JsonObject body, Id id) {
    List<FieldError> errors = new ArrayList<>();
    for (var pair : List.of(
        java.util.Map.entry("publisher", id.publisher()), java.util.Map.entry("slug", id.slug()),
        java.util.Map.entry("version", id.version()))) {
      Object given = body.getValue(pair.getKey());
      if (given != null && !pair.getValue().equals(given)) {
        errors.add(new FieldError("/" + pair.getKey(), "与地址中的“" + pair.getValue() + "”不一致。"));
      }
    }
    Object kind = body.getValue("kind");
    if (!(kind instanceof String k) || !KINDS.contains(k)) {
      errors.add(new FieldError("/kind", "请指定模板类型：element、matter、binding 或 package。"));
    }
    Object title = body.getValue("title");
    if (!(title instanceof String t) || t.isBlank()) {
      errors.add(new FieldError("/title", "请填写模板标题；草稿可以不完整，但必须有类型和标题。"));
    }
    if (!errors.isEmpty()) {
      throw Problems.invalidInput(errors);
    }
    return body.copy().put("publisher", id.publisher()).put("slug", id.slug()).put("version", id.version());
  }

  private static JsonObject verdict(List<Diagnostic> problems) {
    JsonArray errors = new JsonArray();
    problems.forEach(d -> errors.add(new JsonObject().put("pointer", d.pointer()).put("message", d.message())));
    return new JsonObject().put("valid", problems.isEmpty()).put("errors", errors);
  }

  private static RuntimeException publishedIsImmutable(Id id) {
    return Problems.conflict(id + " 已经发布，已发布的版本不可修改：请以新的版本号（如 "
        + bump(id.version()) + "）保存草稿后发布。");
  }

  private static String bump(String version) {
    SemVer v = SemVer.parse(version);
    return new SemVer(v.major(), v.minor() + 1, 0).toString();
  }

  /** Who may write under a publisher: its own publishers, or a province's own admin under its code. */
  static boolean mayWrite(Caller caller, String publisher) {
    if (caller == null || !publisher.equals(caller.tenant())) {
      return false;
    }
    return caller.has(Role.PUBLISHER) || (caller.has(Role.ADMIN) && RegionCodes.isRegionCode(publisher));
  }

  private static Caller requireWriter(RoutingContext ctx, String publisher) {
    Caller caller = Access.withRole(ctx, Role.PUBLISHER, Role.ADMIN);
    if (!mayWrite(caller, publisher)) {
      throw Problems.forbidden("您属于“" + caller.tenant() + "”，不能以发布方“" + publisher + "”的名义编写或发布模板。");
    }
    return caller;
  }

  /** publisher/slug[@version] from the path, checked. */
  private record Id(String publisher, String slug, String version) {
    static Id of(RoutingContext ctx, boolean withVersion) {
      String publisher = ctx.pathParam("publisher");
      String slug = ctx.pathParam("slug");
      String version = withVersion ? ctx.pathParam("version") : null;
      List<FieldError> errors = new ArrayList<>();
      if (!PUBLISHER.matcher(publisher).matches()) {
        errors.add(new FieldError("publisher", "发布方应为部门代码（如 nhc）或行政区划代码（如 330000）。"));
      }
      if (!SLUG.matcher(slug).matches() || slug.length() > 64) {
        errors.add(new FieldError("slug", "模板代码只能由小写字母、数字和连字符组成，如 birth-medical-certificate。"));
      }
      if (withVersion && !SemVer.isValid(version)) {
        errors.add(new FieldError("version", "版本号应为 主版本.次版本.修订号，如 1.0.0。"));
      }
      if (!errors.isEmpty()) {
        throw Problems.invalidInput(errors);
      }
      return new Id(publisher, slug, version);
    }

    @Override
    public String toString() {
      return publisher + "/" + slug + (version == null ? "" : "@" + version);
    }
  }
}
