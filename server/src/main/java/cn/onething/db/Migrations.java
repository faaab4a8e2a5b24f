package cn.onething.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 数据库迁移 — creates the database when it is missing and applies the SQL migrations in
 * {@code db/migration}. Blocking (JDBC): call it on a worker thread. Flyway's lock makes two
 * processes starting together safe.
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  private static final String DATABASE_MISSING = "3D000";
  private static final String DATABASE_EXISTS = "42P04";
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_]{1,63}");
  static final int CONNECT_TIMEOUT_SECONDS = 5;

  private Migrations() {}

  /** Ensures the database exists (when allowed) and migrates it; returns the applied count. */
  public static int run(DatabaseUrl url, boolean createIfMissing) {
    if (createIfMissing) {
      ensureDatabase(url);
    }
    MigrateResult result = Flyway.configure()
        .dataSource(url.jdbcUrl(), url.user(), url.password())
        .locations("classpath:db/migration")
        .connectRetries(0)
        .load()
        .migrate();
    if (result.migrationsExecuted > 0) {
      LOG.info("数据库 {} 已迁移到版本 {}（本次执行 {} 个迁移）", url.describe(), result.targetSchemaVersion,
          result.migrationsExecuted);
    }
    return result.migrationsExecuted;
  }

  static void ensureDatabase(DatabaseUrl url) {
    try (Connection ignored = connect(url, url.database())) {
      return;
    } catch (SQLException e) {
      if (!DATABASE_MISSING.equals(e.getSQLState())) {
        throw new DatabaseUnavailable("无法连接数据库 " + url.describe() + "：" + e.getMessage(), e);
      }
    }
    if (!SAFE_NAME.matcher(url.database()).matches()) {
      throw new DatabaseUnavailable("数据库名“" + url.database() + "”只能包含字母、数字和下划线，无法自动创建", null);
    }
    LOG.info("数据库 {} 不存在，正在创建…", url.describe());
    try (Connection admin = connect(url, "postgres"); Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE \"" + url.database() + "\"");
    } catch (SQLException e) {
      if (!DATABASE_EXISTS.equals(e.getSQLState())) {
        throw new DatabaseUnavailable("无法创建数据库 " + url.describe() + "：" + e.getMessage()
            + "（需要 CREATEDB 权限，或由管理员预先创建）", e);
      }
    }
  }

  private static Connection connect(DatabaseUrl url, String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", url.user());
    if (url.password() != null) {
      props.setProperty("password", url.password());
    }
    props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
    return DriverManager.getConnection(url.jdbcUrl(database), props);
  }

  /** The database cannot be reached or prepared; the message says which and why. */
  public static final class DatabaseUnavailable extends RuntimeException {
    DatabaseUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
