package cn.onething.search;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.search.TemplateDocuments.Entry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Totals and facet counts are exact: they equal a tally of every hit, paged through, also when
 * the index has more than one segment and deleted documents (after a template is replaced).
 */
class FacetCountsTest {
  static CatalogueSearch search;

  @BeforeAll
  static void index() throws IOException {
    List<Entry> all = NationalEntries.current();
    search = new CatalogueSearch();
    search.replaceAll(all);
    // A second segment, with the replaced template's old document deleted from the first.
    JsonObject changed = all.getFirst().content().copy();
    JsonObject older = changed.copy().put("version", "0.9.0");
    search.replace(all.getFirst().ref(), List.of(new Entry(changed, "current", 3, 2), new Entry(older, "older", 0, 1)));
  }

  @AfterAll
  static void close() throws IOException {
    search.close();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      -            | current | -
      出生          | current | -
      出生          | all     | -
      营业执照       | current | -
      xse          | current | -
      新身儿        | current | -
      登记          | current | public-security
      食品经营许可    | current | -
      被辞退了怎么领钱 | all     | -
      残疾人生活补帖   | current | -
      """)
  void countsEqualATallyOfEveryHit(String q, String status, String department) {
    Set<String> statuses = status.equals("all") ? Set.of("current", "older", "deprecated") : Set.of(status);
    Map<String, List<String>> filters = department == null ? Map.of() : Map.of(TemplateDocuments.DEPARTMENT, List.of(department));
    CatalogueSearch.Result first = search.search(new CatalogueSearch.Request(q, filters, statuses, "relevance", 1, 50));
    List<JsonObject> hits = new ArrayList<>();
    for (int page = 1; (page - 1) * 50 < first.total(); page++) {
      hits.addAll(search.search(new CatalogueSearch.Request(q, filters, statuses, "relevance", page, 50)).hits());
    }
    assertThat(hits).hasSize((int) first.total());
    assertThat(first.total()).isPositive();

    Map<String, Map<String, Integer>> tally = new LinkedHashMap<>();
    TemplateDocuments.FACETS.forEach(dim -> tally.put(dim, new TreeMap<>()));
    for (JsonObject hit : hits) {
      tally.get("kind").merge(hit.getString("kind"), 1, Integer::sum);
      tally.get("publisher").merge(hit.getString("publisher"), 1, Integer::sum);
      tally.get("status").merge(hit.getString("status"), 1, Integer::sum);
      hit.getJsonArray("departments").forEach(d -> tally.get("department").merge((String) d, 1, Integer::sum));
      hit.getJsonArray("stages").forEach(s -> tally.get("stage").merge((String) s, 1, Integer::sum));
    }
    for (String dim : TemplateDocuments.FACETS) {
      List<Map.Entry<String, Integer>> expected = new ArrayList<>(tally.get(dim).entrySet());
      expected.sort(Comparator.<Map.Entry<String, Integer>>comparingInt(e -> -e.getValue()).thenComparing(Map.Entry::getKey));
      JsonArray actual = first.facets().getJsonArray(dim);
      assertThat(actual.stream().map(v -> ((JsonObject) v).getString("value") + "=" + ((JsonObject) v).getInteger("count")))
          .as(dim).containsExactlyElementsOf(expected.stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
    if (q != null) {
      List<Double> scores = hits.stream().map(h -> h.getDouble("score")).toList();
      assertThat(scores).isSortedAccordingTo(Comparator.reverseOrder());
    }
  }
}
