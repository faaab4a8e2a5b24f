package cn.onething.search;

import java.io.IOException;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;

/**
 * A searcher over one point-in-time view of the index, with what every search needs from every
 * document decoded once when that view opens (facet values, ranking factors) instead of per request.
 * Opened by the {@code SearcherManager} after each change, on the writing thread.
 */
final class CatalogueSearcher extends IndexSearcher {
  private final FacetOrdinals facets;
  private final RankFactors factors;

  private CatalogueSearcher(IndexReader reader, double usageWeight) throws IOException {
    super(reader);
    // No query cache: with it, a repeated query's matches come from a cached bit set, which
    // would make the benchmark's fixed query mix look faster than a real stream of queries.
    setQueryCache(null);
    this.facets = FacetOrdinals.of(reader);
    this.factors = RankFactors.of(reader, usageWeight);
  }

  static SearcherFactory factory(double usageWeight) {
    return new SearcherFactory() {
      @Override
      public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) throws IOException {
        return new CatalogueSearcher(reader, usageWeight);
      }
    };
  }

  FacetOrdinals facets() {
    return facets;
  }

  RankFactors factors() {
    return factors;
  }
}
