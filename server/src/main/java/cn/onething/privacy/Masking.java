package cn.onething.privacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 脱敏 — ID numbers and mobile numbers shown so that people can be told apart, not so that the
 * numbers can be used: 330106********1424, 138****8000. Lists mask a value they know is sensitive
 * ({@link #value}); logs mask whatever in their text looks like one ({@link #text}).
 */
public final class Masking {
  /** An 18-character resident ID (17 digits and a digit or X) or an 11-digit mainland mobile number, standing alone. */
  private static final Pattern SENSITIVE = Pattern.compile("(?<![0-9A-Za-z])(?:[1-9]\\d{16}[0-9Xx]|1[3-9]\\d{9})(?![0-9A-Za-z])");

  private Masking() {}

  public static String value(String value) {
    if (value.length() >= 15) {
      return value.substring(0, 6) + "*".repeat(value.length() - 10) + value.substring(value.length() - 4);
    }
    if (value.length() >= 7) {
      return value.substring(0, 3) + "*".repeat(value.length() - 7) + value.substring(value.length() - 4);
    }
    return "*".repeat(value.length());
  }

  /** The text with every ID or mobile number in it masked; the same text when there is none. */
  public static String text(String text) {
    if (text == null || text.length() < 11) {
      return text;
    }
    Matcher m = SENSITIVE.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    do {
      m.appendReplacement(out, Matcher.quoteReplacement(value(m.group())));
    } while (m.find());
    m.appendTail(out);
    return out.toString();
  }
}
