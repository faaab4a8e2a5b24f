package cn.onething.bench;

import cn.onething.search.CatalogueSearch;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * The search alone, in this JVM, without HTTP or a database: the synthetic catalogue indexed
 * directly, then each request of the benchmark's mix timed on its own. For profiling (run it
 * under JFR); the figures that count come from {@link SearchBenchmark}.
 */
public final class SearchProfile {
  private static final Map<String, String> FILTERS = Map.of("kind", "kind", "publisher", "publisher",
      "department", "department", "stage", "stage");

  private SearchProfile() {}

  public static void main(String[] args) throws Exception {
    int templates = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    SyntheticCatalogue generator = new SyntheticCatalogue(SearchBenchmark.SEED);
    List<JsonObject> all = new ArrayList<>();
    // Usage as SearchBenchmark writes it (workspace items of 1–8 draws among 5 regions, every 40th
    // template), so that the ranking factors, and with them how much scoring can skip, are the server's.
    Map<String, Integer> usage = new java.util.HashMap<>();
    java.util.Random random = new java.util.Random(SearchBenchmark.SEED);
    for (int i = 0; i < templates; i++) {
      JsonObject t = generator.next(i);
      all.add(t);
      if (i % 40 == 0) {
        Set<Integer> regions = new java.util.HashSet<>();
        for (int p = 0; p < 1 + random.nextInt(8); p++) {
          regions.add(random.nextInt(5));
        }
        usage.put(t.getString("slug"), regions.size());
      }
    }
    try (CatalogueSearch search = new CatalogueSearch()) {
      long t0 = System.nanoTime();
      search.replaceAllCurrent(all, t -> usage.getOrDefault(t.getString("slug"), 0));
      System.out.printf("indexed %d in %d ms%n", search.size(), (System.nanoTime() - t0) / 1_000_000);
      all = null;
      java.io.PrintWriter dump = System.getProperty("dump") == null ? null
          : new java.io.PrintWriter(System.getProperty("dump"), java.nio.charset.StandardCharsets.UTF_8);
      // -Dquery=<mix entry> profiles that one request alone.
      List<String> mix = System.getProperty("query") == null ? SearchBenchmark.MIX : List.of(System.getProperty("query"));
      Map<String, Histogram> perQuery = new LinkedHashMap<>();
      Map<String, long[]> cpuPerQuery = new LinkedHashMap<>();
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long cpu = 0;
      long measured = 0;
      for (int round = 0; round < rounds; round++) {
        for (String entry : mix) {
          CatalogueSearch.Request request = request(entry);
          long c = threads.getCurrentThreadCpuTime();
          long s = System.nanoTime();
          CatalogueSearch.Result result = search.search(request);
          long micros = (System.nanoTime() - s) / 1000;
          if (round >= rounds / 4) {
            long spent = threads.getCurrentThreadCpuTime() - c;
            cpu += spent;
            long[] sum = cpuPerQuery.computeIfAbsent(entry, e -> new long[2]);
            sum[0] += spent;
            sum[1]++;
            measured++;
            perQuery.computeIfAbsent(entry, e -> new Histogram(60_000_000L, 3)).recordValue(Math.max(1, micros));
          }
          if (round == 0) {
            System.out.printf("%-40s total %6d hits %d%n", entry, result.total(), result.hits().size());
            if (dump != null) {
              dump.println(entry + "\t" + result.total() + "\t" + result.facets().encode() + "\t"
                  + new io.vertx.core.json.JsonArray(result.hits()).encode());
            }
          }
        }
      }
      if (dump != null) {
        dump.close();
      }
      Histogram total = new Histogram(60_000_000L, 3);
      perQuery.forEach((entry, h) -> {
        total.add(h);
        long[] sum = cpuPerQuery.get(entry);
        System.out.printf("%-40s mean %7.2f ms  p99 %7.2f ms  CPU %6.3f ms%n", entry, h.getMean() / 1000,
            h.getValueAtPercentile(99) / 1000.0, sum[0] / 1e6 / sum[1]);
      });
      System.out.printf("ALL mean %.2f ms p50 %.2f p99 %.2f; CPU per search %.3f ms%n", total.getMean() / 1000,
          total.getValueAtPercentile(50) / 1000.0, total.getValueAtPercentile(99) / 1000.0, cpu / 1e6 / measured);
    }
  }

  static CatalogueSearch.Request request(String entry) {
    Map<String, String> params = SearchBenchmark.params(entry);
    Map<String, List<String>> filters = new LinkedHashMap<>();
    params.forEach((k, v) -> {
      if (FILTERS.containsKey(k)) {
        filters.put(FILTERS.get(k), List.of(v));
      }
    });
    Set<String> statuses = new LinkedHashSet<>(List.of("current"));
    return new CatalogueSearch.Request(params.getOrDefault("q", ""), filters, statuses,
        params.getOrDefault("sort", "relevance"), 1, 10);
  }
}
