package cn.onething;

import cn.onething.compose.ActiveReleases;
import cn.onething.apply.ApplicationRoutes;
import cn.onething.apply.ApplicationStore;
import cn.onething.apply.Prefill;
import cn.onething.apply.Submissions;
import cn.onething.apply.Uploads;
import cn.onething.bindings.BindingCalls;
import cn.onething.identity.SessionCookies;
import cn.onething.pages.CitizenPages;
import cn.onething.process.PaymentDesk;
import cn.onething.process.ProcessEngine;
import cn.onething.process.TaskRoutes;
import cn.onething.stats.ServiceStats;
import cn.onething.stats.StatsRoutes;
import cn.onething.rules.RuleSandbox;
import cn.onething.signing.ESignature;
import cn.onething.bindings.ConnectorRoutes;
import cn.onething.bindings.Connectors;
import cn.onething.catalogue.Catalogue;
import cn.onething.catalogue.CatalogueRoutes;
import cn.onething.catalogue.RuleCheckRoutes;
import cn.onething.compose.Composer;
import cn.onething.compose.ServiceRoutes;
import cn.onething.compose.ServiceStore;
import cn.onething.config.ServerConfig;
import cn.onething.marketplace.MarketplaceRoutes;
import cn.onething.marketplace.WorkspaceStore;
import cn.onething.search.CatalogueSearch;
import cn.onething.search.SearchRoutes;
import cn.onething.db.Database;
import cn.onething.designer.DesignerRoutes;
import cn.onething.audit.AuditRoutes;
import cn.onething.audit.AuditTrail;
import cn.onething.health.HealthRoutes;
import cn.onething.http.AccessLogHandler;
import cn.onething.http.FailureHandler;
import cn.onething.http.JsonBodies;
import cn.onething.http.RouteBodyLimits;
import cn.onething.http.OpenApiRoutes;
import cn.onething.http.Problems;
import cn.onething.http.RequestIdHandler;
import cn.onething.http.SecurityHeadersHandler;
import cn.onething.identity.AuthRoutes;
import cn.onething.identity.BearerTokenHandler;
import cn.onething.identity.IdentityStore;
import cn.onething.identity.LoginThrottle;
import cn.onething.identity.TenantRoutes;
import cn.onething.identity.Tokens;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * The HTTP front: one router with the handlers in Vert.x's intended order (platform, security
 * policy, body, authentication, input trust), then each capability's routes, then the
 * failure handler that turns everything else into problem+json.
 */
final class ApiVerticle extends VerticleBase {
  private static final String UPLOADS = "/api/uploads";
  private final ServerConfig config;
  private final Database database;
  private final Catalogue catalogue;
  private final CatalogueSearch search;
  private final PrometheusMeterRegistry registry;
  private final String version;
  private final Connectors connectors;
  private final BindingCalls bindingCalls;
  private final RuleSandbox sandbox;
  private final ProcessEngine processes;
  private final ESignature esign;
  private final ActiveReleases activeReleases;
  private HttpServer server;

  ApiVerticle(ServerConfig config, Database database, Catalogue catalogue, CatalogueSearch search,
      PrometheusMeterRegistry registry, String version, Connectors connectors, BindingCalls bindingCalls,
      RuleSandbox sandbox, ProcessEngine processes, ESignature esign, ActiveReleases activeReleases) {
    this.activeReleases = activeReleases;
    this.config = config;
    this.database = database;
    this.catalogue = catalogue;
    this.search = search;
    this.registry = registry;
    this.version = version;
    this.connectors = connectors;
    this.bindingCalls = bindingCalls;
    this.sandbox = sandbox;
    this.processes = processes;
    this.esign = esign;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    FailureHandler failures = new FailureHandler(config.bodyLimitBytes());
    Tokens tokens = new Tokens(vertx, config.jwtSecret(), config.jwtTtlSeconds());
    IdentityStore identities = new IdentityStore(database.pool());

    router.route().handler(new RequestIdHandler()).handler(new AccessLogHandler());
    router.route().handler(new SecurityHeadersHandler());

    new HealthRoutes(database, version, config.devMode()).mount(router);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    new OpenApiRoutes().mount(router);

    // Uploads carry files (up to their own limit) and are not JSON; everything else under /api is.
    BearerTokenHandler bearer = new BearerTokenHandler(tokens);
    router.route(UPLOADS)
        .handler(BodyHandler.create(false).setBodyLimit(Uploads.MAX_BYTES))
        .handler(bearer);
    router.routeWithRegex("/api/(?!uploads$).*")
        .handler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()))
        .handler(bearer)
        .handler(new RouteBodyLimits(config.bodyLimitBytes()))
        .handler(JsonBodies.contentTypeGuard());
    router.route("/api/*").handler(ctx -> {
      if (!database.ready()) {
        ctx.fail(Problems.unavailable("数据库尚未就绪，请稍后重试。"));
        return;
      }
      ctx.next();
    });
    // The audit markers go first: they must see an audited request before its handler answers it.
    new AuditTrail(database.pool()).mount(router);
    new AuditRoutes(database.pool()).mount(router);
    LoginThrottle logins = new LoginThrottle();
    new AuthRoutes(identities, tokens, config.devMode(), logins).mount(router);
    new TenantRoutes(identities).mount(router);
    new SearchRoutes(vertx, search).mount(router);
    WorkspaceStore workspace = new WorkspaceStore(database.pool());
    new CatalogueRoutes(catalogue, workspace).mount(router);
    new RuleCheckRoutes(vertx).mount(router);
    ServiceStore services = new ServiceStore(database.pool(), activeReleases);
    new MarketplaceRoutes(workspace, catalogue.store(), services).mount(router);
    ServiceRoutes serviceRoutes = new ServiceRoutes(services, catalogue, new Composer(vertx, catalogue));
    serviceRoutes.mount(router);
    new ConnectorRoutes(connectors, bindingCalls).mount(router);
    ApplicationStore applications = new ApplicationStore(database.pool(), processes.releases(), activeReleases);
    Submissions submissions = new Submissions(vertx, applications, sandbox);
    ApplicationRoutes applicationApi = new ApplicationRoutes(applications, submissions,
        new Prefill(catalogue, bindingCalls), catalogue);
    applicationApi.mount(router);
    TaskRoutes tasks = new TaskRoutes(database.pool(), processes, applications, submissions, esign,
        config.simulatorUrl() == null ? null : new PaymentDesk(vertx, config.simulatorUrl(),
            config.secrets().getOrDefault("SIMULATOR_KEY", ""), config.secrets().getOrDefault("PAYMENT_CALLBACK", ""),
            this::actualPort));
    tasks.mount(router);
    ServiceStats stats = new ServiceStats(database.pool());
    new StatsRoutes(stats).mount(router);
    CitizenPages pages = new CitizenPages(vertx, applications, submissions, applicationApi, catalogue, identities,
        new SessionCookies(tokens), config.devMode(), tasks, stats, logins);
    pages.mount(router);
    pages.mountDraftPreview(router, serviceRoutes::compiledDraft);
    new DesignerRoutes().mount(router);

    router.route().failureHandler(failures);
    router.errorHandler(404, failures);
    router.errorHandler(405, failures);
    router.errorHandler(500, failures);

    // HTTP/1.1 (TLS and HTTP/2 are the load balancer's business): no cleartext h2c upgrades.
    return vertx.createHttpServer(new HttpServerOptions().setHost(config.httpHost()).setPort(config.httpPort())
            .setHttp2ClearTextEnabled(false))
        .requestHandler(router)
        .invalidRequestHandler(new cn.onething.http.InvalidRequests())
        .listen()
        .onSuccess(s -> server = s);
  }

  int actualPort() {
    return server.actualPort();
  }
}
