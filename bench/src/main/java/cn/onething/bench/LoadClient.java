package cn.onething.bench;

import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import org.HdrHistogram.Histogram;

/**
 * The HTTP load generator, run by {@link SearchBenchmark} in a JVM of its own so that its threads,
 * allocation and garbage collection do not run inside the server's process. HTTP/1.1 with
 * keep-alive (the JDK client pools connections). Prints one line: requests, seconds, errors and
 * the latency histogram (base64, HdrHistogram's compressed encoding).
 *
 * <p>Arguments: base URL, clients, warm-up seconds, measured seconds.
 */
public final class LoadClient {
  static final String RESULT = "LOAD-RESULT ";

  private LoadClient() {}

  public static void main(String[] args) throws Exception {
    String base = args[0];
    int clients = Integer.parseInt(args[1]);
    int warmup = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    SearchBenchmark.Load load = SearchBenchmark.load(clients, warmup, seconds, q -> SearchBenchmark.httpSearch(http, base, q));
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
