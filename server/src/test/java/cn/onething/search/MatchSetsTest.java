package cn.onething.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;
import org.junit.jupiter.api.Test;

/**
 * {@link MatchSets} finds exactly the documents Lucene's nested m-of-n query finds (over several
 * segments, with deleted documents, for groups of 2 to 20 terms, repeated and missing terms
 * included), and its flat scoring gives each of them the nested query's score.
 */
class MatchSetsTest {
  private static final String[] FIELDS = {"a", "b", "c"};
  private long matched;

  @Test
  void setsAndScoresEqualTheNestedQuery() throws IOException {
    Random random = new Random(20261127L);
    try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
         IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(new WhitespaceAnalyzer()))) {
      for (int i = 0; i < 6000; i++) {
        Document doc = new Document();
        doc.add(new StringField("id", "d" + i, Field.Store.NO));
        for (String field : FIELDS) {
          doc.add(new TextField(field, text(random, field.equals("c") ? 40 : 8), Field.Store.NO));
        }
        writer.addDocument(doc);
        if (i % 1500 == 1499) {
          writer.commit(); // several segments
        }
      }
      for (int i = 0; i < 6000; i += 7) {
        writer.deleteDocuments(new Term("id", "d" + i));
      }
      writer.commit();
      try (DirectoryReader reader = DirectoryReader.open(writer)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        searcher.setQueryCache(null);
        assertThat(reader.leaves()).hasSizeGreaterThan(1);
        for (int round = 0; round < 60; round++) {
          check(searcher, random);
        }
        assertThat(matched).as("matches over all rounds").isGreaterThan(10_000);
      }
    }
  }

  private void check(IndexSearcher searcher, Random random) throws IOException {
    BooleanQuery.Builder top = new BooleanQuery.Builder();
    List<Query> ranking = new ArrayList<>();
    for (String field : new String[] {"a", "b"}) {
      Query group = new BoostQuery(group(random, field, 2 + random.nextInt(19)), 1 + random.nextInt(4));
      top.add(group, Occur.SHOULD);
      ranking.add(group);
    }
    Query single = new BoostQuery(new TermQuery(new Term("a", word(random))), 2f);
    top.add(single, Occur.SHOULD);
    ranking.add(single);
    Query phrase = new PhraseQuery("b", word(random), word(random));
    top.add(phrase, Occur.SHOULD);
    ranking.add(phrase);
    top.setMinimumNumberShouldMatch(1);
    BooleanQuery matching = top.build();
    // Ranks only: a long field's m-of-n query.
    ranking.add(new BoostQuery(group(random, "c", 3 + random.nextInt(8)), 0.5f));

    MatchSets.Plan plan = MatchSets.plan(matching, ranking);
    assertThat(plan).isNotNull();
    assertThat(plan.groups()).hasSize(2);
    assertThat(plan.rankOnly()).hasSize(1);
    MatchSets.Sets sets = MatchSets.compute(searcher, plan);
    Map<String, Float> nested = scores(searcher, or(ranking), sets.matches());
    Map<String, Float> flat = scores(searcher, or(MatchSets.ranking(ranking, plan, sets)), sets.matches());

    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      FixedBitSet expected = new FixedBitSet(leaf.reader().maxDoc());
      Scorer scorer = searcher.createWeight(searcher.rewrite(matching), ScoreMode.COMPLETE_NO_SCORES, 1f).scorer(leaf);
      if (scorer != null) {
        for (int doc = scorer.iterator().nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = scorer.iterator().nextDoc()) {
          expected.set(doc);
        }
      }
      FixedBitSet actual = sets.matches()[leaf.ord].clone();
      Bits live = leaf.reader().getLiveDocs();
      for (int doc = 0; live != null && doc < leaf.reader().maxDoc(); doc++) {
        if (!live.get(doc)) {
          actual.clear(doc);
          expected.clear(doc);
        }
      }
      assertThat(actual).as("%s in leaf %d", matching, leaf.ord).isEqualTo(expected);
      matched += expected.cardinality();
    }
    assertThat(flat.keySet()).isEqualTo(nested.keySet());
    List<String> different = new ArrayList<>();
    nested.forEach((doc, score) -> {
      if (Math.abs(flat.get(doc) - score) > Math.ulp(score) * 8) {
        different.add(doc + ": " + score + " nested, " + flat.get(doc) + " flat");
      }
    });
    assertThat(different).as("scores of %s", ranking).isEmpty();
  }

  /** Every live document's score under {@code query}, among {@code within}. */
  private static Map<String, Float> scores(IndexSearcher searcher, Query query, FixedBitSet[] within) throws IOException {
    Map<String, Float> out = new HashMap<>();
    Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE, 1f);
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      Scorer scorer = weight.scorer(leaf);
      if (scorer == null) {
        continue;
      }
      Bits live = leaf.reader().getLiveDocs();
      DocIdSetIterator it = scorer.iterator();
      for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
        if ((live == null || live.get(doc)) && within[leaf.ord].get(doc)) {
          out.put(leaf.ord + ":" + doc, scorer.score());
        }
      }
    }
    return out;
  }

  private static Query or(List<Query> clauses) {
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    clauses.forEach(q -> any.add(q, Occur.SHOULD));
    return any.build();
  }

  /** At least 60 % of {@code n} words (some repeated, some in no document). */
  private static Query group(Random random, String field, int n) {
    BooleanQuery.Builder group = new BooleanQuery.Builder();
    for (int i = 0; i < n; i++) {
      String word = random.nextInt(10) == 0 ? "missing" + i : word(random);
      group.add(new TermQuery(new Term(field, word)), Occur.SHOULD);
    }
    group.setMinimumNumberShouldMatch(Math.max(2, (int) (n * 0.6f)));
    return group.build();
  }

  private static String text(Random random, int words) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < words; i++) {
      text.append(word(random)).append(' ');
    }
    return text.toString();
  }

  /** Skewed: a few words are in most documents, most in few. */
  private static String word(Random random) {
    return "w" + (int) Math.floor(Math.pow(random.nextDouble(), 2.5) * 24);
  }
}
