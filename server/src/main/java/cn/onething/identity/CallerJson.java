package cn.onething.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** How a {@link Caller} is shown over the API. */
final class CallerJson {
  private CallerJson() {}

  static JsonObject of(Caller caller) {
    return new JsonObject()
        .put("id", caller.userId())
        .put("name", caller.name())
        .put("tenant", caller.tenant())
        .put("tenantKind", caller.tenantKind() == null ? null : caller.tenantKind().code())
        .put("department", caller.department())
        .put("roles", new JsonArray(caller.roles().stream().map(Role::code).sorted().toList()));
  }
}
