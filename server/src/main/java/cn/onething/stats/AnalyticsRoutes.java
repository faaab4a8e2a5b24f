package cn.onething.stats;

import cn.onething.apply.ApplicationRoutes;
import cn.onething.apply.Submissions;
import cn.onething.http.Problems;
import cn.onething.http.Responses;
import cn.onething.identity.Access;
import cn.onething.identity.Caller;
import cn.onething.identity.RegionCodes;
import cn.onething.identity.Role;
import cn.onething.identity.TenantKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * 运营分析 API — breakdowns, hotspots, before/after a release, the reduction report, bad ratings
 * (for a province or city admin or auditor over their region and what it encloses; the national
 * platform sees all) and the adoption of standard templates (the centre; a publisher its own).
 * Every query parameter is checked: a wrong one is a 400 naming it with a JSON pointer.
 */
public final class AnalyticsRoutes {
  private static final Role[] READERS = {Role.ADMIN, Role.AUDITOR};
  private static final Pattern SERVICE = Pattern.compile("^[1-9][0-9]{5}/[a-z][a-z0-9]*(-[a-z0-9]+)*$");
  private static final Pattern TEMPLATE = Pattern.compile("^[a-z0-9][a-z0-9-]{1,31}/[a-z][a-z0-9]*(-[a-z0-9]+)*$");
  private static final int MAX_LIMIT = 100;

  private final Breakdowns breakdowns;
  private final Hotspots hotspots;
  private final ReleaseEffect releaseEffect;
  private final ReductionReport reduction;
  private final BadRatings badRatings;
  private final TemplateAdoption adoption;

  public AnalyticsRoutes(Breakdowns breakdowns) {
    this.breakdowns = breakdowns;
    this.hotspots = new Hotspots(breakdowns);
    this.releaseEffect = new ReleaseEffect(breakdowns);
    this.reduction = new ReductionReport(breakdowns);
    this.badRatings = new BadRatings(breakdowns);
    this.adoption = new TemplateAdoption(breakdowns);
  }

  public void mount(Router router) {
    router.get("/api/stats/figures").handler(this::figures);
    router.get("/api/stats/hotspots").handler(this::hotspots);
    router.get("/api/stats/reduction").handler(this::reduction);
    router.get("/api/stats/templates").handler(this::templates);
    router.get("/api/stats/services/:region/:slug/releases/:number/effect").handler(this::releaseEffect);
    router.get("/api/stats/services/:region/:slug/bad-ratings").handler(this::badRatings);
  }

  /** Who asks about what: the region (the caller's by default), one service or all, the dates. */
  record Scope(String region, Breakdowns.Filter filter, LocalDate today) {
    JsonObject head() {
      return StatsRoutes.window(region, filter.from(), filter.to(), today).put("service", filter.serviceKey());
    }
  }

  static Scope scope(RoutingContext ctx) {
    Caller caller = Access.withRole(ctx, READERS);
    if (caller.tenantKind() != TenantKind.NATIONAL && !RegionCodes.isRegionCode(caller.tenant())) {
      throw Problems.forbidden("统计只对地区和国家平台开放。");
    }
    String asked = ctx.request().getParam("region");
    String region = asked == null || asked.isEmpty() ? caller.tenant() : asked;
    boolean national = caller.tenantKind() == TenantKind.NATIONAL && region.equals(caller.tenant());
    if (!national && !RegionCodes.isRegionCode(region)) {
      throw Problems.invalidInput("/region", "地区须为六位行政区划代码（如 330000）。");
    }
    Access.inTenant(ctx, region, READERS);
    String prefix = national ? "" : ServiceStats.Window.prefixOf(region);
    String serviceRegion = null;
    String serviceSlug = null;
    String service = ctx.request().getParam("service");
    if (service != null && !service.isEmpty()) {
      if (!SERVICE.matcher(service).matches()) {
        throw Problems.invalidInput("/service", "服务应写作“地区代码/服务代码”，如 330000/newborn。");
      }
      serviceRegion = service.substring(0, 6);
      serviceSlug = service.substring(7);
      Access.inTenant(ctx, serviceRegion, READERS);
      if (!serviceRegion.startsWith(prefix)) {
        throw Problems.invalidInput("/service", "服务“" + service + "”不在所选地区“" + region + "”内。");
      }
    }
    LocalDate from = StatsRoutes.date(ctx, "from");
    LocalDate to = StatsRoutes.date(ctx, "to");
    StatsRoutes.checkOrder(from, to);
    // One service: its own region is the narrowest prefix (and lets the region index find it).
    String narrowest = serviceRegion == null ? prefix : serviceRegion;
    return new Scope(region, new Breakdowns.Filter(narrowest, serviceRegion, serviceSlug, from, to), Submissions.today());
  }

  /** A 404 when the scope names a service that does not exist. */
  private Future<Void> serviceExists(Scope scope) {
    if (scope.filter().serviceKey() == null) {
      return Future.succeededFuture();
    }
    return breakdowns.services(scope.filter().serviceRegion()).map(known -> {
      if (!known.containsKey(scope.filter().serviceKey())) {
        throw Problems.notFound("没有这项服务：" + scope.filter().serviceKey());
      }
      return null;
    });
  }

  private void figures(RoutingContext ctx) {
    Scope scope = scope(ctx);
    String byName = ctx.request().getParam("by");
    Breakdowns.Dimension by = byName == null || byName.isEmpty() ? Breakdowns.Dimension.SERVICE
        : Breakdowns.Dimension.parse(byName);
    if (by == null) {
      throw Problems.invalidInput("/by", "不支持按“" + byName + "”分组，可选：" + String.join("、", Breakdowns.Dimension.names()) + "。");
    }
    Breakdowns.Filter f = scope.filter();
    if ((by == Breakdowns.Dimension.DAY || by == Breakdowns.Dimension.WEEK || by == Breakdowns.Dimension.MONTH)
        && f.from() != null && f.to() != null && Breakdowns.periodCount(by, f.from(), f.to()) > Breakdowns.MAX_PERIODS) {
      throw Problems.invalidInput("/from", "时间范围内的统计周期超过 " + Breakdowns.MAX_PERIODS + " 个，请缩短范围或按更长的周期分组。");
    }
    serviceExists(scope).compose(v -> breakdowns.by(by, f, scope.today()))
        .onSuccess(rows -> Responses.ok(ctx, scope.head().put("by", by.key()).put("rows", rows)))
        .onFailure(ctx::fail);
  }

  private void hotspots(RoutingContext ctx) {
    Scope scope = scope(ctx);
    int limit = integer(ctx, "limit", Hotspots.DEFAULT_LIMIT, 1, MAX_LIMIT);
    int min = integer(ctx, "min", Hotspots.DEFAULT_MIN_SAMPLE, 1, 1_000_000);
    serviceExists(scope).compose(v -> hotspots.rank(scope.filter(), scope.today(), limit, min))
        .onSuccess(body -> Responses.ok(ctx, scope.head().mergeIn(body)))
        .onFailure(ctx::fail);
  }

  private void reduction(RoutingContext ctx) {
    Scope scope = scope(ctx);
    serviceExists(scope).compose(v -> reduction.report(scope.filter().regionPrefix(), scope.filter().serviceKey()))
        .onSuccess(list -> Responses.ok(ctx, new JsonObject().put("region", scope.region())
            .put("service", scope.filter().serviceKey()).put("services", list)))
        .onFailure(ctx::fail);
  }

  private void releaseEffect(RoutingContext ctx) {
    String region = ApplicationRoutes.region(ctx);
    String slug = ApplicationRoutes.slug(ctx);
    Access.inTenant(ctx, region, READERS);
    int number;
    try {
      number = Integer.parseInt(ctx.pathParam("number"));
    } catch (NumberFormatException e) {
      number = 0;
    }
    if (number < 1) {
      throw Problems.invalidInput("/number", "版本号应为正整数。");
    }
    int release = number;
    releaseEffect.compare(region, slug, release, Submissions.today()).onSuccess(body -> {
      if (body == null) {
        ctx.fail(Problems.notFound("服务“" + region + "/" + slug + "”没有第 " + release + " 版。"));
      } else {
        Responses.ok(ctx, body);
      }
    }).onFailure(ctx::fail);
  }

  private void badRatings(RoutingContext ctx) {
    String region = ApplicationRoutes.region(ctx);
    String slug = ApplicationRoutes.slug(ctx);
    Access.inTenant(ctx, region, READERS);
    LocalDate from = StatsRoutes.date(ctx, "from");
    LocalDate to = StatsRoutes.date(ctx, "to");
    StatsRoutes.checkOrder(from, to);
    int limit = integer(ctx, "limit", BadRatings.DEFAULT_LIMIT, 1, BadRatings.MAX_LIMIT);
    Scope scope = new Scope(region, new Breakdowns.Filter(region, region, slug, from, to), Submissions.today());
    serviceExists(scope).compose(v -> badRatings.latest(scope.filter(), limit))
        .onSuccess(list -> Responses.ok(ctx, scope.head().put("ratings", list)))
        .onFailure(ctx::fail);
  }

  /** National admins and auditors see every template; a publisher sees its own. */
  private void templates(RoutingContext ctx) {
    Caller caller = Access.withRole(ctx, Role.ADMIN, Role.AUDITOR, Role.PUBLISHER);
    boolean centre = caller.tenantKind() == TenantKind.NATIONAL && (caller.has(Role.ADMIN) || caller.has(Role.AUDITOR));
    boolean publisher = caller.tenantKind() == TenantKind.PUBLISHER && caller.has(Role.PUBLISHER);
    if (!centre && !publisher) {
      throw Problems.forbidden("标准模板的采用情况只对国家平台和模板发布方开放。");
    }
    String template = ctx.request().getParam("template");
    if (template != null && template.isEmpty()) {
      template = null;
    }
    if (template != null && !TEMPLATE.matcher(template).matches()) {
      throw Problems.invalidInput("/template", "模板应写作“发布方/模板代码”，如 nhc/newborn-package。");
    }
    if (!centre && template != null && !template.startsWith(caller.tenant() + "/")) {
      throw Problems.forbidden("您只能查看本单位（" + caller.tenant() + "）发布的模板的采用情况。");
    }
    LocalDate from = StatsRoutes.date(ctx, "from");
    LocalDate to = StatsRoutes.date(ctx, "to");
    StatsRoutes.checkOrder(from, to);
    LocalDate today = Submissions.today();
    String only = template;
    adoption.adoption(only, centre ? null : caller.tenant(), from, to, today)
        .onSuccess(list -> Responses.ok(ctx, StatsRoutes.window(centre ? "national" : caller.tenant(), from, to, today)
            .put("template", only).put("templates", list)))
        .onFailure(ctx::fail);
  }

  static int integer(RoutingContext ctx, String name, int fallback, int min, int max) {
    String value = ctx.request().getParam(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the problem below
    }
    throw Problems.invalidInput("/" + name, name + " 应为 " + min + " 到 " + max + " 之间的整数。");
  }
}
