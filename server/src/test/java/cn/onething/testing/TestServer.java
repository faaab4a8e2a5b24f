package cn.onething.testing;

import cn.onething.OneThingServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A running server for one test class, and the one small request helper tests share. */
public final class TestServer {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final OneThingServer server;
  private final String databaseUrl;

  public TestServer(OneThingServer server, String databaseUrl) {
    this.server = server;
    this.databaseUrl = databaseUrl;
  }

  public OneThingServer server() {
    return server;
  }

  public String databaseUrl() {
    return databaseUrl;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  /** A request being built: method, path, headers, body. */
  public final class Call {
    private final String method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private byte[] body;

    Call(String method, String path) {
      this.method = method;
      this.path = path;
    }

    public Call header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    public Call token(String token) {
      return header("Authorization", "Bearer " + token);
    }

    /** Signs in as a demo user first. */
    public Call as(String user) {
      return token(login(user));
    }

    public Call json(Object json) {
      headers.putIfAbsent("Content-Type", "application/json");
      body = (json instanceof JsonObject o ? o.encode() : String.valueOf(json)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      return this;
    }

    public Call body(String contentType, byte[] bytes) {
      headers.put("Content-Type", contentType);
      body = bytes;
      return this;
    }

    public Reply send() {
      HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
      headers.forEach(builder::header);
      builder.method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
      try {
        HttpResponse<String> response = CLIENT.send(builder.build(), BodyHandlers.ofString());
        return new Reply(response);
      } catch (IOException e) {
        throw new IllegalStateException(method + " " + path + ": " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  public Call get(String path) {
    return new Call("GET", path);
  }

  public Call post(String path) {
    return new Call("POST", path);
  }

  public Call put(String path) {
    return new Call("PUT", path);
  }

  public Call request(String method, String path) {
    return new Call(method, path);
  }

  /** The token of a seeded demo user, through the real dev-login route. */
  public String login(String user) {
    Reply reply = post("/api/auth/dev-login").json(new JsonObject().put("user", user)).send();
    if (reply.status() != 200) {
      throw new IllegalStateException("dev-login as " + user + " failed: " + reply.status() + " " + reply.text());
    }
    return reply.json().getString("token");
  }

  /** What came back. */
  public record Reply(HttpResponse<String> response) {
    public int status() {
      return response.statusCode();
    }

    public String text() {
      return response.body();
    }

    public JsonObject json() {
      return new JsonObject(response.body());
    }

    public String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    public String contentType() {
      return header("Content-Type");
    }

    @Override
    public String toString() {
      return status() + " " + text();
    }
  }
}
