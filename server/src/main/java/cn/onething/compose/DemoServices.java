package cn.onething.compose;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 演示服务 — in dev mode, 浙江 (330000) has 新生儿出生一件事 and 企业开办一件事 composed from the
 * national packages and published, so that a newcomer has something to click through. Idempotent:
 * an existing service is left as it is; one without an active release is published once.
 */
public final class DemoServices {
  private static final Logger LOG = LoggerFactory.getLogger(DemoServices.class);
  static final String REGION = "330000";
  static final Map<String, String> SERVICES = Map.of("newborn", "national/newborn", "company-opening", "national/company-opening");
  private static final String USER = "demo-loader";

  /** The secret name the demo endpoints use; dev mode supplies the simulator's public key under it. */
  public static final String SIMULATOR_SECRET = "SIMULATOR_KEY";

  private final ServiceStore services;
  private final Composer composer;
  private final String departmentSystems;

  /**
   * @param departmentSystems the base address every binding of the demo services is configured to
   *     call (the department simulator), or null to leave them unconfigured
   */
  public DemoServices(ServiceStore services, Composer composer, String departmentSystems) {
    this.services = services;
    this.composer = composer;
    this.departmentSystems = departmentSystems;
  }

  public Future<Void> ensure() {
    Future<Void> chain = Future.succeededFuture();
    for (var entry : new java.util.TreeMap<>(SERVICES).entrySet()) {
      chain = chain.compose(v -> ensure(entry.getKey(), entry.getValue()));
    }
    return chain;
  }

  private Future<Void> ensure(String slug, String pack) {
    return services.find(REGION, slug).compose(found -> found.isPresent()
        ? Future.succeededFuture(found.get())
        : composer.fromPackage(pack).compose(def -> {
            String title = def.getString("title");
            def.remove("title");
            return services.create(REGION, slug, title, def, pack, USER)
                .compose(created -> services.find(REGION, slug)).map(java.util.Optional::orElseThrow);
          }))
        .compose(service -> {
          if (service.getInteger("activeRelease") != null) {
            return Future.succeededFuture();
          }
          return withEndpoints(slug, service).compose(configured -> composer.compile(REGION, configured)).compose(compiled -> {
            if (!compiled.ok()) {
              LOG.warn("演示服务 {} 未能编译：{}", slug, compiled.diagnostics());
              return Future.succeededFuture();
            }
            return services.publish(REGION, slug, compiled.release(), USER).map(number -> {
              LOG.info("演示服务已发布：{}/{}（第 {} 版）", REGION, slug, number);
              return (Void) null;
            });
          });
        })
        .recover(e -> {
          // The catalogue may not hold the packages (ONETHING_TEMPLATES_DIR=none): no demo, no harm.
          LOG.info("未创建演示服务 {}：{}", slug, e.getMessage());
          return Future.succeededFuture();
        });
  }

  /**
   * The service with every binding its members use configured to call the department systems
   * (the simulator in dev), the key by name only; unchanged when it already has endpoints.
   */
  private Future<JsonObject> withEndpoints(String slug, JsonObject service) {
    JsonObject definition = service.getJsonObject("definition");
    if (departmentSystems == null || !definition.getJsonObject("endpoints", new JsonObject()).isEmpty()) {
      return Future.succeededFuture(service);
    }
    return composer.compile(REGION, service).compose(compiled -> {
      if (!compiled.ok()) {
        return Future.succeededFuture(service);
      }
      JsonObject endpoints = new JsonObject();
      compiled.release().getJsonArray("bindings", new JsonArray()).forEach(b -> endpoints.put(
          ((JsonObject) b).getString("binding"), new JsonObject().put("baseUrl", departmentSystems)
              .put("secretRef", SIMULATOR_SECRET).put("secretHeader", "X-Api-Key").put("timeoutMs", 3000)));
      if (endpoints.isEmpty()) {
        return Future.succeededFuture(service);
      }
      JsonObject updated = definition.copy().put("endpoints", endpoints);
      return services.update(REGION, slug, service.getString("title"), updated, USER)
          .map(v -> service.copy().put("definition", updated));
    });
  }
}
