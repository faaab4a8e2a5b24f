package cn.onething.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.HdrHistogram.Histogram;

/**
 * The HTTP load generator, run by the benchmarks in a JVM of its own so that its threads,
 * allocation and garbage collection do not run inside the server's process. HTTP/1.1 with
 * keep-alive: the search mix through {@link PlainHttp} (one connection per client thread), the
 * other modes through the JDK client (which pools connections). Prints one line: requests, seconds, errors and
 * the latency histogram (base64, HdrHistogram's compressed encoding).
 *
 * <p>Arguments: base URL, clients, warm-up seconds, measured seconds (the search mix of
 * {@link SearchBenchmark}); or {@code get URL clients warmup seconds [Header: value]...} (each
 * request must answer 200); or {@code submit URL clients warmup seconds BODY-FILE [Header: value]...}
 * (a JSON POST with a fresh {@code Idempotency-Key} each time, which must answer 201).
 */
public final class LoadClient {
  static final String RESULT = "LOAD-RESULT ";

  private LoadClient() {}

  public static void main(String[] args) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    SearchBenchmark.Load load;
    if (args[0].startsWith("http")) {
      URI base = URI.create(args[0]);
      String path = base.getRawPath() + "?";
      // One plain keep-alive connection per client thread (see PlainHttp).
      ThreadLocal<PlainHttp> connection = ThreadLocal.withInitial(() -> new PlainHttp(base));
      load = SearchBenchmark.load(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), q -> {
        int status = connection.get().get(path + SearchBenchmark.encode(q));
        if (status != 200) {
          throw new IOException("HTTP " + status);
        }
      });
    } else {
      String mode = args[0];
      URI uri = URI.create(args[1]);
      int clients = Integer.parseInt(args[2]);
      int warmup = Integer.parseInt(args[3]);
      int seconds = Integer.parseInt(args[4]);
      int firstHeader = "submit".equals(mode) ? 6 : 5;
      byte[] body = "submit".equals(mode) ? Files.readAllBytes(Path.of(args[5])) : null;
      List<String> headers = new ArrayList<>();
      for (String h : Arrays.asList(args).subList(firstHeader, args.length)) {
        int colon = h.indexOf(':');
        headers.add(h.substring(0, colon).strip());
        headers.add(h.substring(colon + 1).strip());
      }
      String[] fixed = headers.toArray(String[]::new);
      load = SearchBenchmark.load(clients, warmup, seconds, ignored -> {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (fixed.length > 0) {
          request.headers(fixed);
        }
        int expected = 200;
        if (body != null) {
          request.header("Content-Type", "application/json").header("Idempotency-Key", "bench-" + UUID.randomUUID())
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
          expected = 201;
        }
        HttpResponse<byte[]> reply = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (reply.statusCode() != expected) {
          throw new IOException("HTTP " + reply.statusCode());
        }
      });
    }
    ByteBuffer buffer = ByteBuffer.allocate(load.micros().getNeededByteBufferCapacity());
    int length = load.micros().encodeIntoCompressedByteBuffer(buffer);
    byte[] bytes = new byte[length];
    buffer.flip().get(bytes);
    System.out.println(RESULT + load.requests() + " " + load.seconds() + " " + load.errors() + " "
        + Base64.getEncoder().encodeToString(bytes));
    System.exit(0);
  }

  static SearchBenchmark.Load parse(int clients, String line) throws Exception {
    String[] parts = line.substring(RESULT.length()).trim().split(" ");
    Histogram histogram = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(parts[3])), 0);
    return new SearchBenchmark.Load(clients, Long.parseLong(parts[0]), Double.parseDouble(parts[1]), histogram,
        Long.parseLong(parts[2]));
  }
}
