package cn.onething.marketplace;

import cn.onething.catalogue.TemplateStore;
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

/** 工作区 — the templates a province has installed, and who uses which template. */
public final class WorkspaceStore implements cn.onething.catalogue.CatalogueRoutes.UsageSource {
  private static final NamedStatements SQL = NamedStatements.load(WorkspaceStore.class, "workspace.sql");
  private final Pool pool;

  public WorkspaceStore(Pool pool) {
    this.pool = pool;
  }

  /** One template version to install, and the package that brought it in (if any). */
  public record Install(String publisher, String slug, String version, String viaPackage) {}

  /** Installs all in one transaction; each installed template's usage changes, so each is announced. */
  public Future<List<Boolean>> install(String region, List<Install> installs, String user) {
    return pool.withTransaction(conn -> {
      List<Boolean> created = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (Install i : installs) {
        chain = chain.compose(v -> conn.preparedQuery(SQL.get("install"))
                .execute(Tuple.of(region, i.publisher(), i.slug(), i.version(), user, i.viaPackage())))
            .compose(rows -> {
              created.add(rows.iterator().next().getBoolean("created"));
              return TemplateStore.notifyChange(conn, i.publisher(), i.slug());
            });
      }
      return chain.map(v -> created);
    });
  }

  /** Removes an installed template; empty when it was not installed. */
  public Future<Optional<String>> uninstall(String region, String publisher, String slug) {
    return pool.withTransaction(conn -> conn.preparedQuery(SQL.get("uninstall")).execute(Tuple.of(region, publisher, slug))
        .compose(rows -> rows.size() == 0
            ? Future.succeededFuture(Optional.<String>empty())
            : TemplateStore.notifyChange(conn, publisher, slug).map(Optional.of(rows.iterator().next().getString("version")))));
  }

  public Future<JsonArray> list(String region) {
    return pool.preparedQuery(SQL.get("listWorkspace")).execute(Tuple.of(region)).map(rows -> {
      JsonArray items = new JsonArray();
      for (Row row : rows) {
        String version = row.getString("version");
        String latest = row.getString("latest");
        JsonObject item = new JsonObject()
            .put("publisher", row.getString("publisher")).put("slug", row.getString("slug"))
            .put("kind", row.getString("kind")).put("title", row.getString("title")).put("version", version)
            .put("deprecated", row.getBoolean("deprecated"))
            .put("installedBy", row.getString("installed_by"))
            .put("installedAt", String.valueOf(row.getValue("installed_at")))
            .put("viaPackage", row.getString("via_package"));
        item.put("upgrade", upgrade(row.getString("publisher"), row.getString("slug"), version, latest));
        items.add(item);
      }
      return items;
    });
  }

  /** An upgrade notice when a newer, non-deprecated version is published. */
  static JsonObject upgrade(String publisher, String slug, String installed, String latest) {
    if (latest == null || !newer(latest, installed)) {
      return null;
    }
    return new JsonObject().put("latest", latest)
        .put("diff", "/api/catalogue/templates/" + publisher + "/" + slug + "/diff?from=" + installed + "&to=" + latest);
  }

  private static boolean newer(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < 3; i++) {
      int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
      if (c != 0) {
        return c > 0;
      }
    }
    return false;
  }

  public Future<JsonArray> usage(String publisher, String slug) {
    return pool.preparedQuery(SQL.get("usage")).execute(Tuple.of(publisher, slug)).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row row : rows) {
        out.add(new JsonObject().put("version", row.getString("version")).put("region", row.getString("region"))
            .put("regionName", row.getString("region_name")).put("regionKind", row.getString("region_kind"))
            .put("installedAt", String.valueOf(row.getValue("installed_at")))
            .put("viaPackage", row.getString("via_package")));
      }
      return out;
    });
  }

  /** Provinces using each version (a city counts for its province), and in all. */
  @Override
  public Future<JsonObject> usageByVersion(String publisher, String slug) {
    return pool.preparedQuery(SQL.get("usageSummary")).execute(Tuple.of(publisher, slug)).compose(rows -> {
      JsonObject byVersion = new JsonObject();
      rows.forEach(row -> byVersion.put(row.getString("version"), row.getLong("provinces")));
      return pool.preparedQuery(SQL.get("usageTotal")).execute(Tuple.of(publisher, slug))
          .map(total -> new JsonObject().put("provinces", total.iterator().next().getLong("provinces"))
              .put("byVersion", byVersion));
    });
  }

  @Override
  public Future<Optional<String>> tenantName(String id) {
    return pool.preparedQuery(SQL.get("publisherName")).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString("name")));
  }
}
