package cn.onething.compose;

import io.vertx.core.Future;
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

  private final ServiceStore services;
  private final Composer composer;

  public DemoServices(ServiceStore services, Composer composer) {
    this.services = services;
    this.composer = composer;
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
          return composer.compile(REGION, service).compose(compiled -> {
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
}
