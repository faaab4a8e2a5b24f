package cn.onething.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hand-made HS256 tokens, to present the server with ones it did not issue itself. */
public final class Jwts {
  private Jwts() {}

  public static String sign(String secret, String subject, String tenant, String role, Instant expires) {
    JsonObject header = new JsonObject().put("alg", "HS256").put("typ", "JWT");
    JsonObject claims = new JsonObject()
        .put("sub", subject)
        .put("iss", "onething")
        .put("aud", new JsonArray().add("onething-api"))
        .put("iat", expires.minusSeconds(3600).getEpochSecond())
        .put("exp", expires.getEpochSecond())
        .put("tenant", tenant)
        .put("tenantKind", "province")
        .put("roles", new JsonArray().add(role));
    String signingInput = encode(header.encode()) + "." + encode(claims.encode());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
