package cn.onething.bindings;

import cn.onething.connector.Secrets;
import cn.onething.simulator.DeptSimulator;
import cn.onething.simulator.SimulatorConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The department simulator started in-process on a free port (real HTTP over loopback), the
 * national binding templates read from {@code templates/}, and the simulator's fault knobs.
 */
final class SimulatorFixture implements AutoCloseable {
  static final Path TEMPLATES = Path.of("..", "templates");
  static final String SECRET_NAME = "SIMULATOR_KEY";

  final Vertx vertx = Vertx.vertx();
  final DeptSimulator simulator;
  final Map<String, JsonObject> bindings = readBindings();
  private final HttpClient http = HttpClient.newHttpClient();

  SimulatorFixture() {
    simulator = DeptSimulator.start(vertx, SimulatorConfig.onPort(0)).await();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + simulator.port();
  }

  /** The province's endpoint for a binding, pointing at the simulator with its key by name. */
  JsonObject endpoint() {
    return new JsonObject().put("baseUrl", baseUrl()).put("secretRef", SECRET_NAME).put("secretHeader", "X-Api-Key");
  }

  Secrets secrets() {
    return name -> SECRET_NAME.equals(name) ? Optional.of(SimulatorConfig.DEFAULT_API_KEY) : Optional.empty();
  }

  JsonObject binding(String ref) {
    JsonObject binding = bindings.get(ref);
    if (binding == null) {
      throw new IllegalArgumentException("no binding template " + ref);
    }
    return binding;
  }

  /** The simulator's endpoint key of a binding: method and path template. */
  static String endpointKey(JsonObject binding) {
    JsonObject op = binding.getJsonObject("operation");
    return op.getString("method") + " " + op.getString("path");
  }

  void fault(JsonObject fault) {
    send("PUT", "/_sim/faults", fault);
  }

  void clearFaults() {
    send("DELETE", "/_sim/faults", null);
    send("DELETE", "/_sim/calls", null);
  }

  /** {@code {"calls": n, "applied": n}} of one endpoint so far (zeros when never called). */
  JsonObject calls(JsonObject binding) {
    JsonObject all = new JsonObject(send("GET", "/_sim/calls", null));
    JsonObject one = all.getJsonObject(endpointKey(binding));
    return one == null ? new JsonObject().put("calls", 0).put("applied", 0) : one;
  }

  private String send(String method, String path, JsonObject body) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body.encode()))
          .header("Content-Type", "application/json");
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(method + " " + path + " → " + response.statusCode() + " " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, JsonObject> readBindings() {
    Map<String, JsonObject> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(TEMPLATES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        JsonObject template = new JsonObject(Files.readString(file));
        if ("binding".equals(template.getString("kind"))) {
          out.put(template.getString("publisher") + "/" + template.getString("slug"), template);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  @Override
  public void close() {
    simulator.close().await();
    vertx.close().await();
  }
}
