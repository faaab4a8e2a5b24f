package cn.onething.stats;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * 汇总 — the figures of one group, summed from rollup rows (V11): each named column, and the
 * histogram of handling times. Handling times are counted at a stated resolution — 0.1 h below
 * 10 h, whole hours from 10 h to 1,000 h, 10 h from 1,000 h, a duration cut down to its step —
 * and medians and p90s are PostgreSQL's {@code percentile_cont} over the durations so counted,
 * which the histogram answers exactly. Means use the exact sums.
 */
final class Tally {
  /** Bins below this are 0.1 h wide (the first 10 h). */
  static final int TENTHS = 100;
  /** Bins from {@link #TENTHS} below this are whole hours (10 h to 1,000 h); above, 10 h. */
  static final int HOURS = 1090;
  private static final double MICROS_PER_HOUR = 3_600_000_000.0;

  private final List<String> columns;
  private final long[] sums;
  private long[] histogram = new long[0];
  private String name;
  private String department;

  Tally(List<String> columns) {
    this.columns = columns;
    this.sums = new long[columns.size()];
  }

  /** The rows summed by their {@code key} column, in key order. */
  static Map<String, Tally> byKey(RowSet<Row> rows, List<String> columns, boolean histogram) {
    Map<String, Tally> out = new TreeMap<>();
    for (Row r : rows) {
      out.computeIfAbsent(r.getString("key"), k -> new Tally(columns)).add(r, histogram);
    }
    return out;
  }

  private void add(Row r, boolean withHistogram) {
    for (int i = 0; i < sums.length; i++) {
      Long v = r.getLong(columns.get(i));
      sums[i] += v == null ? 0 : v;
    }
    if (withHistogram) {
      // (bin, count) pairs of big-endian 4-byte integers (SQL's stats_hist).
      Buffer packed = r.getBuffer("hist");
      for (int at = 0; at + 8 <= packed.length(); at += 8) {
        int bin = packed.getInt(at);
        if (bin >= histogram.length) {
          histogram = Arrays.copyOf(histogram, Math.max(bin + 1, histogram.length * 2));
        }
        histogram[bin] += packed.getInt(at + 4);
      }
    }
    if (r.getColumnIndex("name") >= 0) {
      name = smaller(name, r.getString("name"));
      department = smaller(department, r.getString("department"));
    }
  }

  private static String smaller(String a, String b) {
    return a == null || (b != null && b.compareTo(a) < 0) ? b : a;
  }

  long get(String column) {
    return sums[columns.indexOf(column)];
  }

  String name() {
    return name;
  }

  String department() {
    return department;
  }

  /** Mean hours of {@code count} durations summing to {@code micros} microseconds, to 0.1 h; null when none. */
  Double meanHours(String micros, String count) {
    long n = get(count);
    return n == 0 ? null : ServiceStats.round(get(micros) / MICROS_PER_HOUR / n, 10);
  }

  /** The {@code fraction} percentile of the counted durations (linear interpolation between ranks), to 0.1 h. */
  Double percentileHours(double fraction) {
    long n = 0;
    for (long c : histogram) {
      n += c;
    }
    if (n == 0) {
      return null;
    }
    double position = fraction * (n - 1);
    long lower = (long) Math.floor(position);
    long upper = (long) Math.ceil(position);
    double low = hoursAtRank(lower);
    double high = hoursAtRank(upper);
    return ServiceStats.round(low + (position - lower) * (high - low), 10);
  }

  private double hoursAtRank(long rank) {
    long seen = 0;
    for (int bin = 0; bin < histogram.length; bin++) {
      seen += histogram[bin];
      if (seen > rank) {
        return hoursOf(bin);
      }
    }
    throw new IllegalStateException("rank " + rank + " beyond the histogram");
  }

  /** The duration a bin stands for (its lower end), in hours: the inverse of SQL's stats_bin. */
  static double hoursOf(int bin) {
    if (bin < TENTHS) {
      return bin / 10.0;
    }
    return bin < HOURS ? bin - 90 : (bin - 990) * 10.0;
  }
}
