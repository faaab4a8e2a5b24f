package cn.onething.simulator;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar onething-dept-simulator.jar}: configured from the environment, stopped by SIGINT or SIGTERM. */
public final class DeptSimulatorMain {

  static final long STOP_TIMEOUT_SECONDS = 10;

  private DeptSimulatorMain() {
  }

  public static void main(String[] args) throws Exception {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "dept-simulator-logback.xml");
    }
    Logger log = LoggerFactory.getLogger(DeptSimulatorMain.class);
    SimulatorConfig config;
    try {
      config = SimulatorConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      log.error("配置错误：{}", e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    DeptSimulator simulator;
    try {
      simulator = DeptSimulator.start(vertx, config).toCompletionStage().toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.error("部门系统模拟器启动失败", e);
      vertx.close();
      System.exit(1);
      return;
    }
    log.info("部门系统模拟器已启动 Department simulator listening on {} (X-Api-Key required)", simulator.baseUrl());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        simulator.close().eventually(vertx::close).toCompletionStage().toCompletableFuture()
            .get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("停止时出错：{}", e.toString());
      }
    }, "simulator-shutdown"));
  }
}
