package cn.onething.identity;

import java.util.Set;

/**
 * 当前用户 — who is making this request, as the signed token says: the user, their tenant
 * (publisher slug or region code), their department inside it, and their roles.
 */
public record Caller(
    String userId, String name, String tenant, TenantKind tenantKind, String department, Set<Role> roles) {

  public Caller {
    roles = Set.copyOf(roles);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  /**
   * Whether this caller's tenant encloses {@code target}: the same tenant, the national
   * platform (encloses all), or a region whose GB/T 2260 code is a prefix level above it
   * (浙江 330000 encloses 杭州 330100 and 西湖区 330106; 杭州 330100 encloses 330106).
   */
  public boolean covers(String target) {
    if (tenant == null || target == null) {
      return false;
    }
    if (tenant.equals(target) || tenantKind == TenantKind.NATIONAL) {
      return true;
    }
    if (!RegionCodes.isRegionCode(target)) {
      return false;
    }
    return switch (tenantKind) {
      case PROVINCE -> target.startsWith(tenant.substring(0, 2));
      case CITY -> target.startsWith(tenant.substring(0, 4));
      default -> false;
    };
  }
}
