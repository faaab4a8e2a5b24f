package cn.onething.search;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BulkScorer;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;

/**
 * The per-template factors a relevance score is multiplied by — {@code 1 + w·ln(1 + usage)} and
 * the kind's prior — read once per index reader. Unlike {@code FunctionScoreQuery}, the query
 * that applies them knows their maximum per segment, so Lucene can still skip the matches that
 * cannot reach the top (WAND / block-max): the top hits are the same, found without scoring
 * every match.
 */
final class RankFactors {
  private final double[] usage;
  private final float[] prior;
  /** Per leaf (by ordinal): the largest product of the two factors in that segment. */
  private final double[] leafMax;

  private RankFactors(double[] usage, float[] prior, double[] leafMax) {
    this.usage = usage;
    this.prior = prior;
    this.leafMax = leafMax;
  }

  static RankFactors of(IndexReader reader, double usageWeight) throws IOException {
    double[] usage = new double[reader.maxDoc()];
    float[] prior = new float[reader.maxDoc()];
    double[] leafMax = new double[reader.leaves().size()];
    for (LeafReaderContext leaf : reader.leaves()) {
      NumericDocValues usageValues = DocValues.getNumeric(leaf.reader(), TemplateDocuments.USAGE);
      NumericDocValues priorValues = DocValues.getNumeric(leaf.reader(), TemplateDocuments.PRIOR);
      double max = 0;
      for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
        long u = usageValues.advanceExact(doc) ? usageValues.longValue() : 0;
        float p = priorValues.advanceExact(doc) ? Float.intBitsToFloat((int) priorValues.longValue()) : 1f;
        int d = leaf.docBase + doc;
        usage[d] = 1 + usageWeight * Math.log1p(u);
        prior[d] = p;
        max = Math.max(max, usage[d] * p);
      }
      leafMax[leaf.ord] = max;
    }
    return new RankFactors(usage, prior, leafMax);
  }

  /** {@code query}'s score times the template's factors. */
  Query boost(Query query) {
    return new Boosted(query, this);
  }

  /** The same arithmetic as the two nested {@code FunctionScoreQuery.boostByValue} it replaces. */
  private float score(float score, int doc) {
    return (float) ((float) (score * usage[doc]) * (double) prior[doc]);
  }

  private static final class Boosted extends Query {
    private final Query in;
    private final RankFactors factors;

    Boosted(Query in, RankFactors factors) {
      this.in = in;
      this.factors = factors;
    }

    @Override
    public Query rewrite(IndexSearcher searcher) throws IOException {
      Query rewritten = in.rewrite(searcher);
      return rewritten == in ? this : new Boosted(rewritten, factors);
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) throws IOException {
      Weight inner = in.createWeight(searcher, scoreMode, boost);
      if (!scoreMode.needsScores()) {
        return inner;
      }
      return new Weight(this) {
        @Override
        public Explanation explain(LeafReaderContext context, int doc) throws IOException {
          Explanation e = inner.explain(context, doc);
          if (!e.isMatch()) {
            return e;
          }
          int d = context.docBase + doc;
          return Explanation.match(factors.score(e.getValue().floatValue(), d), "usage and kind",
              e, Explanation.match(factors.usage[d], "usage factor"), Explanation.match(factors.prior[d], "kind prior"));
        }

        @Override
        public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
          ScorerSupplier supplier = inner.scorerSupplier(context);
          if (supplier == null) {
            return null;
          }
          return new ScorerSupplier() {
            @Override
            public Scorer get(long leadCost) throws IOException {
              return new BoostedScorer(supplier.get(leadCost), factors, context.docBase, factors.leafMax[context.ord]);
            }

            @Override
            public BulkScorer bulkScorer() throws IOException {
              // The inner query's own bulk scorer (for a disjunction, Lucene's MaxScore one), its
              // scores multiplied as they are collected.
              return new BoostedBulkScorer(supplier.bulkScorer(), factors, context.docBase, factors.leafMax[context.ord]);
            }

            @Override
            public long cost() {
              return supplier.cost();
            }

            @Override
            public void setTopLevelScoringClause() throws IOException {
              supplier.setTopLevelScoringClause();
            }
          };
        }

        @Override
        public int count(LeafReaderContext context) throws IOException {
          return inner.count(context);
        }

        @Override
        public boolean isCacheable(LeafReaderContext ctx) {
          return false;
        }
      };
    }

    @Override
    public void visit(QueryVisitor visitor) {
      in.visit(visitor.getSubVisitor(Occur.MUST, this));
    }

    @Override
    public String toString(String field) {
      return "boosted(" + in.toString(field) + ")";
    }

    @Override
    public boolean equals(Object other) {
      return sameClassAs(other) && in.equals(((Boosted) other).in) && factors == ((Boosted) other).factors;
    }

    @Override
    public int hashCode() {
      return Objects.hash(classHash(), in, System.identityHashCode(factors));
    }
  }

  /** Room for float rounding when a competitive score is passed down through the factors. */
  private static final double SLACK = 1 - 1e-6;

  private static final class BoostedBulkScorer extends BulkScorer {
    private final BulkScorer in;
    private final RankFactors factors;
    private final int docBase;
    private final double max;

    BoostedBulkScorer(BulkScorer in, RankFactors factors, int docBase, double max) {
      this.in = in;
      this.factors = factors;
      this.docBase = docBase;
      this.max = max;
    }

    @Override
    public int score(LeafCollector collector, Bits acceptDocs, int min, int maxDoc) throws IOException {
      return in.score(new LeafCollector() {
        private final BoostedScorable scorable = new BoostedScorable();

        @Override
        public void setScorer(Scorable scorer) throws IOException {
          scorable.in = scorer;
          collector.setScorer(scorable);
        }

        @Override
        public void collect(int doc) throws IOException {
          scorable.doc = docBase + doc;
          collector.collect(doc);
        }

        @Override
        public DocIdSetIterator competitiveIterator() throws IOException {
          return collector.competitiveIterator();
        }
      }, acceptDocs, min, maxDoc);
    }

    @Override
    public long cost() {
      return in.cost();
    }

    private final class BoostedScorable extends Scorable {
      private Scorable in;
      private int doc;

      @Override
      public float score() throws IOException {
        return factors.score(in.score(), doc);
      }

      @Override
      public void setMinCompetitiveScore(float minScore) throws IOException {
        if (max > 0) {
          in.setMinCompetitiveScore((float) (minScore / max * SLACK));
        }
      }

      @Override
      public Collection<ChildScorable> getChildren() {
        return List.of(new ChildScorable(in, "MUST"));
      }
    }
  }

  private static final class BoostedScorer extends Scorer {
    private final Scorer in;
    private final RankFactors factors;
    private final int docBase;
    private final double max;

    BoostedScorer(Scorer in, RankFactors factors, int docBase, double max) {
      this.in = in;
      this.factors = factors;
      this.docBase = docBase;
      this.max = max;
    }

    @Override
    public int docID() {
      return in.docID();
    }

    @Override
    public DocIdSetIterator iterator() {
      return in.iterator();
    }

    @Override
    public TwoPhaseIterator twoPhaseIterator() {
      return in.twoPhaseIterator();
    }

    @Override
    public float score() throws IOException {
      return factors.score(in.score(), docBase + in.docID());
    }

    @Override
    public int advanceShallow(int target) throws IOException {
      return in.advanceShallow(target);
    }

    @Override
    public float getMaxScore(int upTo) throws IOException {
      return Math.nextUp((float) (in.getMaxScore(upTo) * max));
    }

    @Override
    public void setMinCompetitiveScore(float minScore) throws IOException {
      if (max > 0) {
        in.setMinCompetitiveScore((float) (minScore / max * SLACK));
      }
    }

    @Override
    public Collection<ChildScorable> getChildren() {
      return List.of(new ChildScorable(in, "MUST"));
    }
  }
}
