package cn.onething.identity;

import java.util.Locale;

/** 租户类型 — the national platform, a central publisher, or a region by GB/T 2260 level. */
public enum TenantKind {
  NATIONAL, PUBLISHER, PROVINCE, CITY, COUNTY;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TenantKind fromCode(String code) {
    return valueOf(code.toUpperCase(Locale.ROOT));
  }
}
