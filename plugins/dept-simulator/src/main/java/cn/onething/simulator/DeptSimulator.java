package cn.onething.simulator;

import cn.onething.simulator.control.CallCounters;
import cn.onething.simulator.control.ControlRoutes;
import cn.onething.simulator.control.Faults;
import cn.onething.simulator.control.IdempotencyStore;
import cn.onething.simulator.data.SeedData;
import cn.onething.simulator.data.World;
import cn.onething.simulator.health.BirthEndpoints;
import cn.onething.simulator.housing.HousingEndpoints;
import cn.onething.simulator.http.ApiKeyCheck;
import cn.onething.simulator.http.Endpoint;
import cn.onething.simulator.http.EndpointPipeline;
import cn.onething.simulator.http.Problems;
import cn.onething.simulator.insurance.InsuranceEndpoints;
import cn.onething.simulator.licence.LicenceEndpoints;
import cn.onething.simulator.market.MarketEndpoints;
import cn.onething.simulator.payment.CheckoutPage;
import cn.onething.simulator.payment.PaymentEndpoints;
import cn.onething.simulator.population.PopulationEndpoints;
import cn.onething.simulator.realty.RealtyEndpoints;
import cn.onething.simulator.signature.SignatureEndpoints;
import cn.onething.simulator.signature.SimulatorCa;
import cn.onething.simulator.tax.TaxEndpoints;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * 部门系统模拟器 — plays the department systems behind the national binding templates, the payment platform and
 * the e-signature service over real HTTP, with seeded synthetic data. Start one per test class on port 0:
 * <pre>{@code DeptSimulator sim = DeptSimulator.start(vertx, SimulatorConfig.onPort(0)).await();}</pre>
 */
public final class DeptSimulator {

  /** Requests larger than this are refused with 413. */
  public static final long BODY_LIMIT = 1024 * 1024;

  private final HttpServer server;
  private final SimulatorConfig config;
  private final AtomicReference<World> world;
  private final PaymentEndpoints payments;
  private final List<Endpoint> endpoints;

  private DeptSimulator(HttpServer server, SimulatorConfig config, AtomicReference<World> world,
                        PaymentEndpoints payments, List<Endpoint> endpoints) {
    this.server = server;
    this.config = config;
    this.world = world;
    this.payments = payments;
    this.endpoints = endpoints;
  }

  /** Seeds the data, makes the CA (on a worker thread) and listens on {@code config.host():config.port()}. */
  public static Future<DeptSimulator> start(Vertx vertx, SimulatorConfig config) {
    return vertx.executeBlocking(() -> new Seeded(SeedData.create(), SimulatorCa.create()))
        .compose(seeded -> listen(vertx, config, seeded));
  }

  private record Seeded(World world, SimulatorCa ca) {
  }

  private static Future<DeptSimulator> listen(Vertx vertx, SimulatorConfig config, Seeded seeded) {
    AtomicReference<World> world = new AtomicReference<>(seeded.world());
    Supplier<World> current = world::get;
    PaymentEndpoints payments = new PaymentEndpoints(vertx, current, config.paymentSecret(), config.callbackBackoff());
    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.addAll(new PopulationEndpoints(current).endpoints());
    endpoints.addAll(new LicenceEndpoints(current).endpoints());
    endpoints.addAll(new RealtyEndpoints(current).endpoints());
    endpoints.addAll(new TaxEndpoints(current).endpoints());
    endpoints.addAll(new InsuranceEndpoints(current).endpoints());
    endpoints.addAll(new HousingEndpoints(current).endpoints());
    endpoints.addAll(new MarketEndpoints(current).endpoints());
    endpoints.addAll(new BirthEndpoints(current).endpoints());
    endpoints.addAll(payments.endpoints());
    endpoints.addAll(new SignatureEndpoints(current, seeded.ca()).endpoints());

    Set<String> keys = new LinkedHashSet<>();
    endpoints.forEach(e -> keys.add(e.contract().key()));
    Faults faults = new Faults(keys);
    CallCounters counters = new CallCounters(keys);
    IdempotencyStore idempotency = new IdempotencyStore();
    Runnable reseed = () -> {
      world.set(SeedData.create());
      faults.clear();
      counters.reset();
      idempotency.clear();
    };

    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    router.route().handler(new ApiKeyCheck(config.apiKey()));
    router.get("/health").handler(ctx -> Problems.send(ctx, 200,
        new JsonObject().put("status", "UP").put("service", "onething-dept-simulator")));
    new ControlRoutes(faults, counters, reseed, current).mount(router);
    new CheckoutPage(payments).mount(router);
    EndpointPipeline pipeline = new EndpointPipeline(vertx, faults, counters, idempotency, config.hangDuration());
    endpoints.forEach(e -> pipeline.mount(router, e));
    router.errorHandler(404, ctx -> Problems.send(ctx, 404, "NOT_FOUND",
        "没有这个接口：" + ctx.request().method() + " " + ctx.request().path()));
    router.errorHandler(405, ctx -> Problems.send(ctx, 405, "METHOD_NOT_ALLOWED",
        "该路径不支持 " + ctx.request().method() + " 方法"));
    router.errorHandler(413, ctx -> Problems.send(ctx, 413, "BODY_TOO_LARGE", "请求体过大（上限 1 MB）"));
    router.errorHandler(500, ctx -> Problems.send(ctx, 500, "INTERNAL_ERROR", "模拟器内部错误"));

    // HTTP/1.1 only: no h2c upgrade (a client's upgrade attempt on a large answer garbled frames).
    return vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setHttp2ClearTextEnabled(false))
        .requestHandler(router)
        .listen(config.port(), config.host())
        .map(server -> new DeptSimulator(server, config, world, payments, List.copyOf(endpoints)));
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return server.actualPort();
  }

  /** {@code http://host:port}, without a trailing slash. */
  public String baseUrl() {
    return "http://" + config.host() + ":" + port();
  }

  public SimulatorConfig config() {
    return config;
  }

  /** The live state, for tests that need a seeded identity beyond the documented demo ones. */
  public World world() {
    return world.get();
  }

  /** Every served endpoint key ("METHOD /path/{template}"), in registration order. */
  public List<String> endpointKeys() {
    return endpoints.stream().map(e -> e.contract().key()).toList();
  }

  /** Stops listening, cancels pending payment callbacks and closes their client. The Vertx instance stays open. */
  public Future<Void> close() {
    return Future.join(server.close(), payments.close()).mapEmpty();
  }
}
