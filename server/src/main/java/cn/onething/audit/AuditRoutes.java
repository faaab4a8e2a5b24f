package cn.onething.audit;

import cn.onething.http.Problem.FieldError;
import cn.onething.http.Problems;
import cn.onething.http.Responses;
import cn.onething.identity.Access;
import cn.onething.identity.Caller;
import cn.onething.identity.Role;
import cn.onething.identity.TenantKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * 审计查询 — {@code GET /api/audit}: the audit trail for auditors, newest first, a page at a time.
 * The national auditor sees every tenant; a province's or city's auditor sees their own region and
 * the regions inside it. There is no route that changes or deletes an entry (and the table refuses
 * it whoever asks).
 */
public final class AuditRoutes {
  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 200;

  private final Pool pool;

  public AuditRoutes(Pool pool) {
    this.pool = pool;
  }

  public void mount(Router router) {
    router.get("/api/audit").handler(this::page);
  }

  private void page(RoutingContext ctx) {
    Caller auditor = Access.withRole(ctx, Role.AUDITOR);
    List<FieldError> errors = new ArrayList<>();
    String tenant = blankToNull(ctx.request().getParam("tenant"));
    if (tenant != null && !auditor.covers(tenant)) {
      throw Problems.forbidden("您属于“" + auditor.tenant() + "”，无权查看“" + tenant + "”的审计记录。");
    }
    String action = blankToNull(ctx.request().getParam("action"));
    if (action != null && AuditTrail.actions().stream().noneMatch(a -> a.equals(action) || a.startsWith(action + "."))) {
      errors.add(new FieldError("action", "没有这种操作：“" + action + "”。可用：" + String.join("、",
          AuditTrail.actions().stream().sorted().toList()) + "，或其前缀（如 task）。"));
    }
    OffsetDateTime from = date(ctx, "from", errors, 0);
    OffsetDateTime to = date(ctx, "to", errors, 1);
    if (from != null && to != null && !from.isBefore(to)) {
      errors.add(new FieldError("to", "结束日期不能早于开始日期。"));
    }
    Long before = number(ctx, "before", errors, Long.MAX_VALUE);
    Long limit = number(ctx, "limit", errors, MAX_LIMIT);
    if (!errors.isEmpty()) {
      throw Problems.invalidInput(errors);
    }
    int size = limit == null ? DEFAULT_LIMIT : limit.intValue();
    boolean national = auditor.tenantKind() == TenantKind.NATIONAL;
    String prefix = switch (auditor.tenantKind()) {
      case PROVINCE -> auditor.tenant().substring(0, 2);
      case CITY -> auditor.tenant().substring(0, 4);
      default -> auditor.tenant();
    };
    Tuple args = Tuple.tuple().addString(national ? null : auditor.tenant()).addString(prefix).addString(tenant)
        .addString(action).addString(blankToNull(ctx.request().getParam("actor")))
        .addString(blankToNull(ctx.request().getParam("subject"))).addOffsetDateTime(from).addOffsetDateTime(to)
        .addLong(before).addInteger(size + 1);
    pool.preparedQuery(AuditTrail.SQL.get("page")).execute(args).onSuccess(rows -> {
      JsonArray items = new JsonArray();
      Long next = null;
      for (Row row : rows) {
        if (items.size() == size) {
          next = items.getJsonObject(size - 1).getLong("id");
          break;
        }
        items.add(new JsonObject().put("id", row.getLong("id")).put("at", row.getOffsetDateTime("at").toString())
            .put("actor", row.getString("actor")).put("actorName", row.getString("actor_name"))
            .put("roles", new JsonArray(List.of(row.getArrayOfStrings("roles")))).put("tenant", row.getString("tenant"))
            .put("action", row.getString("action")).put("subject", row.getString("subject"))
            .put("detail", row.getJsonObject("detail")).put("requestId", row.getString("request_id")));
      }
      JsonObject page = new JsonObject().put("items", items);
      if (next != null) {
        page.put("next", next);
      }
      Responses.ok(ctx, page);
    }).onFailure(ctx::fail);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** A day in China time; {@code to} is inclusive, so it becomes the start of the next day. */
  private static OffsetDateTime date(RoutingContext ctx, String name, List<FieldError> errors, int plusDays) {
    String value = blankToNull(ctx.request().getParam(name));
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value).plusDays(plusDays).atStartOfDay(CHINA).toOffsetDateTime();
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(name, "日期格式应为 YYYY-MM-DD。"));
      return null;
    }
  }

  private static Long number(RoutingContext ctx, String name, List<FieldError> errors, long max) {
    String value = blankToNull(ctx.request().getParam(name));
    if (value == null) {
      return null;
    }
    try {
      long n = Long.parseLong(value);
      if (n < 1 || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      errors.add(new FieldError(name, max == MAX_LIMIT ? "每页条数应为 1 到 " + MAX_LIMIT + " 之间的整数。" : "应为正整数。"));
      return null;
    }
  }
}
