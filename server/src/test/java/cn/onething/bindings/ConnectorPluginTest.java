package cn.onething.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.connector.Outputs;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A connector jar built here, from source, and dropped into the plugins directory is found at
 * start and used for a binding that names its type; a plugin built for another SPI version and
 * one that claims the built-in type are refused without stopping the server.
 */
@ExtendWith(ServerExtension.class)
class ConnectorPluginTest {
  static Path pluginsDir;

  static Map<String, String> serverEnv() throws IOException {
    pluginsDir = Files.createTempDirectory("onething-plugins");
    buildPluginJar(pluginsDir.resolve("echo-connector.jar"));
    Files.writeString(pluginsDir.resolve("README.txt"), "not a jar, ignored");
    return Map.of("ONETHING_PLUGINS_DIR", pluginsDir.toString());
  }

  @Test
  void theDroppedJarsConnectorIsListedBesideTheBuiltInOne(TestServer server) {
    JsonArray items = server.get("/api/connectors").as("admin-330000").send().json().getJsonArray("items");
    assertThat(items.stream().map(o -> ((JsonObject) o).getString("type") + "@" + ((JsonObject) o).getString("source")))
        .containsExactly("http-json@内置", "test-echo@echo-connector.jar");
    JsonObject echo = items.getJsonObject(1);
    assertThat(echo.getString("title")).isEqualTo("回声测试连接器");
    assertThat(echo.getJsonObject("configurationSchema").getJsonArray("required")).containsExactly("baseUrl");
  }

  @Test
  void aBindingNamingThePluginsTypeIsCalledThroughIt(TestServer server) {
    JsonObject binding = new JsonObject().put("publisher", "test").put("slug", "echo").put("system", "回声系统")
        .put("connector", "test-echo");
    Outputs out = server.server().bindingCalls().call(binding, new JsonObject().put("baseUrl", "http://echo.invalid"),
        new JsonObject().put("name", "张伟"), "req-echo-1").await();
    assertThat(out.values()).isEqualTo(new JsonObject().put("name", "张伟").put("requestId", "req-echo-1"));
  }

  @Test
  void anEndpointConfigurationTheConnectorRefusesIsNotCalled(TestServer server) {
    JsonObject binding = new JsonObject().put("publisher", "test").put("slug", "echo").put("connector", "test-echo");
    Throwable failure = server.server().bindingCalls().call(binding, new JsonObject().put("baseUrl", "http://x.invalid")
        .put("colour", "红"), new JsonObject(), null).cause();
    assertThat(failure).hasMessageContaining("接口配置有误").hasMessageContaining("/colour");
  }

  @Test
  void circuitsAreForNationalOperatorsOnly(TestServer server) {
    assertThat(server.get("/api/connectors/circuits").as("admin-330000").send().status()).isEqualTo(403);
    assertThat(server.get("/api/connectors/circuits").as("auditor-national").send().status()).isEqualTo(200);
    assertThat(server.get("/api/connectors").send().status()).isEqualTo(401);
  }

  // The plugin's source: three factories, of which only the first may load.
  private static final String ECHO = """
      package test.echo;
      import cn.onething.connector.*;
      import io.vertx.core.Future;
      import io.vertx.core.json.*;
      import java.util.List;
      public class EchoConnectorFactory implements ConnectorFactory {
        public String type() { return "test-echo"; }
        public String title() { return "回声测试连接器"; }
        public JsonObject configurationSchema() {
          return new JsonObject().put("type", "object").put("required", new JsonArray().add("baseUrl"))
              .put("additionalProperties", false)
              .put("properties", new JsonObject().put("baseUrl", new JsonObject().put("type", "string")));
        }
        public List<Violation> validate(JsonObject c) { return List.of(); }
        public Connector create(ConnectorContext context) {
          return call -> Future.succeededFuture(new Outputs(call.inputs().copy().put("requestId", call.requestId()), null));
        }
      }
      """;
  private static final String STALE = """
      package test.echo;
      public class StaleConnectorFactory extends EchoConnectorFactory {
        public String type() { return "test-stale"; }
        public int apiVersion() { return 0; }
      }
      """;
  private static final String IMPOSTOR = """
      package test.echo;
      public class ImpostorConnectorFactory extends EchoConnectorFactory {
        public String type() { return "http-json"; }
      }
      """;

  static void buildPluginJar(Path jar) throws IOException {
    Path src = Files.createTempDirectory("echo-src");
    Path classes = Files.createTempDirectory("echo-classes");
    List<Path> sources = List.of(write(src, "EchoConnectorFactory", ECHO), write(src, "StaleConnectorFactory", STALE),
        write(src, "ImpostorConnectorFactory", IMPOSTOR));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String[] args = Stream.concat(Stream.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
        "-encoding", "UTF-8"), sources.stream().map(Path::toString)).toArray(String[]::new);
    assertThat(javac.run(null, null, null, args)).as("the plugin compiles").isZero();
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
         Stream<Path> walk = Files.walk(classes)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(p));
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry("META-INF/services/cn.onething.connector.ConnectorFactory"));
      out.write("test.echo.EchoConnectorFactory\ntest.echo.StaleConnectorFactory\ntest.echo.ImpostorConnectorFactory\n"
          .getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
  }

  private static Path write(Path dir, String name, String source) {
    try {
      Path file = dir.resolve(name + ".java");
      Files.writeString(file, source);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
