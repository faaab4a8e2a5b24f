package cn.onething.identity;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

/**
 * 登录会话 — the citizen pages' session: the same signed token as the API's bearer token, in an
 * HttpOnly, SameSite=Lax cookie (Secure behind HTTPS). A missing, bad or expired cookie leaves the
 * request anonymous (and clears the cookie); pages then ask the citizen to log in.
 */
public final class SessionCookies {
  public static final String NAME = "onething_session";

  private final Tokens tokens;

  public SessionCookies(Tokens tokens) {
    this.tokens = tokens;
  }

  /** A handler that makes the cookie's caller known to the request. */
  public void handle(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(NAME);
    if (cookie == null || cookie.getValue().isBlank()) {
      ctx.next();
      return;
    }
    tokens.verify(cookie.getValue()).onComplete(result -> {
      if (result.succeeded()) {
        Access.bind(ctx, result.result());
      } else {
        clear(ctx);
      }
      ctx.next();
    });
  }

  /** Logs the caller in for this browser. */
  public void open(RoutingContext ctx, Caller caller) {
    ctx.response().addCookie(Cookie.cookie(NAME, tokens.issue(caller)).setHttpOnly(true).setPath("/")
        .setSameSite(CookieSameSite.LAX).setSecure(secure(ctx)).setMaxAge(tokens.ttlSeconds()));
  }

  public void clear(RoutingContext ctx) {
    ctx.response().addCookie(Cookie.cookie(NAME, "").setHttpOnly(true).setPath("/").setSameSite(CookieSameSite.LAX)
        .setSecure(secure(ctx)).setMaxAge(0));
  }

  static boolean secure(RoutingContext ctx) {
    return ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
  }

  /** Looks up a user for a page login (dev mode's demo identities). */
  public static Future<java.util.Optional<Caller>> find(IdentityStore store, String userId) {
    return store.findActiveUser(userId);
  }
}
