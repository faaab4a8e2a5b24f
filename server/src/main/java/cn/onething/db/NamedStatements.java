package cn.onething.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A capability's SQL, kept in one {@code .sql} file beside its code: each statement follows a
 * {@code -- name: someName} line. Loaded once; asking for a name that is not there fails fast.
 */
public final class NamedStatements {
  private static final String MARKER = "-- name:";
  private final String source;
  private final Map<String, String> statements;

  private NamedStatements(String source, Map<String, String> statements) {
    this.source = source;
    this.statements = statements;
  }

  /** Loads {@code file} from the package of {@code owner}. */
  public static NamedStatements load(Class<?> owner, String file) {
    String source = owner.getPackageName().replace('.', '/') + "/" + file;
    try (InputStream in = owner.getClassLoader().getResourceAsStream(source)) {
      if (in == null) {
        throw new IllegalStateException("missing SQL resource " + source);
      }
      return new NamedStatements(source, parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> parse(String text) {
    Map<String, String> result = new LinkedHashMap<>();
    String name = null;
    StringBuilder sql = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (line.startsWith(MARKER)) {
        put(result, name, sql);
        name = line.substring(MARKER.length()).trim();
        sql.setLength(0);
      } else if (name != null && !line.trim().startsWith("--")) {
        sql.append(line).append('\n');
      }
    }
    put(result, name, sql);
    return result;
  }

  private static void put(Map<String, String> result, String name, StringBuilder sql) {
    if (name == null) {
      return;
    }
    String statement = sql.toString().trim();
    if (statement.endsWith(";")) {
      statement = statement.substring(0, statement.length() - 1).trim();
    }
    if (result.put(name, statement) != null) {
      throw new IllegalStateException("duplicate SQL statement name " + name);
    }
  }

  public String get(String name) {
    String sql = statements.get(name);
    if (sql == null) {
      throw new IllegalStateException("no statement " + name + " in " + source);
    }
    return sql;
  }
}
