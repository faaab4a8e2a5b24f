package cn.onething.identity;

import java.util.Locale;
import java.util.Optional;

/** 角色 — what a user may do; the tenant says where. */
public enum Role {
  /** 发布方: a central body that publishes standard templates. */
  PUBLISHER("发布方"),
  /** 管理员: a province or city admin who composes and publishes services. */
  ADMIN("管理员"),
  /** 窗口/审批人员: a department clerk working the task queue. */
  CLERK("审批人员"),
  /** 群众/企业: applies for services. */
  CITIZEN("群众"),
  /** 审计员: reads the audit trail and figures, changes nothing. */
  AUDITOR("审计员");

  private final String label;

  Role(String label) {
    this.label = label;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String label() {
    return label;
  }

  public static Optional<Role> fromCode(String code) {
    for (Role role : values()) {
      if (role.code().equals(code)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
