package cn.onething.process;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * 证照编号 — the number a licence the process issues gets, made from the application number (so the
 * same application always gives the same number, and a retried issuance is the same issuance) in
 * the shape its field asks for: one letter and nine digits where the pattern says so (出生医学证明),
 * else a prefix of the licence type and the application number.
 */
final class LicenceNumbers {
  private LicenceNumbers() {}

  static String next(String licenceType, String applicationId, JsonObject field) {
    String digits = applicationId.replace("-", "");
    String letter = licenceType.isEmpty() ? "L" : licenceType.substring(0, 1).toUpperCase(Locale.ROOT);
    String pattern = field == null ? null : field.getString("pattern");
    Integer max = field == null ? null : field.getInteger("maxLength");
    String[] candidates = {
        letter + digits.substring(digits.length() - 9),
        licenceType.toUpperCase(Locale.ROOT).replace("-", "").substring(0, Math.min(4, licenceType.length())) + "-" + applicationId,
        digits,
    };
    for (String c : candidates) {
      if ((pattern == null || c.matches(pattern.replaceAll("^\\^|\\$$", ""))) && (max == null || c.length() <= max)) {
        return c;
      }
    }
    return candidates[0];
  }
}
