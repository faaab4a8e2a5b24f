package cn.onething.config;

/** 运行模式 — dev enables the demo login and demo identities; prod refuses unsafe defaults. */
public enum Mode {
  DEV, PROD;

  static Mode parse(String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "dev" -> DEV;
      case "prod" -> PROD;
      default -> throw new IllegalArgumentException(value);
    };
  }
}
