package cn.onething.bench;

import cn.onething.db.DatabaseUrl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The baseline a team would otherwise build: PostgreSQL full text over character bigrams (the
 * usual way to make {@code tsvector} work for Chinese), ranked by {@code ts_rank_cd}, with the
 * same filters and facet counts as the search endpoint. One JDBC connection per client thread.
 */
final class BigramBaseline implements AutoCloseable {
  static final String BIGRAMS_FUNCTION = """
      CREATE OR REPLACE FUNCTION bench_bigrams(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce(string_agg(substr(c, i, 2), ' '), '')
          FROM (SELECT regexp_replace(t, '[[:punct:][:space:]，。；：、（）《》“”！？]', '', 'g') AS c) s,
               generate_series(1, greatest(length(c) - 1, 1)) AS i
      $$""";

  private final DatabaseUrl url;
  private final List<Connection> connections = new ArrayList<>();
  private final ThreadLocal<Connection> connection;

  BigramBaseline(DatabaseUrl url) {
    this.url = url;
    this.connection = ThreadLocal.withInitial(this::open);
  }

  private synchronized Connection open() {
    try {
      Connection c = SearchBenchmark.connect(url);
      connections.add(c);
      return c;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The AND of the query's bigrams (its single character when it has only one). */
  static String tsquery(String text) {
    String clean = text.replaceAll("[\\p{Punct}\\s，。；：、（）《》“”！？']", "");
    if (clean.isEmpty()) {
      return "";
    }
    if (clean.length() == 1) {
      return clean;
    }
    List<String> grams = new ArrayList<>();
    for (int i = 0; i + 2 <= clean.length(); i++) {
      grams.add(clean.substring(i, i + 2));
    }
    return String.join(" & ", grams);
  }

  /** The hits (top 10) and the facet counts by department and stage, as the endpoint returns. */
  void run(String entry) throws SQLException {
    Map<String, String> params = SearchBenchmark.params(entry);
    String q = tsquery(params.getOrDefault("q", ""));
    if (q.isEmpty()) {
      return;
    }
    StringBuilder where = new StringBuilder("bigrams @@ query");
    List<String> values = new ArrayList<>(List.of(q));
    for (String column : List.of("kind", "department", "stage")) {
      if (params.containsKey(column)) {
        where.append(" AND ").append(column).append(" = ?");
        values.add(params.get(column));
      }
    }
    String order = "usage".equals(params.get("sort")) ? "usage DESC, ts_rank_cd(bigrams, query) DESC" : "ts_rank_cd(bigrams, query) DESC";
    Connection c = connection.get();
    drain(c, "SELECT ref, title FROM bench_doc, to_tsquery('simple', ?) query WHERE " + where + " ORDER BY " + order
        + " LIMIT 10", values);
    drain(c, "SELECT department, stage, count(*) FROM bench_doc, to_tsquery('simple', ?) query WHERE " + where
        + " GROUP BY GROUPING SETS ((department), (stage))", values);
  }

  private static void drain(Connection c, String sql, List<String> values) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < values.size(); i++) {
        ps.setString(i + 1, values.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rs.getString(1);
        }
      }
    }
  }

  @Override
  public synchronized void close() throws SQLException {
    for (Connection c : connections) {
      c.close();
    }
  }
}
