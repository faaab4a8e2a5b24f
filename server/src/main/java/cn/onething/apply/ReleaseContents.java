package cn.onething.apply;

import cn.onething.db.NamedStatements;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * 发布版本内容 — a published release's content (form, rules, materials, process; about 70 KB of
 * JSON for 新生儿出生一件事), read from PostgreSQL once per release and then shared: a stored release
 * never changes, and reading and decoding it on every submission, task view or process start was
 * the largest single cost of those paths. Shared means read-only: never change what it gives.
 */
public final class ReleaseContents {
  private static final NamedStatements SQL = NamedStatements.load(ApplicationStore.class, "applications.sql");
  /** A province has a few hundred releases at most; past this the memory starts afresh. */
  static final int MAX_CACHED = 500;

  private final SqlClient client;
  private final Map<String, JsonObject> contents = new ConcurrentHashMap<>();

  public ReleaseContents(SqlClient client) {
    this.client = client;
  }

  /** The content of release {@code number} of service {@code region/slug}, or null if there is no such release. */
  public Future<JsonObject> get(String region, String slug, int number) {
    String key = region + "/" + slug + "/" + number;
    JsonObject known = contents.get(key);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return client.preparedQuery(SQL.get("releaseContent")).execute(Tuple.of(region, slug, number)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      JsonObject content = rows.iterator().next().getJsonObject("content");
      if (contents.size() >= MAX_CACHED) {
        contents.clear();
      }
      contents.put(key, content);
      return content;
    });
  }
}
