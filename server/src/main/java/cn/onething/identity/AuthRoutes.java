package cn.onething.identity;

import cn.onething.http.JsonBodies;
import cn.onething.http.Problems;
import cn.onething.http.Responses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * 登录 — who am I, and (dev mode only) the demo login that signs in as a seeded demo user
 * without a password. In prod mode the demo routes do not exist at all.
 */
public final class AuthRoutes {
  private final IdentityStore store;
  private final Tokens tokens;
  private final boolean devMode;
  private final LoginThrottle throttle;

  public AuthRoutes(IdentityStore store, Tokens tokens, boolean devMode, LoginThrottle throttle) {
    this.store = store;
    this.tokens = tokens;
    this.devMode = devMode;
    this.throttle = throttle;
  }

  public void mount(Router router) {
    router.get("/api/auth/me").handler(this::me);
    if (devMode) {
      router.post("/api/auth/dev-login").handler(this::devLogin);
      router.get("/api/auth/dev-users").handler(this::devUsers);
    }
  }

  private void me(RoutingContext ctx) {
    Responses.ok(ctx, CallerJson.of(Access.signedIn(ctx)));
  }

  private void devLogin(RoutingContext ctx) {
    String address = ctx.request().remoteAddress() == null ? "-" : ctx.request().remoteAddress().hostAddress();
    long wait = throttle.retryAfterSeconds(address);
    if (wait > 0) {
      ctx.response().putHeader("Retry-After", String.valueOf(wait));
      throw Problems.tooManyRequests(wait);
    }
    JsonObject body = JsonBodies.object(ctx);
    Object user = body.getValue("user");
    if (user == null) {
      throw Problems.invalidInput("/user", "请填写演示用户 ID，例如 admin-330000。");
    }
    if (!(user instanceof String userId) || userId.isBlank()) {
      throw Problems.invalidInput("/user", "演示用户 ID 应为非空字符串。");
    }
    store.findActiveUser(userId).onSuccess(found -> {
      if (found.isEmpty()) {
        throttle.failed(address);
        ctx.fail(Problems.invalidInput("/user", "没有这个演示用户：“" + userId + "”。可用的用户见 GET /api/auth/dev-users。"));
        return;
      }
      Caller caller = found.get();
      Responses.ok(ctx, new JsonObject()
          .put("token", tokens.issue(caller))
          .put("tokenType", "Bearer")
          .put("expiresIn", tokens.ttlSeconds())
          .put("user", CallerJson.of(caller)));
    }).onFailure(ctx::fail);
  }

  private void devUsers(RoutingContext ctx) {
    store.listUsers().onSuccess(users ->
        Responses.ok(ctx, new JsonObject().put("users", new JsonArray(users.stream().map(CallerJson::of).toList()))))
        .onFailure(ctx::fail);
  }
}
