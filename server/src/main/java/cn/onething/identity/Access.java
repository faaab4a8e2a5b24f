package cn.onething.identity;

import cn.onething.http.Problems;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * 权限检查 — the one authorization helper every route uses. Each check runs on the server for
 * every request: signed in (else 401), holding one of the roles (else 403), and, for tenant
 * routes, with a tenant that encloses the one in the path (else 403).
 */
public final class Access {
  private static final String KEY = "onething.caller";

  private Access() {}

  static void bind(RoutingContext ctx, Caller caller) {
    ctx.put(KEY, caller);
  }

  /** The caller, or null for an anonymous request. */
  public static Caller callerIfAny(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  public static Caller signedIn(RoutingContext ctx) {
    Caller caller = callerIfAny(ctx);
    if (caller == null) {
      throw Problems.unauthorized("请先登录，并在 Authorization 头中携带令牌。");
    }
    return caller;
  }

  public static Caller withRole(RoutingContext ctx, Role... anyOf) {
    Caller caller = signedIn(ctx);
    for (Role role : anyOf) {
      if (caller.has(role)) {
        return caller;
      }
    }
    throw Problems.forbidden("此操作需要以下角色之一：" + labels(anyOf) + "。");
  }

  /** A caller with one of the roles whose tenant encloses {@code tenant}. */
  public static Caller inTenant(RoutingContext ctx, String tenant, Role... anyOf) {
    Caller caller = withRole(ctx, anyOf);
    if (!caller.covers(tenant)) {
      throw Problems.forbidden("您属于“" + caller.tenant() + "”，无权访问“" + tenant + "”的数据。");
    }
    return caller;
  }

  private static String labels(Role... roles) {
    return Arrays.stream(roles).map(Role::label).collect(Collectors.joining("、"));
  }
}
