package cn.onething.identity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** 令牌 — issues and checks the signed JWTs (HS256) that carry a {@link Caller}. */
public final class Tokens {
  static final String ISSUER = "onething";
  static final String AUDIENCE = "onething-api";
  private static final String ALGORITHM = "HS256";

  /** At most this many verified tokens are remembered; past it the memory starts afresh. */
  static final int REMEMBERED = 20_000;

  private final JWTAuth auth;
  private final long ttlSeconds;
  /**
   * Tokens whose signature and claims were checked, with the caller they name, until they expire.
   * A token is immutable and nothing revokes one before its expiry (logging out drops the cookie),
   * so a repeat presentation needs only the expiry check: the HMAC, the JSON parse and the claims
   * checks ran once. Only tokens that passed are kept, so a stranger cannot fill it with garbage.
   */
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  private record Verified(Caller caller, long expiresAtSeconds) {}

  /** How many tokens were checked in full (signature and claims), for the tests. */
  private final AtomicLong checked = new AtomicLong();

  long fullChecks() {
    return checked.get();
  }

  /** Why a presented token was refused. */
  public static final class RejectedToken extends RuntimeException {
    private final boolean expired;

    RejectedToken(boolean expired, Throwable cause) {
      super(expired ? "token expired" : "token invalid", cause, false, false);
      this.expired = expired;
    }

    public boolean expired() {
      return expired;
    }
  }

  public Tokens(Vertx vertx, String secret, long ttlSeconds) {
    this.ttlSeconds = ttlSeconds;
    this.auth = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(secret))
        .setJWTOptions(new JWTOptions().setIssuer(ISSUER).setAudience(List.of(AUDIENCE)).setLeeway(5)));
  }

  public String issue(Caller caller) {
    JsonObject claims = new JsonObject()
        .put("name", caller.name())
        .put("tenant", caller.tenant())
        .put("tenantKind", caller.tenantKind() == null ? null : caller.tenantKind().code())
        .put("dept", caller.department())
        .put("roles", new JsonArray(caller.roles().stream().map(Role::code).sorted().toList()));
    return auth.generateToken(claims, new JWTOptions()
        .setAlgorithm(ALGORITHM)
        .setSubject(caller.userId())
        .setIssuer(ISSUER)
        .setAudience(List.of(AUDIENCE))
        .setExpiresInSeconds((int) ttlSeconds));
  }

  public long ttlSeconds() {
    return ttlSeconds;
  }

  /** The caller a token names, or a failed future with {@link RejectedToken}. */
  public Future<Caller> verify(String token) {
    Verified known = verified.get(token);
    if (known != null && known.expiresAtSeconds() > System.currentTimeMillis() / 1000) {
      return Future.succeededFuture(known.caller());
    }
    return auth.authenticate(new TokenCredentials(token))
        .map(user -> remember(token, user.principal(), user.attributes().getLong("exp")))
        .recover(e -> Future.failedFuture(new RejectedToken(isExpiry(e), e)));
  }

  private Caller remember(String token, JsonObject claims, Long expires) {
    Caller caller = toCaller(claims);
    checked.incrementAndGet();
    if (expires != null) {
      if (verified.size() >= REMEMBERED) {
        verified.clear();
      }
      verified.put(token, new Verified(caller, expires));
    }
    return caller;
  }

  private static boolean isExpiry(Throwable e) {
    String message = e.getMessage();
    return message != null && message.contains("expired");
  }

  private static Caller toCaller(JsonObject claims) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    JsonArray codes = claims.getJsonArray("roles", new JsonArray());
    for (Object code : codes) {
      Role.fromCode(String.valueOf(code)).ifPresent(roles::add);
    }
    String kind = claims.getString("tenantKind");
    return new Caller(
        claims.getString("sub"),
        claims.getString("name"),
        claims.getString("tenant"),
        kind == null ? null : TenantKind.fromCode(kind),
        claims.getString("dept"),
        roles);
  }
}
