package cn.onething.simulator.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Loads contracts: binding templates packaged from {@code templates/} (so the simulator checks requests with the
 * very schemas the server sends by), and the simulator's own extra endpoints from {@code simulator-contracts.json}.
 */
public final class Contracts {

  static final String EXTRA_RESOURCE = "simulator-contracts.json";
  private static final Set<String> WRITE_PURPOSES = Set.of("push", "issue");
  private static final JsonObject EXTRAS = readResource(EXTRA_RESOURCE);

  private Contracts() {
  }

  /** The contract of a national binding template, e.g. {@code mps/population-identity}. */
  public static Contract binding(String id) {
    JsonObject template = readResource("templates/" + id + ".json");
    JsonObject operation = template.getJsonObject("operation");
    JsonArray purposes = template.getJsonArray("purposes", new JsonArray());
    boolean write = purposes.stream().anyMatch(WRITE_PURPOSES::contains);
    return new Contract(id, operation.getString("method"), operation.getString("path"),
        template.getJsonObject("request"), template.getJsonObject("response"), write);
  }

  /** The contract of an extra endpoint by key, e.g. {@code "POST /pay/v1/orders"}. */
  public static Contract extra(String key) {
    JsonObject c = EXTRAS.getJsonObject(key);
    if (c == null) {
      throw new IllegalArgumentException("no simulator contract " + key);
    }
    String[] parts = key.split(" ", 2);
    return new Contract("simulator", parts[0], parts[1], c.getJsonObject("request"), c.getJsonObject("response"),
        c.getBoolean("write", false));
  }

  private static JsonObject readResource(String name) {
    try (InputStream in = Contracts.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
