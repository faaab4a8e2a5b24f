package cn.onething.apply;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.compose.ActiveReleases;
import cn.onething.db.DatabaseUrl;
import cn.onething.testing.TestDatabases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The prefill snapshot a submission relies on is the one the citizen's last view found, although
 * the store does not write a snapshot again that it wrote a moment ago.
 */
class PrefillSnapshotsTest {
  static final String CITIZEN = "citizen-lina";
  static final ApplicationStore.ActiveRelease RELEASE = new ApplicationStore.ActiveRelease("330000", "newborn",
      "新生儿出生一件事", 1, new JsonObject());
  static final JsonObject MOTHER = new JsonObject().put("mother_person_name", "李娜");
  static final JsonObject FATHER = new JsonObject().put("mother_person_name", "李娜").put("father_person_name", "王强");

  static TestDatabases databases;
  static String url;
  static Vertx vertx;
  static Pool pool;
  ApplicationStore store;

  @BeforeAll
  static void database() throws Exception {
    databases = new TestDatabases();
    url = databases.create();
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO app_user (id, name, roles, id_number) VALUES ('" + CITIZEN
          + "', '李娜', ARRAY['citizen'], '330106199208151424')");
    }
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(DatabaseUrl.parse(url).connectOptions())
        .using(vertx).build();
  }

  @AfterAll
  static void close() {
    pool.close().await();
    vertx.close().await();
    databases.drop(url);
    databases.close();
  }

  @BeforeEach
  void empty() throws Exception {
    sql("DELETE FROM prefill_snapshot");
    freshStore();
  }

  /** A store with nothing in memory, as another process or this one after a restart. */
  private void freshStore() {
    store = new ApplicationStore(pool, new ReleaseContents(pool), new ActiveReleases(vertx, pool,
        DatabaseUrl.parse(url).connectOptions()));
  }

  @Test
  void goingBackToEarlierValuesStoresThemAgain() throws Exception {
    save(MOTHER).await();
    save(FATHER).await();
    assertThat(storedValues()).isEqualTo(FATHER);
    save(MOTHER).await();
    assertThat(storedValues()).as("the view the citizen saw last").isEqualTo(MOTHER);
    assertThat(store.findPrefill(CITIZEN, RELEASE).await().getJsonObject("values")).isEqualTo(MOTHER);
  }

  @Test
  void theSameSnapshotAgainLeavesTheRowAsItWas() throws Exception {
    save(MOTHER).await();
    String version = rowVersion();
    save(MOTHER).await();
    save(MOTHER).await();
    assertThat(rowVersion()).isEqualTo(version);
  }

  @Test
  void aRowChangedElsewhereIsStoredAgainByAStoreThatDidNotWriteIt() throws Exception {
    save(MOTHER).await();
    sql("UPDATE prefill_snapshot SET values = '{\"mother_person_name\": \"旧值\"}'");
    freshStore();
    save(MOTHER).await();
    assertThat(storedValues()).isEqualTo(MOTHER);
  }

  @Test
  void theSameSnapshotStoredOverAnHourAgoIsRenewedForItsDay() throws Exception {
    save(MOTHER).await();
    sql("UPDATE prefill_snapshot SET created_at = now() - interval '2 hours'");
    freshStore();
    String old = rowVersion();
    save(MOTHER).await();
    assertThat(rowVersion()).isNotEqualTo(old);
    assertThat(store.findPrefill(CITIZEN, RELEASE).await()).isNotNull();
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private Future<Void> save(JsonObject values) {
    JsonObject sources = new JsonObject();
    values.fieldNames().forEach(k -> sources.put(k, new JsonObject().put("system", "人口库")));
    return store.savePrefill(CITIZEN, RELEASE, values, sources, new JsonObject());
  }

  private static JsonObject storedValues() throws Exception {
    try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
        "SELECT values::text FROM prefill_snapshot WHERE applicant = ?")) {
      s.setString(1, CITIZEN);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return new JsonObject(rs.getString(1));
      }
    }
  }

  private static String rowVersion() throws Exception {
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT xmin::text FROM prefill_snapshot")) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  private static Connection connect() throws Exception {
    DatabaseUrl db = DatabaseUrl.parse(url);
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }
}
