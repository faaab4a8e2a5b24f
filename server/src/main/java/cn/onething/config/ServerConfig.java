package cn.onething.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * 服务配置 — the server's settings, read from environment variables and an optional
 * properties file ({@code ONETHING_CONFIG_FILE}); an environment variable wins over the file.
 */
public record ServerConfig(
    Mode mode,
    String httpHost,
    int httpPort,
    String dbUrl,
    int dbPoolSize,
    boolean dbCreate,
    String jwtSecret,
    long jwtTtlSeconds,
    long bodyLimitBytes,
    String templatesDir,
    boolean demoServices,
    String pluginsDir,
    Map<String, String> secrets,
    String simulatorUrl) {

  public static final String DEFAULT_DB_URL = "postgresql://onething:onething@127.0.0.1:5432/onething";
  /** Publicly known, so accepted in dev mode only. */
  public static final String DEFAULT_JWT_SECRET = "onething-dev-secret-not-for-production-use-0000";
  public static final int MIN_JWT_SECRET_LENGTH = 32;
  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final int DEFAULT_DB_POOL_SIZE = 8;
  public static final long DEFAULT_JWT_TTL_SECONDS = 8 * 3600;
  public static final long DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
  /** Relative to the working directory; {@code none} turns loading off. */
  public static final String DEFAULT_TEMPLATES_DIR = "templates";
  /** Connector jars dropped here are loaded at start; relative to the working directory, {@code none} turns it off. */
  public static final String DEFAULT_PLUGINS_DIR = "connectors";
  /** {@code ONETHING_SECRET_<NAME>} holds the secret an endpoint names with {@code secretRef: NAME}. */
  public static final String SECRET_PREFIX = "ONETHING_SECRET_";
  /** Where {@code ./onething run} starts the department simulator. */
  public static final String DEFAULT_SIMULATOR_URL = "http://127.0.0.1:8090";
  /** The simulator's publicly known API key, supplied in dev mode only. */
  public static final String DEV_SIMULATOR_KEY = "onething-sim-key";
  /** The simulator's publicly known payment-callback secret, supplied in dev mode only. */
  public static final String DEV_PAYMENT_SECRET = "onething-pay-secret";

  /** The names an operator can set, in the order the README documents them. */
  public static final List<String> KEYS = List.of(
      "ONETHING_MODE", "ONETHING_HTTP_HOST", "ONETHING_HTTP_PORT", "ONETHING_DB_URL",
      "ONETHING_DB_POOL_SIZE", "ONETHING_DB_CREATE", "ONETHING_JWT_SECRET", "ONETHING_JWT_TTL",
      "ONETHING_BODY_LIMIT", "ONETHING_TEMPLATES_DIR", "ONETHING_DEMO_SERVICES", "ONETHING_PLUGINS_DIR",
      "ONETHING_SIMULATOR_URL", "ONETHING_CONFIG_FILE");

  public ServerConfig {
    secrets = Map.copyOf(secrets);
  }

  public boolean devMode() {
    return mode == Mode.DEV;
  }

  /** Never prints the secrets' values, only their names. */
  @Override
  public String toString() {
    return "ServerConfig[mode=" + mode + ", http=" + httpHost + ":" + httpPort + ", templates=" + templatesDir
        + ", plugins=" + pluginsDir + ", secrets=" + new java.util.TreeSet<>(secrets.keySet()) + "]";
  }





  /** Reads the process environment (and the file it names). */
  public static ServerConfig fromEnvironment() {
    return from(System.getenv());
  }

  /** Reads the given variables; {@code ONETHING_CONFIG_FILE} among them names an optional file. */
  public static ServerConfig from(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Map<String, String> values = new HashMap<>();
    String file = env.get("ONETHING_CONFIG_FILE");
    if (file != null && !file.isBlank()) {
      values.putAll(readFile(Path.of(file), problems));
    }
    env.forEach((k, v) -> {
      if (k.startsWith("ONETHING_") && v != null && !v.isBlank()) {
        values.put(k, v.trim());
      }
    });
    Values reader = new Values(values, problems);

    Mode mode = reader.mode();
    String host = reader.text("ONETHING_HTTP_HOST", "0.0.0.0");
    int port = (int) reader.number("ONETHING_HTTP_PORT", DEFAULT_HTTP_PORT, 0, 65535);
    String dbUrl = reader.text("ONETHING_DB_URL", DEFAULT_DB_URL);
    if (!dbUrl.startsWith("postgresql://") && !dbUrl.startsWith("postgres://")) {
      problems.add("ONETHING_DB_URL 必须是 postgresql://用户:密码@主机:端口/数据库 形式的地址，当前为“" + dbUrl + "”");
    }
    int pool = (int) reader.number("ONETHING_DB_POOL_SIZE", DEFAULT_DB_POOL_SIZE, 1, 200);
    boolean create = reader.flag("ONETHING_DB_CREATE", true);
    String secret = reader.text("ONETHING_JWT_SECRET", DEFAULT_JWT_SECRET);
    long ttl = reader.number("ONETHING_JWT_TTL", DEFAULT_JWT_TTL_SECONDS, 60, 7 * 24 * 3600);
    long bodyLimit = reader.number("ONETHING_BODY_LIMIT", DEFAULT_BODY_LIMIT_BYTES, 1024, 512L * 1024 * 1024);
    String templates = values.getOrDefault("ONETHING_TEMPLATES_DIR", DEFAULT_TEMPLATES_DIR);
    boolean demoServices = reader.flag("ONETHING_DEMO_SERVICES", true);
    String plugins = values.getOrDefault("ONETHING_PLUGINS_DIR", DEFAULT_PLUGINS_DIR);
    Map<String, String> secrets = new HashMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(SECRET_PREFIX)) {
        String name = k.substring(SECRET_PREFIX.length());
        if (!name.matches("[A-Z][A-Z0-9_]{1,63}")) {
          problems.add(k + "：密钥名只能由大写字母、数字和下划线组成，以字母开头，2 到 64 个字符");
        } else {
          secrets.put(name, v);
        }
      }
    });

    String simulator = values.getOrDefault("ONETHING_SIMULATOR_URL", DEFAULT_SIMULATOR_URL);
    if (!simulator.equals("none") && !simulator.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
      problems.add("ONETHING_SIMULATOR_URL 应为 http:// 或 https:// 开头的地址（或 none），当前为“" + simulator + "”");
    }
    if (mode == Mode.DEV) {
      secrets.putIfAbsent("SIMULATOR_KEY", DEV_SIMULATOR_KEY);
      secrets.putIfAbsent("PAYMENT_CALLBACK", DEV_PAYMENT_SECRET);
    }
    if (mode == Mode.PROD) {
      if (secret.equals(DEFAULT_JWT_SECRET)) {
        problems.add("生产模式（ONETHING_MODE=prod）不能使用默认的 ONETHING_JWT_SECRET：请设置一个至少 "
            + MIN_JWT_SECRET_LENGTH + " 个字符的随机密钥");
      } else if (secret.length() < MIN_JWT_SECRET_LENGTH) {
        problems.add("ONETHING_JWT_SECRET 太短：生产模式至少需要 " + MIN_JWT_SECRET_LENGTH + " 个字符");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ServerConfig(mode, host, port, dbUrl, pool, create, secret, ttl, bodyLimit,
        templates.equals("none") ? null : templates, demoServices && mode == Mode.DEV,
        plugins.equals("none") ? null : plugins, secrets,
        simulator.equals("none") || mode != Mode.DEV ? null : simulator);
  }

  private static Map<String, String> readFile(Path path, List<String> problems) {
    Properties properties = new Properties();
    try (java.io.Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (IOException e) {
      problems.add("无法读取配置文件 ONETHING_CONFIG_FILE=" + path + "：" + e.getMessage());
      return Map.of();
    }
    Map<String, String> values = new HashMap<>();
    for (String name : properties.stringPropertyNames()) {
      if (!KEYS.contains(name) && !name.startsWith(SECRET_PREFIX)) {
        problems.add("配置文件 " + path + " 中有未知的配置项 " + name);
      } else {
        values.put(name, properties.getProperty(name).trim());
      }
    }
    return values;
  }

  /** Reads typed values and collects every problem instead of stopping at the first. */
  private record Values(Map<String, String> values, List<String> problems) {
    Mode mode() {
      String raw = values.getOrDefault("ONETHING_MODE", "dev");
      try {
        return Mode.parse(raw);
      } catch (IllegalArgumentException e) {
        problems.add("ONETHING_MODE 只能是 dev 或 prod，当前为“" + raw + "”");
        return Mode.DEV;
      }
    }

    String text(String key, String fallback) {
      return values.getOrDefault(key, fallback);
    }

    long number(String key, long fallback, long min, long max) {
      String raw = values.get(key);
      if (raw == null) {
        return fallback;
      }
      try {
        long value = Long.parseLong(raw);
        if (value < min || value > max) {
          problems.add(key + " 应在 " + min + " 到 " + max + " 之间，当前为 " + raw);
          return fallback;
        }
        return value;
      } catch (NumberFormatException e) {
        problems.add(key + " 应为整数，当前为“" + raw + "”");
        return fallback;
      }
    }

    boolean flag(String key, boolean fallback) {
      String raw = values.get(key);
      if (raw == null) {
        return fallback;
      }
      return switch (raw.toLowerCase(java.util.Locale.ROOT)) {
        case "true", "yes", "1" -> true;
        case "false", "no", "0" -> false;
        default -> {
          problems.add(key + " 应为 true 或 false，当前为“" + raw + "”");
          yield fallback;
        }
      };
    }
  }
}
