package cn.onething.catalogue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** 语义化版本 MAJOR.MINOR.PATCH, ordered numerically. */
public record SemVer(int major, int minor, int patch) implements Comparable<SemVer> {
  private static final Pattern FORM = Pattern.compile("(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})");

  public static boolean isValid(String text) {
    return text != null && FORM.matcher(text).matches();
  }

  public static SemVer parse(String text) {
    Matcher m = text == null ? null : FORM.matcher(text);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("版本号应为 主版本.次版本.修订号（如 1.2.0），而不是“" + text + "”");
    }
    return new SemVer(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
  }

  /**
   * Whether this version satisfies a range: an exact version, {@code ^x.y.z} (same major, not
   * lower) or {@code ~x.y.z} (same major and minor, not lower).
   */
  public boolean satisfies(String range) {
    if (range.startsWith("^")) {
      SemVer floor = parse(range.substring(1));
      return major == floor.major && compareTo(floor) >= 0;
    }
    if (range.startsWith("~")) {
      SemVer floor = parse(range.substring(1));
      return major == floor.major && minor == floor.minor && compareTo(floor) >= 0;
    }
    return equals(parse(range));
  }

  public static boolean isValidRange(String range) {
    return range != null && isValid(range.startsWith("^") || range.startsWith("~") ? range.substring(1) : range);
  }

  @Override
  public int compareTo(SemVer other) {
    int c = Integer.compare(major, other.major);
    if (c == 0) {
      c = Integer.compare(minor, other.minor);
    }
    return c == 0 ? Integer.compare(patch, other.patch) : c;
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
