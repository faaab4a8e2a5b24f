package cn.onething.db;

import io.vertx.pgclient.PgConnectOptions;

/**
 * The one {@code postgresql://} URL from configuration, seen as what each client needs:
 * connect options for the Vert.x pool, a JDBC URL for Flyway (JDBC is used only to migrate).
 */
public record DatabaseUrl(String host, int port, String database, String user, String password) {

  public static DatabaseUrl parse(String url) {
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    return new DatabaseUrl(options.getHost(), options.getPort(), options.getDatabase(), options.getUser(),
        options.getPassword());
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions()
        .setHost(host).setPort(port).setDatabase(database).setUser(user).setPassword(password)
        .setCachePreparedStatements(true);
  }

  public String jdbcUrl() {
    return jdbcUrl(database);
  }

  String jdbcUrl(String db) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + db + "?ApplicationName=onething";
  }

  /** For messages: where, never the password. */
  public String describe() {
    return user + "@" + host + ":" + port + "/" + database;
  }
}
