package cn.onething.testing;

import cn.onething.simulator.DeptSimulator;
import cn.onething.simulator.SimulatorConfig;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The department simulator in-process on a free port for a test class, and the server settings
 * that make the national catalogue load and the services call it. Start it in {@code serverEnv()},
 * close it in {@code @AfterAll}.
 */
public final class RunningSimulator implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final DeptSimulator simulator = DeptSimulator.start(vertx, SimulatorConfig.onPort(0)).await();

  public int port() {
    return simulator.port();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** Server settings: the national catalogue, the demo services if asked, the simulator as department systems. */
  public Map<String, String> serverEnv(boolean demoServices) {
    Map<String, String> env = new HashMap<>();
    env.put("ONETHING_TEMPLATES_DIR", Path.of("..", "templates").toAbsolutePath().toString());
    env.put("ONETHING_DEMO_SERVICES", String.valueOf(demoServices));
    env.put("ONETHING_SIMULATOR_URL", url());
    return env;
  }

  @Override
  public void close() {
    simulator.close().await();
    vertx.close().await();
  }
}
