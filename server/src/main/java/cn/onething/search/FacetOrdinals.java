package cn.onething.search;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;

/**
 * The facet values of every document of one index reader, decoded once when the reader opens
 * (the catalogue changes rarely): counting the facets of a search is then one array walk per
 * match instead of a doc-values decode, and the counts stay exact.
 */
final class FacetOrdinals {
  /** Most values returned per dimension, as before ({@code getTopChildren(100, dim)}). */
  static final int MAX_VALUES_PER_DIM = 100;

  private final int[] starts;
  private final int[] ords;
  private final String[] dims;
  private final String[] labels;
  private final Map<String, Integer> ordByPath;
  private final int leaves;

  private FacetOrdinals(int leaves, int[] starts, int[] ords, String[] dims, String[] labels) {
    this.leaves = leaves;
    this.ordByPath = new HashMap<>();
    for (int ord = 0; ord < dims.length; ord++) {
      if (dims[ord] != null) {
        ordByPath.put(dims[ord] + '\u001f' + labels[ord], ord);
      }
    }
    this.starts = starts;
    this.ords = ords;
    this.dims = dims;
    this.labels = labels;
  }

  static FacetOrdinals of(IndexReader reader) throws IOException {
    int maxDoc = reader.maxDoc();
    int[] starts = new int[maxDoc + 1];
    SortedSetDocValues values = MultiDocValues.getSortedSetValues(reader, FacetsConfig.DEFAULT_INDEX_FIELD_NAME);
    if (values == null) {
      return new FacetOrdinals(reader.leaves().size(), starts, new int[0], new String[0], new String[0]);
    }
    int[] ords = new int[Math.max(16, maxDoc * 8)];
    int size = 0;
    int next = 0;
    for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
      while (next <= doc) {
        starts[next++] = size;
      }
      int count = values.docValueCount();
      if (size + count > ords.length) {
        ords = Arrays.copyOf(ords, Math.max(ords.length * 2, size + count));
      }
      for (int i = 0; i < count; i++) {
        ords[size++] = Math.toIntExact(values.nextOrd());
      }
    }
    while (next <= maxDoc) {
      starts[next++] = size;
    }
    int valueCount = Math.toIntExact(values.getValueCount());
    String[] dims = new String[valueCount];
    String[] labels = new String[valueCount];
    for (int ord = 0; ord < valueCount; ord++) {
      String[] path = FacetsConfig.stringToPath(values.lookupOrd(ord).utf8ToString());
      if (path.length == 2) {
        dims[ord] = path[0];
        labels[ord] = path[1];
      }
    }
    return new FacetOrdinals(reader.leaves().size(), starts, Arrays.copyOf(ords, size), dims, labels);
  }

  /**
   * The documents that carry, in every filtered dimension, one of the wanted values — the same
   * as a filter of term queries on those keyword fields, answered from the decoded values.
   */
  Filter filter(Map<String, List<String>> valuesByDim) {
    if (valuesByDim.size() > Integer.SIZE) {
      throw new IllegalArgumentException("too many filtered dimensions");
    }
    int[] masks = new int[dims.length];
    int dim = 0;
    for (Map.Entry<String, List<String>> filter : valuesByDim.entrySet()) {
      for (String value : filter.getValue()) {
        Integer ord = ordByPath.get(filter.getKey() + '\u001f' + value);
        if (ord != null) {
          masks[ord] |= 1 << dim;
        }
      }
      dim++;
    }
    return new Filter(masks, dim == Integer.SIZE ? -1 : (1 << dim) - 1);
  }

  /** A filter over facet values: a document passes when its values' masks cover {@code all}. */
  final class Filter {
    private final int[] masks;
    private final int all;

    private Filter(int[] masks, int all) {
      this.masks = masks;
      this.all = all;
    }

    /** The live documents of {@code leaf} that pass. */
    Bits accept(LeafReaderContext leaf) {
      Bits live = leaf.reader().getLiveDocs();
      int base = leaf.docBase;
      int length = leaf.reader().maxDoc();
      return new Bits() {
        @Override
        public boolean get(int doc) {
          if (live != null && !live.get(doc)) {
            return false;
          }
          if (all == 0) {
            return true;
          }
          int seen = 0;
          int d = base + doc;
          for (int i = starts[d], end = starts[d + 1]; i < end; i++) {
            seen |= masks[ords[i]];
          }
          return seen == all;
        }

        @Override
        public int length() {
          return length;
        }
      };
    }
  }

  /** Counts the facet values of every match (and the matches), without scoring them. */
  CollectorManager<Counter, Counts> counter() {
    return new CollectorManager<>() {
      @Override
      public Counter newCollector() {
        return new Counter(new int[dims.length], new FixedBitSet[leaves]);
      }

      @Override
      public Counts reduce(Collection<Counter> collectors) {
        int[] sum = new int[dims.length];
        FixedBitSet[] bits = new FixedBitSet[leaves];
        long total = 0;
        for (Counter c : collectors) {
          total += c.total;
          for (int i = 0; i < sum.length; i++) {
            sum[i] += c.counts[i];
          }
          for (int leaf = 0; leaf < leaves; leaf++) {
            if (c.bits[leaf] != null) {
              bits[leaf] = c.bits[leaf];
            }
          }
        }
        return new Counts(total, sum, bits);
      }
    };
  }

  /**
   * How many matched, how many of them carry each facet value (by ordinal), and which they were
   * (per segment, by leaf ordinal; null where none matched).
   */
  record Counts(long total, int[] byOrd, FixedBitSet[] matches) {}

  final class Counter extends SimpleCollector {
    private final int[] counts;
    private final FixedBitSet[] bits;
    private long total;
    private int docBase;
    private FixedBitSet current;

    Counter(int[] counts, FixedBitSet[] bits) {
      this.counts = counts;
      this.bits = bits;
    }

    @Override
    protected void doSetNextReader(LeafReaderContext context) {
      docBase = context.docBase;
      current = new FixedBitSet(context.reader().maxDoc());
      bits[context.ord] = current;
    }

    @Override
    public void setScorer(Scorable scorer) {
      // counting needs no scores
    }

    @Override
    public void collect(int doc) {
      int d = docBase + doc;
      for (int i = starts[d], end = starts[d + 1]; i < end; i++) {
        counts[ords[i]]++;
      }
      current.set(doc);
      total++;
    }

    @Override
    public ScoreMode scoreMode() {
      return ScoreMode.COMPLETE_NO_SCORES;
    }
  }

  /** The counts as the API returns them: per dimension, values by count (then by value), zeros left out. */
  JsonObject toJson(Counts counts, List<String> wanted) {
    JsonObject out = new JsonObject();
    for (String dim : wanted) {
      List<Integer> present = new ArrayList<>();
      for (int ord = 0; ord < dims.length; ord++) {
        if (counts.byOrd()[ord] > 0 && dim.equals(dims[ord])) {
          present.add(ord);
        }
      }
      present.sort(Comparator.<Integer>comparingInt(ord -> -counts.byOrd()[ord]).thenComparingInt(ord -> ord));
      JsonArray values = new JsonArray();
      for (int ord : present.subList(0, Math.min(MAX_VALUES_PER_DIM, present.size()))) {
        values.add(new JsonObject().put("value", labels[ord]).put("count", counts.byOrd()[ord]));
      }
      out.put(dim, values);
    }
    return out;
  }
}
