package cn.onething.stats;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * 差评 — the latest bad ratings (1–2) of a service with their tags and comments, for reading what
 * went wrong. A comment is free text a citizen wrote: identity and mobile numbers in it are masked,
 * and the answer names no application or applicant.
 */
public final class BadRatings {
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 200;
  private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9])([1-9][0-9]{5})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9])");
  private static final Pattern MOBILE = Pattern.compile("(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])");

  private final Breakdowns breakdowns;

  public BadRatings(Breakdowns breakdowns) {
    this.breakdowns = breakdowns;
  }

  public Future<JsonArray> latest(Breakdowns.Filter filter, int limit) {
    return breakdowns.query("badRatings", filter.tuple((long) limit)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(new JsonObject().put("score", r.getInteger("score"))
          .put("tags", new JsonArray(java.util.List.of(r.getArrayOfStrings("tags"))))
          .put("matters", new JsonArray(java.util.List.of(r.getArrayOfStrings("matters"))))
          .put("comment", mask(r.getString("comment")))
          .put("release", r.getInteger("release_number"))
          .put("ratedAt", String.valueOf(r.getValue("rated_at")))));
      return out;
    });
  }

  /** Masks identity numbers (keeps the region and the last four) and mobile numbers in free text. */
  static String mask(String text) {
    if (text == null) {
      return null;
    }
    String masked = ID_NUMBER.matcher(text).replaceAll("$1********$2");
    return MOBILE.matcher(masked).replaceAll("$1****$2");
  }
}
