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
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * 统计 API — per-service and per-step figures for a province or city admin or auditor, over their
 * region and the regions it encloses (the national platform sees all); another region is a 403.
 */
public final class StatsRoutes {
  private static final Role[] READERS = {Role.ADMIN, Role.AUDITOR};
  private final ServiceStats stats;

  public StatsRoutes(ServiceStats stats) {
    this.stats = stats;
  }

  public void mount(Router router) {
    router.get("/api/stats/services").handler(this::services);
    router.get("/api/stats/services/:region/:slug/steps").handler(this::steps);
    new AnalyticsRoutes(new Breakdowns(stats.pool())).mount(router);
  }

  private void services(RoutingContext ctx) {
    Caller caller = Access.withRole(ctx, READERS);
    String asked = ctx.request().getParam("region");
    String region = asked == null || asked.isEmpty() ? caller.tenant() : asked;
    boolean national = caller.tenantKind() == TenantKind.NATIONAL && region.equals(caller.tenant());
    if (caller.tenantKind() != TenantKind.NATIONAL && !RegionCodes.isRegionCode(caller.tenant())) {
      throw Problems.forbidden("统计只对地区和国家平台开放。");
    }
    if (!national && !RegionCodes.isRegionCode(region)) {
      throw Problems.invalidInput("/region", "地区须为六位行政区划代码。");
    }
    Access.inTenant(ctx, region, READERS);
    String prefix = national ? "" : ServiceStats.Window.prefixOf(region);
    LocalDate from = date(ctx, "from");
    LocalDate to = date(ctx, "to");
    checkOrder(from, to);
    LocalDate today = Submissions.today();
    String scope = region;
    stats.services(new ServiceStats.Window(prefix, from, to), today)
        .onSuccess(list -> Responses.ok(ctx, window(scope, from, to, today).put("services", list)))
        .onFailure(ctx::fail);
  }

  private void steps(RoutingContext ctx) {
    String region = ApplicationRoutes.region(ctx);
    String slug = ApplicationRoutes.slug(ctx);
    Access.inTenant(ctx, region, READERS);
    LocalDate from = date(ctx, "from");
    LocalDate to = date(ctx, "to");
    checkOrder(from, to);
    LocalDate today = Submissions.today();
    stats.publishedTitle(region, slug).compose(title -> {
      if (title == null) {
        throw Problems.notFound("没有这项已发布的服务：" + region + "/" + slug);
      }
      return stats.steps(region, slug, from, to, today)
          .map(steps -> window(region, from, to, today).put("slug", slug).put("title", title).put("steps", steps));
    }).onSuccess(body -> Responses.ok(ctx, body)).onFailure(ctx::fail);
  }

  static JsonObject window(String region, LocalDate from, LocalDate to, LocalDate today) {
    return new JsonObject().put("region", region).put("from", from == null ? null : from.toString())
        .put("to", to == null ? null : to.toString()).put("asOf", today.toString());
  }

  static LocalDate date(RoutingContext ctx, String name) {
    String value = ctx.request().getParam(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw Problems.invalidInput("/" + name, "日期格式应为 YYYY-MM-DD。");
    }
  }

  static void checkOrder(LocalDate from, LocalDate to) {
    if (from != null && to != null && from.isAfter(to)) {
      throw Problems.invalidInput("/from", "开始日期不能晚于结束日期。");
    }
  }
}
