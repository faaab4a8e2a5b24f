package cn.onething.stats;

import cn.onething.privacy.Masking;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * 差评 — the latest bad ratings (1–2) of a service with their tags and comments, for reading what
 * went wrong. A comment is free text a citizen wrote: identity and mobile numbers in it are masked,
 * and the answer names no application or applicant.
 */
public final class BadRatings {
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 200;

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
          .put("comment", Masking.text(r.getString("comment")))
          .put("release", r.getInteger("release_number"))
          .put("ratedAt", String.valueOf(r.getValue("rated_at")))));
      return out;
    });
  }
}
