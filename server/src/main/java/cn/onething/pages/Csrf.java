package cn.onething.pages;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * 跨站请求伪造防护 — a random token in a SameSite=Strict, HttpOnly cookie that every form repeats
 * in a hidden field ({@code _csrf}); a POST whose field does not match the cookie is refused.
 * Another site can make a browser send the cookie but cannot read it to fill the field.
 */
final class Csrf {
  static final String COOKIE = "onething_csrf";
  static final String FIELD = "_csrf";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Csrf() {}

  /** The token for forms on this page, set as a cookie when the browser has none. */
  static String token(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (cookie != null && cookie.getValue().matches("[A-Za-z0-9_-]{32,64}")) {
      return cookie.getValue();
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    ctx.response().addCookie(Cookie.cookie(COOKIE, token).setHttpOnly(true).setPath("/").setSameSite(CookieSameSite.STRICT)
        .setSecure(ctx.request().isSSL()));
    return token;
  }

  static boolean valid(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    String field = ctx.request().getFormAttribute(FIELD);
    return cookie != null && field != null && !field.isEmpty()
        && MessageDigest.isEqual(cookie.getValue().getBytes(), field.getBytes());
  }
}
