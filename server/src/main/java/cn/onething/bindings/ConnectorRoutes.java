package cn.onething.bindings;

import cn.onething.http.Responses;
import cn.onething.identity.Access;
import cn.onething.identity.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * 连接器 — what the designer needs to configure endpoints (each connector's type, name and
 * configuration schema), and for national operators the state of every endpoint's circuit.
 */
public final class ConnectorRoutes {
  private final Connectors connectors;
  private final BindingCalls calls;

  public ConnectorRoutes(Connectors connectors, BindingCalls calls) {
    this.connectors = connectors;
    this.calls = calls;
  }

  public void mount(Router router) {
    router.get("/api/connectors").handler(ctx -> {
      Access.signedIn(ctx);
      JsonArray items = new JsonArray();
      connectors.all().forEach(i -> items.add(new JsonObject()
          .put("type", i.factory().type())
          .put("title", i.factory().title())
          .put("source", i.source())
          .put("configurationSchema", i.factory().configurationSchema())));
      Responses.json(ctx, 200, new JsonObject().put("items", items));
    });
    router.get("/api/connectors/circuits").handler(ctx -> {
      Access.inTenant(ctx, "national", Role.ADMIN, Role.AUDITOR);
      JsonArray items = new JsonArray();
      calls.circuits().forEach(c -> items.add(new JsonObject().put("endpoint", c.endpoint()).put("state", c.state())
          .put("failures", c.failures())));
      Responses.json(ctx, 200, new JsonObject().put("items", items));
    });
  }
}
