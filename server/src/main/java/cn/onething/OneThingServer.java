package cn.onething;

import cn.onething.compose.ActiveReleases;
import cn.onething.bindings.BindingCalls;
import cn.onething.bindings.Connectors;
import cn.onething.bindings.ServerSchemaCheck;
import cn.onething.catalogue.Catalogue;
import cn.onething.process.ProcessEngine;
import cn.onething.process.ProcessWorker;
import cn.onething.rules.RuleSandbox;
import cn.onething.signing.ESignature;
import cn.onething.catalogue.CatalogueLoader;
import cn.onething.catalogue.TemplateStore;
import cn.onething.compose.Composer;
import cn.onething.compose.DemoServices;
import cn.onething.compose.ServiceStore;
import cn.onething.config.ServerConfig;
import cn.onething.search.CatalogueSearch;
import cn.onething.search.SearchSync;
import cn.onething.db.Database;
import cn.onething.db.DatabaseUrl;
import cn.onething.health.OperationsMetrics;
import cn.onething.stats.RollupCompactor;
import cn.onething.identity.IdentityStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.EnumSet;
import java.util.Optional;

/**
 * 一件事服务器 — one running server: its Vert.x (with Prometheus metrics), its database and
 * its HTTP front. {@link Main} starts one from the environment; tests start one per class.
 */
public final class OneThingServer {
  private final Vertx vertx;
  private final Database database;
  private final ApiVerticle api;
  private final CatalogueLoader loader;
  private final SearchSync sync;
  private final CatalogueSearch search;
  private final Connectors connectors;
  private final BindingCalls bindingCalls;
  private final ProcessWorker worker;
  private final OperationsMetrics metrics;
  private final RollupCompactor rollups;
  /** How often the process worker starts submitted applications and makes due department calls. */
  static final long PROCESS_TICK_MILLIS = 500;

  private final ActiveReleases activeReleases;

  private OneThingServer(Vertx vertx, Database database, ApiVerticle api, CatalogueLoader loader, SearchSync sync,
      CatalogueSearch search, Connectors connectors, BindingCalls bindingCalls, ProcessWorker worker,
      OperationsMetrics metrics, RollupCompactor rollups, ActiveReleases activeReleases) {
    this.activeReleases = activeReleases;
    this.metrics = metrics;
    this.rollups = rollups;
    this.vertx = vertx;
    this.database = database;
    this.api = api;
    this.loader = loader;
    this.sync = sync;
    this.search = search;
    this.connectors = connectors;
    this.bindingCalls = bindingCalls;
    this.worker = worker;
  }

  /** The backlog and rule figures on {@code /metrics}. */
  public OperationsMetrics metrics() {
    return metrics;
  }

  /** The process worker (tests run a round with {@code tick()} instead of waiting). */
  public ProcessWorker processWorker() {
    return worker;
  }

  /** Calls department systems through the installed connectors. */
  public BindingCalls bindingCalls() {
    return bindingCalls;
  }

  public Connectors connectors() {
    return connectors;
  }

  /** Rebuilds this process's search index from PostgreSQL (it is rebuilt at start anyway). */
  public Future<Void> rebuildSearchIndex() {
    return sync.rebuild();
  }

  /** This process's search index (derived from PostgreSQL). */
  public CatalogueSearch search() {
    return search;
  }

  /** The loader was built after the database that runs it; this lets the migration hook reach it. */
  private static final class CatalogueHolder {
    CatalogueLoader loader;
    SearchSync sync;
    DemoServices demo;
  }

  /**
   * Starts a server. It comes up even when PostgreSQL is unreachable (and says so on
   * {@code /health}); it fails only for what no retry can mend, such as a taken port.
   */
  public static Future<OneThingServer> start(ServerConfig config) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE, Label.POOL_TYPE, Label.POOL_NAME))
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true));
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions()
            .setMetricsOptions(metrics)
            .setFileSystemOptions(new FileSystemOptions()
                .setFileCacheDir(Path.of(System.getProperty("java.io.tmpdir"), "onething-vertx-cache").toString())))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();

    CatalogueHolder holder = new CatalogueHolder();
    DatabaseUrl url = DatabaseUrl.parse(config.dbUrl());
    Database database = new Database(vertx, url, config.dbPoolSize(), config.dbCreate(),
        pool -> (config.devMode() ? IdentityStore.seedDemoIdentities(pool) : Future.<Void>succeededFuture())
            .compose(v -> holder.loader.load())
            .compose(report -> holder.sync.start().recover(e -> {
              // The index is derived data: without it search is empty, but nothing else stops.
              LoggerFactory.getLogger(OneThingServer.class).error("检索索引未能建立，目录检索暂不可用", e);
              return Future.succeededFuture();
            }))
            .compose(v -> config.demoServices() ? holder.demo.ensure() : Future.<Void>succeededFuture()));
    Catalogue catalogue = new Catalogue(vertx, new TemplateStore(database.pool()));
    holder.loader = new CatalogueLoader(vertx, catalogue,
        config.templatesDir() == null ? null : Path.of(config.templatesDir()));
    ActiveReleases activeReleases = new ActiveReleases(vertx, database.pool(), url.connectOptions());
    holder.demo = new DemoServices(new ServiceStore(database.pool(), activeReleases), new Composer(vertx, catalogue),
        config.simulatorUrl());
    CatalogueSearch search = new CatalogueSearch();
    holder.sync = new SearchSync(vertx, database.pool(), url.connectOptions(), search);
    ServerSchemaCheck schemas = new ServerSchemaCheck();
    Connectors connectors = Connectors.load(vertx, config.pluginsDir() == null ? null : Path.of(config.pluginsDir()),
        schemas);
    BindingCalls bindingCalls = new BindingCalls(vertx, connectors, schemas,
        name -> Optional.ofNullable(config.secrets().get(name)), BindingCalls.Policy.DEFAULT);
    RuleSandbox sandbox = new RuleSandbox();
    // Signing steps go to the applicant when an e-signature service is there (the simulator in dev).
    ESignature esign = config.simulatorUrl() == null ? null
        : new ESignature(vertx, config.simulatorUrl(), config.secrets().getOrDefault("SIMULATOR_KEY", ""));
    ProcessEngine processes = new ProcessEngine(vertx, database.pool(), sandbox, esign != null);
    ProcessWorker worker = new ProcessWorker(vertx, database.pool(), processes, bindingCalls, catalogue);
    ApiVerticle api = new ApiVerticle(config, database, catalogue, search, registry, version(), connectors, bindingCalls,
        sandbox, processes, esign, activeReleases);
    return database.prepare()
        .compose(ready -> activeReleases.start())
        .compose(ready -> vertx.deployVerticle(api))
        .map(id -> {
          worker.start(PROCESS_TICK_MILLIS);
          return new OneThingServer(vertx, database, api, holder.loader, holder.sync, search, connectors, bindingCalls,
              worker, new OperationsMetrics(vertx, database.pool(), registry, sandbox).start(),
              new RollupCompactor(vertx, database.pool()).start(RollupCompactor.DEFAULT_PERIOD_MILLIS), activeReleases);
        })
        .recover(e -> {
          // Not chained: a future bound to this Vert.x cannot report after Vert.x itself is gone.
          database.close().onComplete(closed -> vertx.close());
          return Future.failedFuture(e);
        });
  }

  public int port() {
    return api.actualPort();
  }

  /** Loads {@code templates/} again (it also runs after every successful migration at start). */
  public CatalogueLoader catalogueLoader() {
    return loader;
  }

  public boolean databaseReady() {
    return database.ready();
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Closes the pool, then Vert.x (which stops the HTTP server). Blocks, so call it from outside
   * Vert.x: a shutdown hook or a test. The two steps are awaited one by one because a future
   * chained on this Vert.x cannot complete once its event loops are gone.
   */
  public void stop(Duration timeout) throws TimeoutException {
    worker.stop();
    metrics.stop();
    rollups.stop();
    sync.close().await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    activeReleases.close().await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    connectors.close().await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    database.close().await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    vertx.close().await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      search.close();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String version() {
    String v = OneThingServer.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
