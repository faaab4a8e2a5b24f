package cn.onething.identity;

import java.util.regex.Pattern;

/** 行政区划代码 (GB/T 2260) — the six-digit codes that name province, city and county tenants. */
public final class RegionCodes {
  private static final Pattern CODE = Pattern.compile("[1-9][0-9]{5}");

  private RegionCodes() {}

  public static boolean isRegionCode(String value) {
    return value != null && CODE.matcher(value).matches();
  }
}
