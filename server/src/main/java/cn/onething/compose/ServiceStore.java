package cn.onething.compose;

import cn.onething.db.NamedStatements;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** 服务存储 — service definitions (drafts that change) and their releases (that never do). */
public final class ServiceStore implements cn.onething.marketplace.MarketplaceRoutes.ServiceUsage {
  private static final NamedStatements SQL = NamedStatements.load(ServiceStore.class, "services.sql");
  private final Pool pool;
  private final ActiveReleases active;

  public ServiceStore(Pool pool, ActiveReleases active) {
    this.pool = pool;
    this.active = active;
  }

  /** False when the region already has a service with this slug. */
  public Future<Boolean> create(String region, String slug, String title, JsonObject definition, String fromPackage,
      String user) {
    return pool.preparedQuery(SQL.get("insertService"))
        .execute(Tuple.of(region, slug, title, definition, fromPackage, user))
        .map(rows -> rows.size() == 1);
  }

  public Future<Optional<JsonObject>> find(String region, String slug) {
    return pool.preparedQuery(SQL.get("findService")).execute(Tuple.of(region, slug))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toJson(rows.iterator().next())));
  }

  public Future<JsonArray> list(String region) {
    return pool.preparedQuery(SQL.get("listServices")).execute(Tuple.of(region)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(row -> out.add(new JsonObject().put("slug", row.getString("slug")).put("title", row.getString("title"))
          .put("fromPackage", row.getString("from_package")).put("activeRelease", row.getInteger("active_release"))
          .put("updatedAt", String.valueOf(row.getValue("updated_at")))));
      return out;
    });
  }

  public Future<Void> update(String region, String slug, String title, JsonObject definition, String user) {
    return pool.preparedQuery(SQL.get("updateService")).execute(Tuple.of(region, slug, title, definition, user))
        .<Void>mapEmpty().onSuccess(x -> active.forget(region, slug));
  }

  /** Stores the release as the next number and makes it active, in one transaction. */
  public Future<Integer> publish(String region, String slug, JsonObject release, String user) {
    return pool.withTransaction(conn -> conn.preparedQuery(SQL.get("nextReleaseNumber")).execute(Tuple.of(region, slug))
        .compose(rows -> {
          int number = rows.iterator().next().getInteger("next");
          return conn.preparedQuery(SQL.get("insertRelease"))
              .execute(Tuple.of(region, slug, number, release, release.getString("contentHash"), user))
              .compose(x -> conn.preparedQuery(SQL.get("activate")).execute(Tuple.of(region, slug, number)))
              .map(number);
        })).onSuccess(x -> active.forget(region, slug));
  }

  public Future<JsonArray> releases(String region, String slug) {
    return pool.preparedQuery(SQL.get("listReleases")).execute(Tuple.of(region, slug)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(row -> out.add(new JsonObject().put("number", row.getInteger("number"))
          .put("contentHash", row.getString("content_hash")).put("publishedBy", row.getString("published_by"))
          .put("publishedAt", String.valueOf(row.getValue("published_at")))
          .put("figures", row.getValue("figures")).put("members", row.getValue("members"))));
      return out;
    });
  }

  public Future<Optional<JsonObject>> release(String region, String slug, int number) {
    return pool.preparedQuery(SQL.get("findRelease")).execute(Tuple.of(region, slug, number))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getJsonObject("content")));
  }

  /** Makes an existing release the active one (rollback). */
  public Future<Void> activate(String region, String slug, int number) {
    return pool.preparedQuery(SQL.get("activate")).execute(Tuple.of(region, slug, number)).<Void>mapEmpty()
        .onSuccess(x -> active.forget(region, slug));
  }

  /** Every province's service composed from a package, with its definition. */
  public Future<JsonArray> fromPackage(String packageRef) {
    return pool.preparedQuery(SQL.get("servicesFromPackage")).execute(Tuple.of(packageRef)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(row -> out.add(new JsonObject().put("region", row.getString("region"))
          .put("regionName", row.getString("region_name")).put("slug", row.getString("slug"))
          .put("title", row.getString("title")).put("definition", row.getJsonObject("definition"))
          .put("activeRelease", row.getInteger("active_release"))));
      return out;
    });
  }

  /** The services whose definition has the template as a member, with the version each pins. */
  @Override
  public Future<JsonArray> servicesUsing(String templateRef) {
    return pool.preparedQuery(SQL.get("servicesUsing")).execute(Tuple.of(templateRef)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(row -> out.add(new JsonObject().put("region", row.getString("region"))
          .put("regionName", row.getString("region_name")).put("service", row.getString("slug"))
          .put("title", row.getString("title")).put("version", row.getString("version"))
          .put("activeRelease", row.getInteger("active_release"))));
      return out;
    });
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject().put("region", row.getString("region")).put("slug", row.getString("slug"))
        .put("title", row.getString("title")).put("definition", row.getJsonObject("definition"))
        .put("fromPackage", row.getString("from_package")).put("activeRelease", row.getInteger("active_release"))
        .put("createdBy", row.getString("created_by")).put("updatedBy", row.getString("updated_by"))
        .put("updatedAt", String.valueOf(row.getValue("updated_at")));
  }
}
