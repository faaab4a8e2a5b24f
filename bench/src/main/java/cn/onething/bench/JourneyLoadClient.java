package cn.onething.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The load generator of {@link JourneyBenchmark}, a JVM of its own. Three kinds of users, each a
 * thread going round its journey with no pause:
 * <ul>
 *   <li>citizens: the guide page (anonymous), a submission, the application's progress;</li>
 *   <li>clerks of the 一窗受理 department: the task list, one task, its completion (clerk k of n
 *       takes the tasks whose id is k modulo n, so clerks seldom race; a race lost is a 409,
 *       counted apart, not an error);</li>
 *   <li>attackers: submissions to the service whose rule was made hostile.</li>
 * </ul>
 * Prints, per request kind, {@code JOURNEY kind requests errors conflicts histogram} and its answers
 * by status as {@code STATUS kind status count}.
 */
public final class JourneyLoadClient {
  static final String JOURNEY = "JOURNEY ";
  static final String STATUS = "STATUS ";
  static final List<String> KINDS = List.of("guide", "submit", "progress", "tasks", "task", "complete", "attack");

  private final JsonObject plan;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final long measureFrom;
  private final long end;
  private final Map<String, Histogram> histograms = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> conflicts = new ConcurrentHashMap<>();
  private final Map<String, Map<Integer, AtomicLong>> statuses = new ConcurrentHashMap<>();

  private JourneyLoadClient(JsonObject plan) {
    this.plan = plan;
    long start = System.nanoTime();
    measureFrom = start + plan.getInteger("warmup") * 1_000_000_000L;
    end = measureFrom + plan.getInteger("seconds") * 1_000_000_000L;
    for (String kind : KINDS) {
      histograms.put(kind, new Histogram(120_000_000L, 3));
      errors.put(kind, new AtomicLong());
      conflicts.put(kind, new AtomicLong());
      statuses.put(kind, new ConcurrentHashMap<>());
    }
  }

  public static void main(String[] args) throws Exception {
    JourneyLoadClient client = new JourneyLoadClient(new JsonObject(Files.readString(Path.of(args[0]))));
    client.run();
    client.print();
    System.exit(0);
  }

  private void run() throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    int citizens = plan.getInteger("citizens");
    int clerks = plan.getInteger("clerks");
    int attackers = plan.getInteger("attackers");
    for (int i = 0; i < citizens; i++) {
      threads.add(Thread.ofPlatform().name("citizen-" + i).start(guarded(this::citizen)));
    }
    for (int i = 0; i < clerks; i++) {
      int k = i;
      threads.add(Thread.ofPlatform().name("clerk-" + i).start(guarded(() -> clerk(k, clerks))));
    }
    for (int i = 0; i < attackers; i++) {
      threads.add(Thread.ofPlatform().name("attacker-" + i).start(guarded(this::attacker)));
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  private interface Journey {
    void run() throws Exception;
  }

  private Runnable guarded(Journey journey) {
    return () -> {
      try {
        journey.run();
      } catch (Exception e) {
        System.out.println("[load] " + Thread.currentThread().getName() + " stopped: " + e);
      }
    };
  }

  private boolean running() {
    return System.nanoTime() < end;
  }

  private record Answer(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** Sends, timing it under {@code kind}; a transport failure (a timeout, a refused connection) is status 0. */
  private Answer send(String kind, HttpRequest request, int expected) {
    long t0 = System.nanoTime();
    Answer answer;
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      answer = new Answer(r.statusCode(), r.body());
    } catch (Exception e) {
      answer = new Answer(0, String.valueOf(e));
    }
    long t1 = System.nanoTime();
    if (t0 >= measureFrom && t1 <= end) {
      Histogram h = histograms.get(kind);
      synchronized (h) {
        h.recordValue(Math.min(h.getHighestTrackableValue(), Math.max(1, (t1 - t0) / 1000)));
      }
      statuses.get(kind).computeIfAbsent(answer.status(), s -> new AtomicLong()).incrementAndGet();
      if (answer.status() == 409 && "complete".equals(kind)) {
        conflicts.get(kind).incrementAndGet();
      } else if (answer.status() != expected) {
        errors.get(kind).incrementAndGet();
      }
    }
    return answer;
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(plan.getString("base") + path)).timeout(Duration.ofSeconds(30));
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  private HttpRequest submission(String service) {
    JsonObject body = new JsonObject().put("region", "330000").put("service", service).put("data", plan.getJsonObject("data"))
        .put("materials", plan.getJsonObject("materials"));
    return request("/api/applications", plan.getString("citizen")).header("Content-Type", "application/json")
        .header("Idempotency-Key", "load-" + UUID.randomUUID()).POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
  }

  private void citizen() {
    String token = plan.getString("citizen");
    while (running()) {
      send("guide", request("/s/330000/newborn", null).GET().build(), 200);
      Answer submitted = send("submit", submission("newborn"), 201);
      if (submitted.status() == 201) {
        send("progress", request("/api/applications/" + submitted.json().getString("id") + "/progress", token).GET().build(), 200);
      }
    }
  }

  private void clerk(int k, int of) throws InterruptedException {
    String token = plan.getString("clerk");
    while (running()) {
      Answer list = send("tasks", request("/api/tasks?size=50", token).GET().build(), 200);
      JsonObject mine = null;
      if (list.status() == 200) {
        for (Object o : list.json().getJsonArray("items", new JsonArray())) {
          JsonObject task = (JsonObject) o;
          if (task.getLong("id") % of == k) {
            mine = task;
            break;
          }
        }
      }
      if (mine == null) {
        Thread.sleep(50);
        continue;
      }
      Answer detail = send("task", request("/api/tasks/" + mine.getLong("id"), token).GET().build(), 200);
      if (detail.status() != 200) {
        continue;
      }
      JsonObject body = new JsonObject().put("version", detail.json().getInteger("version", mine.getInteger("version")))
          .put("outcome", detail.json().getJsonArray("outcomes").getJsonObject(0).getString("id")).put("comment", "受理");
      send("complete", request("/api/tasks/" + mine.getLong("id") + "/complete", token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), 200);
    }
  }

  private void attacker() {
    String service = plan.getString("attackService");
    int expected = plan.getInteger("attackExpected");
    while (running()) {
      send("attack", submission(service), expected);
    }
  }

  private void print() {
    for (String kind : KINDS) {
      Histogram h = histograms.get(kind);
      ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
      int length = h.encodeIntoCompressedByteBuffer(buffer);
      byte[] bytes = new byte[length];
      buffer.flip().get(bytes);
      System.out.println(JOURNEY + kind + " " + h.getTotalCount() + " " + errors.get(kind).get() + " "
          + conflicts.get(kind).get() + " " + Base64.getEncoder().encodeToString(bytes));
      new TreeMap<>(statuses.get(kind)).forEach((status, n) -> System.out.println(STATUS + kind + " " + status + " " + n.get()));
    }
  }
}
