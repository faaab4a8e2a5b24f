package cn.onething.compose;

import cn.onething.audit.AuditTrail;
import cn.onething.catalogue.Catalogue;
import cn.onething.catalogue.Diagnostic;
import cn.onething.catalogue.SemVer;
import cn.onething.catalogue.TemplateStore;
import cn.onething.forms.JsonSchemas;
import cn.onething.forms.SchemaProblems;
import cn.onething.http.JsonBodies;
import cn.onething.http.Problem;
import cn.onething.http.Problem.FieldError;
import cn.onething.http.ProblemException;
import cn.onething.http.Problems;
import cn.onething.http.Responses;
import cn.onething.identity.Access;
import cn.onething.identity.Caller;
import cn.onething.identity.RegionCodes;
import cn.onething.identity.Role;
import com.networknt.schema.Schema;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * 一件事编排 API — a province admin creates a service from a package (or chosen matters) at
 * exact versions, edits the draft, compiles it for diagnostics and a preview, publishes an
 * immutable release and rolls back to an earlier one. Auditors of the region read; nobody
 * outside the region reads or writes.
 */
public final class ServiceRoutes {
  private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  private static final Pattern TEMPLATE = Composer.TEMPLATE;
  /** The editable parts of a definition: {@code schema/service-definition.schema.json}. */
  private static final Schema DEFINITION_SCHEMA = loadDefinitionSchema();

  private final ServiceStore services;
  private final TemplateStore templates;
  private final Composer composer;

  public ServiceRoutes(ServiceStore services, Catalogue catalogue, Composer composer) {
    this.services = services;
    this.templates = catalogue.store();
    this.composer = composer;
  }

  public void mount(Router router) {
    String one = "/api/tenants/:tenant/services/:slug";
    router.get("/api/tenants/:tenant/services").handler(this::list);
    router.get("/api/catalogue/templates/:publisher/:slug/consistency").handler(this::consistency);
    router.post("/api/tenants/:tenant/services").handler(this::create);
    router.get(one).handler(this::get);
    router.put(one).handler(this::update);
    router.post(one + "/compile").handler(this::compile);
    router.post(one + "/publish").handler(this::publish);
    router.get(one + "/upgrades").handler(this::upgrades);
    router.post(one + "/upgrade").handler(this::upgrade);
    router.get(one + "/releases").handler(this::releases);
    router.get(one + "/releases/:number").handler(this::release);
    router.post(one + "/releases/:number/activate").handler(this::activate);
  }

  private void list(RoutingContext ctx) {
    String region = region(ctx);
    Access.inTenant(ctx, region, Role.ADMIN, Role.AUDITOR);
    services.list(region).onSuccess(list -> Responses.ok(ctx, new JsonObject().put("services", list))).onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    String region = region(ctx);
    Caller caller = Access.inTenant(ctx, region, Role.ADMIN);
    JsonObject body = JsonBodies.object(ctx);
    List<FieldError> errors = new ArrayList<>();
    String slug = body.getValue("slug") instanceof String s ? s : null;
    if (slug == null || !SLUG.matcher(slug).matches() || slug.length() > 64) {
      errors.add(new FieldError("/slug", "请填写服务代码：小写字母、数字和连字符，如 newborn。"));
    }
    Object pack = body.getValue("package");
    Object matters = body.getValue("matters");
    if ((pack == null) == (matters == null)) {
      errors.add(new FieldError("/package", "请指定一个事项包（package，如 national/newborn）或一组事项（matters），二者选一。"));
    } else if (pack != null && !(pack instanceof String p && TEMPLATE.matcher(p).matches())) {
      errors.add(new FieldError("/package", "事项包应写成“发布方/模板代码”，如 national/newborn。"));
    } else if (matters != null && !(matters instanceof JsonArray list && !list.isEmpty()
        && list.stream().allMatch(m -> m instanceof String t && TEMPLATE.matcher(t).matches()))) {
      errors.add(new FieldError("/matters", "事项应为“发布方/模板代码”的非空列表。"));
    }
    if (body.containsKey("title") && !(body.getValue("title") instanceof String)) {
      errors.add(new FieldError("/title", "标题应为文字。"));
    }
    if (!errors.isEmpty()) {
      throw Problems.invalidInput(errors);
    }
    Future<JsonObject> definition = pack != null ? composer.fromPackage((String) pack) : composer.fromMatters((JsonArray) matters);
    definition.compose(def -> {
      String title = body.getString("title", def.getString("title"));
      def.remove("title");
      return services.create(region, slug, title, def, (String) pack, caller.userId())
          .recover(e -> Future.failedFuture(String.valueOf(e.getMessage()).contains("service_region_fkey")
              ? Problems.notFound("没有这个地区：" + region) : e))
          .map(created -> {
            if (!created) {
              throw Problems.conflict(region + " 已有代码为“" + slug + "”的服务。");
            }
            return new JsonObject().put("region", region).put("slug", slug).put("title", title).put("definition", def);
          });
    }).onSuccess(json -> {
      AuditTrail.subject(ctx, "services/" + region + "/" + slug);
      Responses.json(ctx, 201, json);
    }).onFailure(ctx::fail);
  }

  /**
   * 一致性 — for a package, how each province's service departs from it: overrides by kind,
   * ordering changes, endpoints configured, and the member versions each is on. For the package's
   * publisher and national auditors.
   */
  private void consistency(RoutingContext ctx) {
    String publisher = ctx.pathParam("publisher");
    String slug = ctx.pathParam("slug");
    if (!TEMPLATE.matcher(publisher + "/" + slug).matches()) {
      throw Problems.invalidInput("slug", "请用“发布方/模板代码”指定事项包。");
    }
    Caller caller = Access.withRole(ctx, Role.PUBLISHER, Role.AUDITOR);
    boolean centre = caller.tenantKind() == cn.onething.identity.TenantKind.NATIONAL;
    if (!(caller.has(Role.PUBLISHER) && publisher.equals(caller.tenant())) && !(caller.has(Role.AUDITOR) && centre)) {
      throw Problems.forbidden("只有事项包的发布方和国家级审计员可以查看各省的一致性情况。");
    }
    String ref = publisher + "/" + slug;
    composer.current(publisher, slug, null).compose(pack -> services.fromPackage(ref).map(list -> {
      JsonObject content = pack.content();
      JsonArray packageOrdering = content.getJsonArray("ordering", new JsonArray());
      JsonArray provinces = new JsonArray();
      for (Object o : list) {
        JsonObject service = (JsonObject) o;
        JsonObject def = service.getJsonObject("definition");
        JsonObject byKind = new JsonObject();
        def.getJsonArray("overrides", new JsonArray()).forEach(ov -> {
          String op = ((JsonObject) ov).getString("op", "?");
          byKind.put(op, byKind.getInteger(op, 0) + 1);
        });
        JsonObject members = new JsonObject();
        def.getJsonArray("members", new JsonArray()).forEach(m ->
            members.put(((JsonObject) m).getString("template"), ((JsonObject) m).getString("version")));
        provinces.add(new JsonObject().put("region", service.getString("region")).put("regionName", service.getString("regionName"))
            .put("service", service.getString("slug")).put("title", service.getString("title"))
            .put("activeRelease", service.getInteger("activeRelease"))
            .put("overridesByKind", byKind)
            .put("orderingChanged", !cn.onething.catalogue.CanonicalJson.canonical(def.getJsonArray("ordering", new JsonArray()))
                .equals(cn.onething.catalogue.CanonicalJson.canonical(packageOrdering)))
            .put("endpointsConfigured", def.getJsonObject("endpoints", new JsonObject()).size())
            .put("memberVersions", members));
      }
      return new JsonObject().put("package", ref).put("version", pack.version()).put("provinces", provinces);
    })).onSuccess(json -> Responses.ok(ctx, json)).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String region = region(ctx);
    Access.inTenant(ctx, region, Role.ADMIN, Role.AUDITOR);
    found(region, slug(ctx)).onSuccess(service -> Responses.ok(ctx, service)).onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    String region = region(ctx);
    Caller caller = Access.inTenant(ctx, region, Role.ADMIN);
    String slug = slug(ctx);
    JsonObject body = JsonBodies.object(ctx);
    // The definition is checked here, once, so that compiling can trust its shape.
    List<FieldError> errors = SchemaProblems.of(DEFINITION_SCHEMA, body).stream()
        .map(p -> new FieldError(p.pointer(), p.message())).toList();
    if (!errors.isEmpty()) {
      throw Problems.invalidInput(errors);
    }
    found(region, slug).compose(service -> {
      JsonObject definition = service.getJsonObject("definition").copy();
      for (String field : List.of("members", "ordering", "sharedAcceptance", "overrides", "licences", "endpoints")) {
        if (body.containsKey(field)) {
          definition.put(field, body.getValue(field));
        }
      }
      String title = body.getString("title", service.getString("title"));
      return services.update(region, slug, title, definition, caller.userId())
          .map(v -> service.put("title", title).put("definition", definition));
    }).onSuccess(service -> Responses.ok(ctx, service)).onFailure(ctx::fail);
  }

  private void compile(RoutingContext ctx) {
    String region = region(ctx);
    Access.inTenant(ctx, region, Role.ADMIN, Role.AUDITOR);
    found(region, slug(ctx)).compose(service -> composer.compile(region, service))
        .onSuccess(compiled -> Responses.ok(ctx, new JsonObject().put("ok", compiled.ok())
            .put("diagnostics", diagnostics(compiled.diagnostics())).put("preview", compiled.release())))
        .onFailure(ctx::fail);
  }

  private void publish(RoutingContext ctx) {
    String region = region(ctx);
    Caller caller = Access.inTenant(ctx, region, Role.ADMIN);
    String slug = slug(ctx);
    found(region, slug).compose(service -> composer.compile(region, service)).compose(compiled -> {
      if (!compiled.ok()) {
        throw invalid(compiled, "未发布", "修改后才能发布");
      }
      return services.publish(region, slug, compiled.release(), caller.userId())
          .map(number -> new JsonObject().put("number", number).put("contentHash", compiled.release().getString("contentHash"))
              .put("figures", compiled.release().getJsonObject("figures")));
    }).onSuccess(json -> Responses.json(ctx, 201, json)).onFailure(ctx::fail);
  }

  /**
   * 草稿 — the release the stored draft would publish now, for the designer's preview of the
   * citizen pages; a 422 problem listing every diagnostic when it would not compile. Callers check
   * access.
   */
  public Future<JsonObject> compiledDraft(String region, String slug) {
    return found(region, slug).compose(service -> composer.compile(region, service)).map(compiled -> {
      if (!compiled.ok()) {
        throw invalid(compiled, "无法预览", "修改后才能预览");
      }
      return compiled.release();
    });
  }

  private static ProblemException invalid(ReleaseCompiler.Compilation compiled, String outcome, String advice) {
    return Problem.of("service-invalid", "服务有问题，" + outcome, 422,
            "编排有 " + compiled.diagnostics().size() + " 处问题，" + advice + "，详见 errors。")
        .withErrors(compiled.diagnostics().stream().map(d -> new FieldError(d.pointer(), d.message())).toList())
        .exception();
  }

  /** 升级提示 — members with a newer version in the same major, and what upgrading would change. */
  private void upgrades(RoutingContext ctx) {
    String region = region(ctx);
    Access.inTenant(ctx, region, Role.ADMIN, Role.AUDITOR);
    found(region, slug(ctx)).compose(service -> plan(region, service, null))
        .onSuccess(plan -> {
          plan.remove("definition");
          Responses.ok(ctx, plan);
        }).onFailure(ctx::fail);
  }

  /**
   * 升级 — moves the members to their newest version in the same major, keeps the overrides that
   * still apply (they are keyed by stable ids) and drops, reporting each, those that no longer do.
   */
  private void upgrade(RoutingContext ctx) {
    String region = region(ctx);
    Caller caller = Access.inTenant(ctx, region, Role.ADMIN);
    String slug = slug(ctx);
    JsonObject body = JsonBodies.objectOrEmpty(ctx);
    Object only = body.getValue("members");
    if (only != null && !(only instanceof JsonArray list && list.stream().allMatch(m -> m instanceof String))) {
      throw Problems.invalidInput("/members", "members 应为要升级的事项（“发布方/模板代码”）列表；不填则升级全部。");
    }
    found(region, slug).compose(service -> plan(region, service, (JsonArray) only).compose(plan -> {
      JsonObject definition = plan.getJsonObject("definition");
      return services.update(region, slug, service.getString("title"), definition, caller.userId()).map(v -> {
        plan.remove("definition");
        return plan.put("applied", true);
      });
    })).onSuccess(plan -> Responses.ok(ctx, plan)).onFailure(ctx::fail);
  }

  /** The upgraded definition, the overrides it cannot keep, and the diff of the compiled releases. */
  private Future<JsonObject> plan(String region, JsonObject service, JsonArray only) {
    JsonObject current = service.getJsonObject("definition");
    JsonArray members = current.getJsonArray("members", new JsonArray());
    JsonArray upgraded = new JsonArray();
    JsonArray available = new JsonArray();
    Future<Void> chain = Future.succeededFuture();
    for (Object m : members) {
      JsonObject member = ((JsonObject) m).copy();
      upgraded.add(member);
      String ref = member.getString("template");
      if (ref == null || !SemVer.isValid(member.getString("version")) || (only != null && !only.contains(ref))) {
        continue;
      }
      String[] p = ref.split("/");
      chain = chain.compose(v -> templates.versions(p[0], p[1]).map(versions -> {
        SemVer pinned = SemVer.parse(member.getString("version"));
        versions.stream().filter(x -> x.published() && !x.deprecated())
            .map(x -> SemVer.parse(x.version())).filter(x -> x.major() == pinned.major() && x.compareTo(pinned) > 0)
            .max(SemVer::compareTo).ifPresent(newest -> {
              available.add(new JsonObject().put("template", ref).put("from", pinned.toString()).put("to", newest.toString())
                  .put("diff", "/api/catalogue/templates/" + ref + "/diff?from=" + pinned + "&to=" + newest));
              member.put("version", newest.toString());
            });
        return null;
      }));
    }
    return chain.compose(v -> {
      JsonObject next = current.copy().put("members", upgraded);
      JsonObject upgradedService = service.copy().put("definition", next);
      return Future.all(composer.compile(region, service), composer.compile(region, upgradedService)).map(both -> {
        ReleaseCompiler.Compilation before = both.resultAt(0);
        ReleaseCompiler.Compilation after = both.resultAt(1);
        JsonArray dropped = new JsonArray();
        Set<Integer> stale = new HashSet<>();
        for (Diagnostic d : after.diagnostics()) {
          java.util.regex.Matcher at = Pattern.compile("^/overrides/(\\d+)").matcher(d.pointer());
          if (at.find()) {
            int i = Integer.parseInt(at.group(1));
            if (stale.add(i)) {
              dropped.add(new JsonObject().put("override", next.getJsonArray("overrides").getValue(i)).put("reason", d.message()));
            }
          }
        }
        JsonArray kept = new JsonArray();
        JsonArray overrides = next.getJsonArray("overrides", new JsonArray());
        for (int i = 0; i < overrides.size(); i++) {
          if (!stale.contains(i)) {
            kept.add(overrides.getValue(i));
          }
        }
        next.put("overrides", kept);
        return new JsonObject().put("available", available).put("droppedOverrides", dropped).put("definition", next)
            .put("before", before.ok() ? before.release() : null);
      }).compose(plan -> composer.compile(region, upgradedService).map(afterKept -> {
        // Compiled again with only the overrides that still apply: this is what the upgrade gives.
        JsonObject before = (JsonObject) plan.remove("before");
        if (before != null && afterKept.ok()) {
          plan.put("changes", ReleaseDiff.between(before, afterKept.release()));
        } else {
          plan.put("diagnostics", diagnostics(afterKept.diagnostics()));
        }
        return plan;
      }));
    });
  }

  private void releases(RoutingContext ctx) {
    String region = region(ctx);
    Access.inTenant(ctx, region, Role.ADMIN, Role.AUDITOR);
    String slug = slug(ctx);
    found(region, slug).compose(service -> services.releases(region, slug)
        .map(list -> new JsonObject().put("active", service.getInteger("activeRelease")).put("releases", list)))
        .onSuccess(json -> Responses.ok(ctx, json)).onFailure(ctx::fail);
  }

  private void release(RoutingContext ctx) {
    String region = region(ctx);
    Access.inTenant(ctx, region, Role.ADMIN, Role.AUDITOR);
    String slug = slug(ctx);
    int number = number(ctx);
    services.release(region, slug, number).onSuccess(found -> {
      if (found.isEmpty()) {
        ctx.fail(Problems.notFound("服务 " + slug + " 没有第 " + number + " 版发布。"));
        return;
      }
      Responses.ok(ctx, new JsonObject().put("number", number).put("release", found.get()));
    }).onFailure(ctx::fail);
  }

  /** 回退 — makes an earlier release active again; applications stay with the release they were made under. */
  private void activate(RoutingContext ctx) {
    String region = region(ctx);
    Access.inTenant(ctx, region, Role.ADMIN);
    String slug = slug(ctx);
    int number = number(ctx);
    services.release(region, slug, number).compose(found -> {
      if (found.isEmpty()) {
        throw Problems.notFound("服务 " + slug + " 没有第 " + number + " 版发布。");
      }
      return services.activate(region, slug, number);
    }).onSuccess(v -> Responses.ok(ctx, new JsonObject().put("slug", slug).put("active", number))).onFailure(ctx::fail);
  }

  private Future<JsonObject> found(String region, String slug) {
    return services.find(region, slug).map(found -> found.orElseThrow(() ->
        Problems.notFound(region + " 没有代码为“" + slug + "”的服务。")));
  }

  private static JsonArray diagnostics(List<Diagnostic> list) {
    JsonArray out = new JsonArray();
    list.forEach(d -> out.add(new JsonObject().put("pointer", d.pointer()).put("message", d.message())));
    return out;
  }

  private static Schema loadDefinitionSchema() {
    try (java.io.InputStream in = ServiceRoutes.class.getClassLoader().getResourceAsStream("schema/service-definition.schema.json")) {
      return JsonSchemas.registry().getSchema(new tools.jackson.databind.ObjectMapper().readTree(in));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String region(RoutingContext ctx) {
    String tenant = ctx.pathParam("tenant");
    if (!RegionCodes.isRegionCode(tenant)) {
      throw Problems.invalidInput("tenant", "服务属于省或市：请使用行政区划代码，如 330000。");
    }
    return tenant;
  }

  private static String slug(RoutingContext ctx) {
    String slug = ctx.pathParam("slug");
    if (!SLUG.matcher(slug).matches()) {
      throw Problems.invalidInput("slug", "服务代码只能由小写字母、数字和连字符组成。");
    }
    return slug;
  }

  private static int number(RoutingContext ctx) {
    try {
      int n = Integer.parseInt(ctx.pathParam("number"));
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw Problems.invalidInput("number", "发布版本号应为正整数。");
  }
}
