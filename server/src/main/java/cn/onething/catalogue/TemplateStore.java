package cn.onething.catalogue;

import cn.onething.db.NamedStatements;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** 模板存储 — template versions in PostgreSQL: drafts change, published versions never do. */
public final class TemplateStore {
  private static final NamedStatements SQL = NamedStatements.load(TemplateStore.class, "catalogue.sql");
  private final Pool pool;

  public TemplateStore(Pool pool) {
    this.pool = pool;
  }

  /** A stored version and what is known about it. */
  public record StoredVersion(
      String publisher, String slug, String version, String status, String title, JsonObject content,
      String contentHash, String source, boolean deprecated, String deprecationNote, String publishedAt,
      String updatedAt) {

    public boolean published() {
      return status.equals("published");
    }

    JsonObject summary() {
      return new JsonObject()
          .put("publisher", publisher).put("slug", slug).put("version", version).put("status", status)
          .put("title", title).put("deprecated", deprecated).put("deprecationNote", deprecationNote)
          .put("publishedAt", publishedAt).put("updatedAt", updatedAt).put("source", source);
    }
  }

  public Future<Optional<String>> kindOf(String publisher, String slug) {
    return pool.preparedQuery(SQL.get("templateKind")).execute(Tuple.of(publisher, slug))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString("kind")));
  }

  public Future<Optional<StoredVersion>> find(String publisher, String slug, String version) {
    return pool.preparedQuery(SQL.get("findVersion")).execute(Tuple.of(publisher, slug, version))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toVersion(rows.iterator().next())));
  }

  /**
   * Creates or replaces a draft. Empty when the version is already published (then it is not
   * touched); otherwise whether the draft is new.
   */
  public Future<Optional<Boolean>> saveDraft(JsonObject template, String user) {
    SemVer v = SemVer.parse(template.getString("version"));
    return pool.withTransaction(conn -> conn.preparedQuery(SQL.get("ensureTemplate"))
        .execute(Tuple.of(template.getString("publisher"), template.getString("slug"), template.getString("kind")))
        .compose(x -> conn.preparedQuery(SQL.get("saveDraft")).execute(Tuple.tuple(List.of(
            template.getString("publisher"), template.getString("slug"), template.getString("version"),
            v.major(), v.minor(), v.patch(), template.getString("title"), template,
            CanonicalJson.hash(template), user))))
        .map(rows -> rows.size() == 0 ? Optional.<Boolean>empty() : Optional.of(rows.iterator().next().getBoolean("created"))));
  }

  /** Publishes the draft if its content is still the one that was validated ({@code hash}). */
  public Future<Boolean> publish(String publisher, String slug, String version, String hash, String user) {
    return pool.withTransaction(conn -> conn.preparedQuery(SQL.get("publishDraft"))
        .execute(Tuple.of(publisher, slug, version, user, hash))
        .compose(rows -> rows.size() == 1
            ? notifyChange(conn, publisher, slug).map(true)
            : Future.succeededFuture(false)));
  }

  /** Tells every process (this one too) that a template's published versions changed; sent on commit. */
  public static Future<Void> notifyChange(io.vertx.sqlclient.SqlConnection conn, String publisher, String slug) {
    return conn.preparedQuery(SQL.get("notifyChange")).execute(Tuple.of(publisher + "/" + slug)).mapEmpty();
  }

  /** Inserts a version as published (the catalogue loader); false when that version already exists. */
  public Future<Boolean> insertPublished(JsonObject template, String source, String user) {
    SemVer v = SemVer.parse(template.getString("version"));
    return pool.withTransaction(conn -> conn.preparedQuery(SQL.get("ensureTemplate"))
        .execute(Tuple.of(template.getString("publisher"), template.getString("slug"), template.getString("kind")))
        .compose(x -> conn.preparedQuery(SQL.get("insertPublished")).execute(Tuple.tuple(List.of(
            template.getString("publisher"), template.getString("slug"), template.getString("version"),
            v.major(), v.minor(), v.patch(), template.getString("title"), template, CanonicalJson.hash(template),
            source, user))))
        .compose(rows -> rows.size() == 1
            ? notifyChange(conn, template.getString("publisher"), template.getString("slug")).map(true)
            : Future.succeededFuture(false)));
  }

  /** Flags a published version deprecated; false when it was not published or already deprecated. */
  public Future<Boolean> deprecate(String publisher, String slug, String version, String user, String note) {
    return pool.withTransaction(conn -> conn.preparedQuery(SQL.get("deprecate"))
        .execute(Tuple.of(publisher, slug, version, user, note))
        .compose(rows -> rows.size() == 1
            ? notifyChange(conn, publisher, slug).map(true)
            : Future.succeededFuture(false)));
  }

  public Future<List<StoredVersion>> versions(String publisher, String slug) {
    return pool.preparedQuery(SQL.get("listVersions")).execute(Tuple.of(publisher, slug)).map(rows -> {
      List<StoredVersion> list = new ArrayList<>();
      rows.forEach(row -> list.add(new StoredVersion(publisher, slug, row.getString("version"), row.getString("status"),
          row.getString("title"), null, null, null, row.getBoolean("deprecated"), row.getString("deprecation_note"),
          text(row, "published_at"), text(row, "updated_at"))));
      return list;
    });
  }

  /** The newest published version of each template (deprecated ones only when asked). */
  public Future<JsonArray> current(boolean includeDeprecated, String kind, String publisher) {
    return pool.preparedQuery(SQL.get("listCurrent")).execute(Tuple.of(includeDeprecated, kind, publisher))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(row -> out.add(new JsonObject()
              .put("publisher", row.getString("publisher")).put("slug", row.getString("slug"))
              .put("kind", row.getString("kind")).put("version", row.getString("version"))
              .put("title", row.getString("title")).put("deprecated", row.getBoolean("deprecated"))
              .put("summary", row.getValue("summary")).put("stages", row.getValue("stages"))
              .put("publishedAt", text(row, "published_at"))));
          return out;
        });
  }

  /** Every published version, for the linter's index. */
  public Future<List<JsonObject>> allPublished() {
    return pool.preparedQuery(SQL.get("allPublished")).execute().map(rows -> {
      List<JsonObject> list = new ArrayList<>();
      rows.forEach(row -> list.add(row.getJsonObject("content")));
      return list;
    });
  }

  private static StoredVersion toVersion(Row row) {
    return new StoredVersion(row.getString("publisher"), row.getString("slug"), row.getString("version"),
        row.getString("status"), row.getString("title"), row.getJsonObject("content"), row.getString("content_hash"),
        row.getString("source"), row.getBoolean("deprecated"), row.getString("deprecation_note"),
        text(row, "published_at"), text(row, "updated_at"));
  }

  private static String text(Row row, String column) {
    Object value = row.getValue(column);
    return value == null ? null : value.toString();
  }
}
