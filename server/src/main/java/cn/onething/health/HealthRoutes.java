package cn.onething.health;

import cn.onething.db.Database;
import cn.onething.http.Responses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * 健康检查 — {@code GET /health}: 200 when PostgreSQL answers and the schema is migrated, 503
 * otherwise, with the same JSON shape either way so monitors and the designer can read it.
 */
public final class HealthRoutes {
  private final Database database;
  private final String version;
  private final boolean showDetail;

  /** @param showDetail whether to say why the database is down (dev mode); prod says only that it is */
  public HealthRoutes(Database database, String version, boolean showDetail) {
    this.database = database;
    this.version = version;
    this.showDetail = showDetail;
  }

  public void mount(Router router) {
    router.get("/health").handler(this::health);
  }

  private void health(RoutingContext ctx) {
    database.ping().onComplete(result -> {
      boolean up = result.succeeded() && database.ready();
      JsonObject db = new JsonObject()
          .put("status", up ? "UP" : "DOWN")
          .put("migrated", database.ready());
      if (!up) {
        db.put("detail", detail(result.cause()));
      }
      Responses.json(ctx, up ? 200 : 503, new JsonObject()
          .put("status", up ? "UP" : "DOWN")
          .put("database", db)
          .put("version", version));
    });
  }

  private String detail(Throwable pingFailure) {
    if (!showDetail) {
      return "数据库不可用";
    }
    if (pingFailure != null) {
      return "无法连接数据库 " + database.url().describe() + "：" + pingFailure.getMessage();
    }
    String why = database.lastFailure();
    return "数据库尚未完成迁移" + (why == null ? "" : "：" + why);
  }
}
