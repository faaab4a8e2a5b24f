package cn.onething.marketplace;

import cn.onething.catalogue.SemVer;
import cn.onething.catalogue.TemplateStore;
import cn.onething.catalogue.TemplateStore.StoredVersion;
import cn.onething.http.JsonBodies;
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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * 模板市场 — a province installs templates and packages into its workspace (the starting point
 * of its compositions), sees upgrade notices, and anyone responsible sees who uses a template.
 */
public final class MarketplaceRoutes {
  private static final Pattern TEMPLATE = Pattern.compile("([a-z][a-z0-9-]{1,31}|[1-9][0-9]{5})/([a-z][a-z0-9]*(-[a-z0-9]+)*)");
  private final WorkspaceStore workspace;
  private final TemplateStore templates;
  private final ServiceUsage services;

  /** Which composed services use a template (kept by composition). */
  public interface ServiceUsage {
    Future<JsonArray> servicesUsing(String templateRef);
  }

  public MarketplaceRoutes(WorkspaceStore workspace, TemplateStore templates, ServiceUsage services) {
    this.workspace = workspace;
    this.templates = templates;
    this.services = services;
  }

  public void mount(Router router) {
    router.get("/api/tenants/:tenant/workspace").handler(this::list);
    router.post("/api/tenants/:tenant/workspace/installs").handler(this::install);
    router.delete("/api/tenants/:tenant/workspace/installs/:publisher/:slug").handler(this::uninstall);
    router.get("/api/catalogue/templates/:publisher/:slug/usage").handler(this::usage);
  }

  private void list(RoutingContext ctx) {
    String region = region(ctx);
    Access.inTenant(ctx, region, Role.ADMIN, Role.AUDITOR);
    existing(region).compose(v -> workspace.list(region)).onSuccess(items -> {
      long upgrades = items.stream().filter(i -> ((JsonObject) i).getValue("upgrade") != null).count();
      Responses.ok(ctx, new JsonObject().put("region", region).put("items", items).put("upgradesAvailable", upgrades));
    }).onFailure(ctx::fail);
  }

  private void install(RoutingContext ctx) {
    String region = region(ctx);
    Caller caller = Access.inTenant(ctx, region, Role.ADMIN);
    JsonObject body = JsonBodies.object(ctx);
    List<FieldError> errors = new ArrayList<>();
    Object ref = body.getValue("template");
    if (!(ref instanceof String text) || !TEMPLATE.matcher(text).matches()) {
      errors.add(new FieldError("/template", "请用“发布方/模板代码”指定要安装的模板，如 national/newborn。"));
    }
    Object version = body.getValue("version");
    if (version != null && !(version instanceof String v && SemVer.isValid(v))) {
      errors.add(new FieldError("/version", "版本号应为 主版本.次版本.修订号，如 1.0.0；不填则安装当前版本。"));
    }
    for (String field : body.fieldNames()) {
      if (!field.equals("template") && !field.equals("version")) {
        errors.add(new FieldError("/" + field, "不允许的字段“" + field + "”。"));
      }
    }
    if (!errors.isEmpty()) {
      throw Problems.invalidInput(errors);
    }
    String[] parts = ((String) ref).split("/");
    existing(region).compose(v -> resolve(parts[0], parts[1], (String) version)).compose(top -> {
      List<WorkspaceStore.Install> installs = new ArrayList<>();
      installs.add(new WorkspaceStore.Install(top.publisher(), top.slug(), top.version(), null));
      if (!"package".equals(top.content().getString("kind"))) {
        return Future.succeededFuture(installs);
      }
      return members(top, installs);
    }).compose(installs -> workspace.install(region, installs, caller.userId()).map(created -> {
      JsonArray out = new JsonArray();
      for (int i = 0; i < installs.size(); i++) {
        WorkspaceStore.Install in = installs.get(i);
        out.add(new JsonObject().put("publisher", in.publisher()).put("slug", in.slug()).put("version", in.version())
            .put("viaPackage", in.viaPackage()).put("new", created.get(i)));
      }
      return out;
    })).onSuccess(out -> Responses.json(ctx, 201, new JsonObject().put("region", region).put("installed", out)))
        .onFailure(ctx::fail);
  }

  /** A package brings its members, each at the newest published version its range allows. */
  private Future<List<WorkspaceStore.Install>> members(StoredVersion pack, List<WorkspaceStore.Install> installs) {
    String via = pack.publisher() + "/" + pack.slug();
    Future<Void> chain = Future.succeededFuture();
    List<String> unresolved = new ArrayList<>();
    for (Object m : pack.content().getJsonArray("members", new JsonArray())) {
      JsonObject member = (JsonObject) m;
      String[] parts = member.getString("matter").split("/");
      String range = member.getString("version");
      chain = chain.compose(v -> templates.versions(parts[0], parts[1]).map(versions -> {
        Optional<StoredVersion> best = versions.stream()
            .filter(s -> s.published() && !s.deprecated() && SemVer.parse(s.version()).satisfies(range))
            .max((a, b) -> SemVer.parse(a.version()).compareTo(SemVer.parse(b.version())));
        if (best.isEmpty()) {
          unresolved.add(member.getString("matter") + "（" + range + "）");
        } else {
          installs.add(new WorkspaceStore.Install(parts[0], parts[1], best.get().version(), via));
        }
        return null;
      }));
    }
    return chain.map(v -> {
      if (!unresolved.isEmpty()) {
        throw Problems.conflict("事项包 " + via + " 的成员没有可用的已发布版本：" + String.join("、", unresolved) + "。");
      }
      return installs;
    });
  }

  /** The version to install: the given one (published, not deprecated) or the current one. */
  private Future<StoredVersion> resolve(String publisher, String slug, String version) {
    String ref = publisher + "/" + slug;
    if (version != null) {
      return templates.find(publisher, slug, version).map(found -> {
        if (found.isEmpty() || !found.get().published()) {
          throw Problems.notFound("目录中没有已发布的 " + ref + "@" + version + "。");
        }
        if (found.get().deprecated()) {
          throw Problems.conflict(ref + "@" + version + " 已弃用，不能再安装：请安装当前版本。");
        }
        return found.get();
      });
    }
    return templates.versions(publisher, slug).compose(versions -> {
      Optional<StoredVersion> current = versions.stream().filter(v -> v.published() && !v.deprecated())
          .max((a, b) -> SemVer.parse(a.version()).compareTo(SemVer.parse(b.version())));
      if (current.isEmpty()) {
        throw Problems.notFound("目录中没有可安装的 " + ref + "（没有已发布且未弃用的版本）。");
      }
      return templates.find(publisher, slug, current.get().version()).map(Optional::orElseThrow);
    });
  }

  private void uninstall(RoutingContext ctx) {
    String region = region(ctx);
    Access.inTenant(ctx, region, Role.ADMIN);
    String publisher = ctx.pathParam("publisher");
    String slug = ctx.pathParam("slug");
    if (!TEMPLATE.matcher(publisher + "/" + slug).matches()) {
      throw Problems.invalidInput("slug", "请用“发布方/模板代码”指定模板。");
    }
    workspace.uninstall(region, publisher, slug).onSuccess(removed -> {
      if (removed.isEmpty()) {
        ctx.fail(Problems.notFound("工作区中没有 " + publisher + "/" + slug + "。"));
        return;
      }
      Responses.noContent(ctx);
    }).onFailure(ctx::fail);
  }

  /** Who uses a template (installs and composed services): its publisher, any province admin, auditors. */
  private void usage(RoutingContext ctx) {
    String publisher = ctx.pathParam("publisher");
    String slug = ctx.pathParam("slug");
    if (!TEMPLATE.matcher(publisher + "/" + slug).matches()) {
      throw Problems.invalidInput("slug", "请用“发布方/模板代码”指定模板。");
    }
    Caller caller = Access.withRole(ctx, Role.PUBLISHER, Role.ADMIN, Role.AUDITOR);
    if (caller.has(Role.PUBLISHER) && !caller.has(Role.ADMIN) && !caller.has(Role.AUDITOR) && !publisher.equals(caller.tenant())) {
      throw Problems.forbidden("发布方只能查看自己模板的使用情况。");
    }
    templates.kindOf(publisher, slug).compose(kind -> {
      if (kind.isEmpty()) {
        throw Problems.notFound("目录中没有模板 " + publisher + "/" + slug);
      }
      return workspace.usage(publisher, slug);
    }).compose(rows -> services.servicesUsing(publisher + "/" + slug).map(used -> {
      for (Object u : used) {
        rows.add(((JsonObject) u).copy().put("kind", "service"));
      }
      return rows;
    })).onSuccess(rows -> {
      JsonObject byVersion = new JsonObject();
      Set<String> provinces = new HashSet<>();
      JsonArray servicesUsing = new JsonArray();
      for (Object r : rows) {
        JsonObject row = (JsonObject) r;
        provinces.add(row.getString("region").substring(0, 2));
        if ("service".equals(row.getString("kind"))) {
          servicesUsing.add(row.copy());
          continue;
        }
        JsonArray list = byVersion.getJsonArray(row.getString("version"));
        if (list == null) {
          list = new JsonArray();
          byVersion.put(row.getString("version"), list);
        }
        list.add(row.copy());
      }
      Responses.ok(ctx, new JsonObject().put("publisher", publisher).put("slug", slug)
          .put("provinces", provinces.size()).put("byVersion", byVersion).put("services", servicesUsing));
    }).onFailure(ctx::fail);
  }

  private Future<Void> existing(String region) {
    return workspace.tenantName(region).map(name -> {
      if (name.isEmpty()) {
        throw Problems.notFound("没有这个地区：" + region);
      }
      return null;
    });
  }

  private static String region(RoutingContext ctx) {
    String tenant = ctx.pathParam("tenant");
    if (!RegionCodes.isRegionCode(tenant)) {
      throw Problems.invalidInput("tenant", "工作区属于省或市：请使用行政区划代码，如 330000。");
    }
    return tenant;
  }
}
