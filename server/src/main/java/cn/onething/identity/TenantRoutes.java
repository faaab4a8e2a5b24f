package cn.onething.identity;

import cn.onething.http.JsonBodies;
import cn.onething.http.Problem.FieldError;
import cn.onething.http.Problems;
import cn.onething.http.Responses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** 租户 — the tenant directory, and a tenant's departments and users for those inside it. */
public final class TenantRoutes {
  private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,31}");
  private static final Pattern DEPARTMENT_CODE = Pattern.compile("[a-z][a-z0-9-]{1,39}");
  static final int MAX_NAME_LENGTH = 64;

  private final IdentityStore store;

  public TenantRoutes(IdentityStore store) {
    this.store = store;
  }

  public void mount(Router router) {
    router.get("/api/tenants").handler(this::list);
    router.get("/api/tenants/:tenant").handler(this::get);
    router.get("/api/tenants/:tenant/users").handler(this::users);
    router.put("/api/tenants/:tenant/departments/:code").handler(this::putDepartment);
  }

  /** The directory of tenants is public, like the list of regions it mirrors. */
  private void list(RoutingContext ctx) {
    store.listTenants()
        .onSuccess(tenants -> Responses.ok(ctx, new JsonObject()
            .put("tenants", new JsonArray(tenants.stream().map(IdentityStore.Tenant::toJson).toList()))))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String tenant = tenantParam(ctx);
    Access.inTenant(ctx, tenant, Role.ADMIN, Role.CLERK, Role.AUDITOR, Role.PUBLISHER);
    store.findTenant(tenant).compose(found -> {
      if (found.isEmpty()) {
        throw Problems.notFound("没有这个租户：" + tenant);
      }
      return store.listDepartments(tenant).map(departments -> found.get().toJson().put("departments", departments));
    }).onSuccess(json -> Responses.ok(ctx, json)).onFailure(ctx::fail);
  }

  private void users(RoutingContext ctx) {
    String tenant = tenantParam(ctx);
    Access.inTenant(ctx, tenant, Role.ADMIN, Role.AUDITOR);
    store.findTenant(tenant).compose(found -> {
      if (found.isEmpty()) {
        throw Problems.notFound("没有这个租户：" + tenant);
      }
      return store.listTenantUsers(tenant);
    }).onSuccess(users -> Responses.ok(ctx, new JsonObject().put("users", users))).onFailure(ctx::fail);
  }

  private void putDepartment(RoutingContext ctx) {
    String tenant = tenantParam(ctx);
    Access.inTenant(ctx, tenant, Role.ADMIN);
    String code = ctx.pathParam("code");
    JsonObject body = JsonBodies.object(ctx);
    List<FieldError> errors = new ArrayList<>();
    if (!DEPARTMENT_CODE.matcher(code).matches()) {
      errors.add(new FieldError("code", "部门代码只能由小写字母、数字和连字符组成，以字母开头，2–40 个字符。"));
    }
    for (String field : body.fieldNames()) {
      if (!field.equals("name")) {
        errors.add(new FieldError("/" + field, "不允许的字段“" + field + "”：部门只能修改名称（name）。"));
      }
    }
    Object name = body.getValue("name");
    if (!(name instanceof String text) || text.isBlank()) {
      errors.add(new FieldError("/name", "请填写部门名称。"));
    } else if (text.strip().length() < 2 || text.strip().length() > MAX_NAME_LENGTH) {
      errors.add(new FieldError("/name", "部门名称应为 2–" + MAX_NAME_LENGTH + " 个字符。"));
    }
    if (!errors.isEmpty()) {
      throw Problems.invalidInput(errors);
    }
    String cleanName = ((String) name).strip();
    store.findTenant(tenant).compose(found -> {
      if (found.isEmpty()) {
        throw Problems.notFound("没有这个租户：" + tenant);
      }
      return store.upsertDepartment(tenant, code, cleanName);
    }).onSuccess(created -> Responses.json(ctx, created ? 201 : 200,
        new JsonObject().put("tenant", tenant).put("code", code).put("name", cleanName)))
        .onFailure(ctx::fail);
  }

  private static String tenantParam(RoutingContext ctx) {
    String tenant = ctx.pathParam("tenant");
    if (!TENANT_ID.matcher(tenant).matches()) {
      throw Problems.invalidInput("tenant", "租户应为行政区划代码（如 330000）或发布方代码（如 nhc）。");
    }
    return tenant;
  }
}
