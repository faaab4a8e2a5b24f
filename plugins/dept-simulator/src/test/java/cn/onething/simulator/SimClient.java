package cn.onething.simulator;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/** The tests' one request helper: real HTTP to the simulator with java.net.http, API key on by default. */
final class SimClient {

  /** A response: status, headers and the raw body (which a malformed-JSON fault makes unparsable). */
  record Response(int status, HttpResponse<String> raw) {
    JsonObject json() {
      return new JsonObject(raw.body());
    }

    String body() {
      return raw.body();
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String apiKey;

  SimClient(DeptSimulator simulator) {
    this(simulator.baseUrl(), simulator.config().apiKey());
  }

  SimClient(String baseUrl, String apiKey) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
  }

  SimClient withApiKey(String key) {
    return new SimClient(baseUrl, key);
  }

  /** A read: no X-Request-Id. */
  Response post(String path, JsonObject body) {
    return send(request(path).POST(publisher(body)), Duration.ofSeconds(30));
  }

  /** A write with a fresh X-Request-Id. */
  Response write(String path, JsonObject body) {
    return write(path, body, UUID.randomUUID().toString());
  }

  Response write(String path, JsonObject body, String requestId) {
    return send(request(path).header("X-Request-Id", requestId).POST(publisher(body)), Duration.ofSeconds(30));
  }

  Response postRaw(String path, String body, Duration timeout) {
    return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)), timeout);
  }

  Response get(String path) {
    return send(request(path).GET(), Duration.ofSeconds(30));
  }

  Response put(String path, JsonObject body) {
    return send(request(path).PUT(publisher(body)), Duration.ofSeconds(30));
  }

  Response delete(String path) {
    return send(request(path).DELETE(), Duration.ofSeconds(30));
  }

  /** Sends with a short timeout; throws the client's timeout exception for the hang fault tests. */
  HttpResponse<String> postWithTimeout(String path, JsonObject body, Duration timeout)
      throws IOException, InterruptedException {
    return client.send(request(path).timeout(timeout).POST(publisher(body)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** Percent-encodes one path segment (licence types are ASCII, but USCCs and order ids go through here too). */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Content-Type", "application/json; charset=utf-8");
    if (apiKey != null) {
      b.header("X-Api-Key", apiKey);
    }
    return b;
  }

  private static HttpRequest.BodyPublisher publisher(JsonObject body) {
    return HttpRequest.BodyPublishers.ofString(body.encode(), StandardCharsets.UTF_8);
  }

  private Response send(HttpRequest.Builder builder, Duration timeout) {
    try {
      HttpResponse<String> r = client.send(builder.timeout(timeout).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(r.statusCode(), r);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
