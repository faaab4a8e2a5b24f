package cn.onething.testing;

import cn.onething.OneThingServer;
import cn.onething.config.ServerConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one real server per test class, on a random port, against the class's own database
 * cloned from the migrated template; stops it and drops the database afterwards. A class can
 * change the server's settings by declaring {@code static Map<String, String> serverEnv()}.
 */
public final class ServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ServerExtension.class);

  /** The template database, made once per run and dropped when the run ends. */
  public static TestDatabases databases(ExtensionContext context) {
    return context.getRoot().getStore(NS).computeIfAbsent(TestDatabases.class, k -> new TestDatabases(),
        TestDatabases.class);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    TestDatabases databases = databases(context);
    String url = databases.create();
    Map<String, String> env = new HashMap<>();
    env.put("ONETHING_DB_URL", url);
    env.put("ONETHING_HTTP_PORT", "0");
    env.put("ONETHING_HTTP_HOST", "127.0.0.1");
    env.put("ONETHING_MODE", "dev");
    env.put("ONETHING_TEMPLATES_DIR", "none");
    env.put("ONETHING_DEMO_SERVICES", "false");
    env.putAll(classEnv(context.getRequiredTestClass()));
    OneThingServer server;
    try {
      server = OneThingServer.start(ServerConfig.from(env)).await();
    } catch (RuntimeException e) {
      databases.drop(url);
      throw e;
    }
    context.getStore(NS).put(TestServer.class, new TestServer(server, url));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    TestServer server = context.getStore(NS).remove(TestServer.class, TestServer.class);
    if (server != null) {
      try {
        server.server().stop(java.time.Duration.ofSeconds(10));
      } finally {
        databases(context).drop(server.databaseUrl());
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(NS).get(TestServer.class, TestServer.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> classEnv(Class<?> testClass) throws Exception {
    try {
      var method = testClass.getDeclaredMethod("serverEnv");
      method.setAccessible(true);
      return (Map<String, String>) method.invoke(null);
    } catch (NoSuchMethodException e) {
      return Map.of();
    }
  }
}
