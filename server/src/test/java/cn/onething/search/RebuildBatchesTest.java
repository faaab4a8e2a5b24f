package cn.onething.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.onething.search.TemplateDocuments.Entry;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rebuild streamed in batches (as {@link SearchSync} reads PostgreSQL through a cursor) indexes
 * the same as one given whole, and one that breaks off leaves searches on the previous index.
 */
class RebuildBatchesTest {
  static List<Entry> catalogue;

  @BeforeAll
  static void read() throws Exception {
    catalogue = NationalEntries.current();
    // As the rebuild's statement orders them: packages after the matters they contain.
    catalogue.sort(Comparator.comparing(e -> e.content().getString("kind").equals("package")));
  }

  static List<List<Entry>> batchesOf(int size) {
    List<List<Entry>> batches = new ArrayList<>();
    for (int i = 0; i < catalogue.size(); i += size) {
      batches.add(catalogue.subList(i, Math.min(catalogue.size(), i + size)));
    }
    return batches;
  }

  static CatalogueSearch.Result find(CatalogueSearch search, String q) {
    return search.search(new CatalogueSearch.Request(q, Map.of(), Set.of("current"), "relevance", 1, 20));
  }

  static List<String> refsAndDepartments(CatalogueSearch.Result result) {
    return result.hits().stream().map(h -> h.getString("slug") + " " + h.getJsonArray("departments").encode()).toList();
  }

  @Test
  void batchesIndexTheSameAsTheWhole() throws Exception {
    try (CatalogueSearch whole = new CatalogueSearch(); CatalogueSearch batched = new CatalogueSearch()) {
      whole.replaceAll(catalogue);
      batched.replaceAll(batchesOf(7));
      for (String q : List.of("出生", "新生儿出生一件事", "企业开办", "xse", "医保")) {
        CatalogueSearch.Result expected = find(whole, q);
        assertThat(expected.total()).as(q).isPositive();
        // The same hits, each with the same departments (equal scores may come in another order).
        assertThat(refsAndDepartments(find(batched, q))).as(q)
            .containsExactlyInAnyOrderElementsOf(refsAndDepartments(expected));
        assertThat(find(batched, q).facets()).as(q).isEqualTo(expected.facets());
      }
      // A package is filed under its members' departments, whichever batch they came in.
      JsonObject newborn = find(batched, "新生儿出生一件事").hits().getFirst();
      assertThat(newborn.getString("kind")).isEqualTo("package");
      assertThat(newborn.getJsonArray("departments").size()).isGreaterThan(1);
    }
  }

  @Test
  void aRebuildThatBreaksOffLeavesThePreviousIndex() throws Exception {
    try (CatalogueSearch search = new CatalogueSearch()) {
      search.replaceAll(catalogue);
      long before = find(search, "出生").total();
      Iterable<List<Entry>> failing = () -> new Iterator<>() {
        int n;

        @Override
        public boolean hasNext() {
          return true;
        }

        @Override
        public List<Entry> next() {
          if (n++ == 2) {
            throw new IllegalStateException("连接中断");
          }
          return batchesOf(5).get(n);
        }
      };
      assertThatThrownBy(() -> search.replaceAll(failing)).hasMessage("连接中断");
      assertThat(find(search, "出生").total()).isEqualTo(before);
      // A single change meanwhile does not expose the half-built index either.
      Entry one = catalogue.getFirst();
      search.replace(one.ref(), List.of(one));
      assertThat(find(search, "出生").total()).isEqualTo(before);
      assertThat(search.suggest("出生", 5)).isNotEmpty();
      // The next complete rebuild is what searches see.
      search.replaceAll(batchesOf(11));
      assertThat(find(search, "出生").total()).isEqualTo(before);
      assertThat(search.size()).isEqualTo(catalogue.size());
    }
  }
}
