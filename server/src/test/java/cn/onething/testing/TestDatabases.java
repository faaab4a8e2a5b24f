package cn.onething.testing;

import cn.onething.db.DatabaseUrl;
import cn.onething.db.Migrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * Test databases: the schema is migrated once per test run into a template database; each
 * test class then gets its own copy ({@code CREATE DATABASE … TEMPLATE …}), dropped when the
 * class ends. Names carry their creation time so a crashed run's leftovers are dropped by the
 * next run.
 */
public final class TestDatabases implements AutoCloseable {
  /** Where the test databases are made; the role needs CREATEDB. */
  static final String ADMIN_URL = System.getenv().getOrDefault("ONETHING_TEST_DB_URL",
      "postgresql://onething:onething@127.0.0.1:5432/postgres");
  static final String PREFIX = "onething_test_";
  private static final Duration STALE_AFTER = Duration.ofHours(3);

  private final DatabaseUrl admin = DatabaseUrl.parse(ADMIN_URL);
  private final String template;

  public TestDatabases() {
    dropStale();
    template = newName("tpl");
    execute("CREATE DATABASE " + template);
    Migrations.run(urlFor(template), false);
  }

  /** A fresh database with the current schema, as a {@code postgresql://} URL. */
  public String create() {
    String name = newName("db");
    execute("CREATE DATABASE " + name + " TEMPLATE " + template);
    return url(name);
  }

  public void drop(String url) {
    execute("DROP DATABASE IF EXISTS " + DatabaseUrl.parse(url).database() + " WITH (FORCE)");
  }

  /** Names of the test databases that exist now (to check that none are left behind). */
  public List<String> existing() {
    List<String> names = new ArrayList<>();
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + PREFIX + "%'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return names;
  }

  public String templateName() {
    return template;
  }

  @Override
  public void close() {
    execute("DROP DATABASE IF EXISTS " + template + " WITH (FORCE)");
  }

  private void dropStale() {
    long cutoff = Instant.now().minus(STALE_AFTER).getEpochSecond();
    for (String name : existing()) {
      String[] parts = name.substring(PREFIX.length()).split("_");
      if (parts.length == 3 && parts[1].matches("\\d+") && Long.parseLong(parts[1]) < cutoff) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
  }

  private static String newName(String kind) {
    return PREFIX + kind + "_" + Instant.now().getEpochSecond() + "_"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  private String url(String database) {
    String credentials = admin.user() + (admin.password() == null ? "" : ":" + admin.password());
    return "postgresql://" + credentials + "@" + admin.host() + ":" + admin.port() + "/" + database;
  }

  private DatabaseUrl urlFor(String database) {
    return DatabaseUrl.parse(url(database));
  }

  private void execute(String sql) {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  private Connection connect() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", admin.user());
    if (admin.password() != null) {
      props.setProperty("password", admin.password());
    }
    return DriverManager.getConnection(admin.jdbcUrl(), props);
  }
}
