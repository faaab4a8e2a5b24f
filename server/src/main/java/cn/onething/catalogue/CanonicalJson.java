package cn.onething.catalogue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * The same JSON, written one way: keys sorted, no whitespace. Its SHA-256 identifies a
 * template's content whether it came from a file or back from PostgreSQL's jsonb.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  public static String hash(JsonObject json) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(canonical(json).toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Object canonical(Object value) {
    if (value instanceof JsonObject object) {
      TreeMap<String, Object> sorted = new TreeMap<>();
      object.forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
      return new JsonObject(new java.util.LinkedHashMap<>(sorted));
    }
    if (value instanceof JsonArray array) {
      JsonArray out = new JsonArray();
      array.forEach(v -> out.add(canonical(v)));
      return out;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && !(n instanceof Double d && d.isInfinite())
        && Math.abs(n.doubleValue()) < 1e15) {
      return n.longValue();  // 80 and 80.0 are the same number to jsonb
    }
    return value;
  }
}
