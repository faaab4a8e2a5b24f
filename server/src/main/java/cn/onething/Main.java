package cn.onething;

import cn.onething.config.ConfigException;
import cn.onething.config.ServerConfig;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts OneThing from the environment and stops it cleanly on Ctrl-C or SIGTERM. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final int STOP_TIMEOUT_SECONDS = 10;

  private Main() {}

  public static void main(String[] args) throws Exception {
    ServerConfig config;
    try {
      config = ServerConfig.fromEnvironment();
    } catch (ConfigException e) {
      System.err.println("OneThing 无法启动，配置有误：");
      e.problems().forEach(p -> System.err.println("  - " + p));
      System.exit(2);
      return;
    }
    OneThingServer server;
    try {
      server = OneThingServer.start(config).await();
    } catch (Exception e) {
      System.err.println("OneThing 无法启动：" + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("正在停止 OneThing…");
      try {
        server.stop(Duration.ofSeconds(STOP_TIMEOUT_SECONDS));
        LOG.info("OneThing 已停止");
      } catch (Exception e) {
        LOG.warn("停止时出错：{}", e.getMessage());
      }
    }, "onething-shutdown"));

    int port = server.port();
    String base = "http://localhost:" + port;
    LOG.info("OneThing {} 已启动（{} 模式）{}", OneThingServer.version(), config.mode().name().toLowerCase(),
        server.databaseReady() ? "" : "，但数据库尚未就绪，正在重试");
    LOG.info("规则引擎：{}", cn.onething.rules.RuleSandbox.compiled() ? "GraalJS，规则经 Graal 编译器编译执行"
        : "GraalJS 解释执行（未启用 Graal 编译器，规则较慢；见 docs/operations.md）");
    System.out.println();
    System.out.println("  一件事 OneThing 已启动：");
    System.out.println("    设计器     " + base + "/designer/");
    System.out.println("    健康检查   " + base + "/health");
    System.out.println("    指标       " + base + "/metrics");
    System.out.println("    API 文档   " + base + "/api/openapi.yaml");
    System.out.println("    办事服务   " + base + "/s/330000（浙江：新生儿出生一件事、企业开办一件事）");
    if (config.simulatorUrl() != null) {
      System.out.println("    部门模拟器 " + config.simulatorUrl() + "（人口库、电子证照、支付、签章等；演示身份见 README）");
    }
    System.out.println("  按 Ctrl-C 停止。");
    System.out.println();
  }
}
