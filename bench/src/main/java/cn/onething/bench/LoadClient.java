package cn.onething.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.HdrHistogram.Histogram;

/**
 * The HTTP load generator, run by the benchmarks in a JVM of its own so that its threads,
 * allocation and garbage collection do not run inside the server's process. HTTP/1.1 with
 * keep-alive through {@link PlainHttp}, one connection per client thread. Prints one line:
 * requests, seconds, errors and the latency histogram (base64, HdrHistogram's compressed encoding).
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
      List<String> headers = List.copyOf(Arrays.asList(args).subList(firstHeader, args.length));
      String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      ThreadLocal<PlainHttp> connection = ThreadLocal.withInitial(() -> new PlainHttp(uri));
      load = SearchBenchmark.load(clients, warmup, seconds, ignored -> {
        int status;
        if (body == null) {
          status = connection.get().send("GET", path, headers, null);
        } else {
          List<String> withKey = new ArrayList<>(headers);
          withKey.add("Idempotency-Key: bench-" + UUID.randomUUID());
          status = connection.get().send("POST", path, withKey, body);
        }
        int expected = body == null ? 200 : 201;
        if (status != expected) {
          throw new IOException("HTTP " + status);
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
