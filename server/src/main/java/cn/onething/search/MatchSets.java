package cn.onething.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.FixedBitSet;

/**
 * Which documents a text query matches, per segment, computed in bulk instead of document by
 * document.
 *
 * <p>The match query is a disjunction of field queries; a long text makes each field query a
 * "{@code m} of {@code n} bigrams" query, which Lucene can only answer by moving {@code n} postings
 * lists in step and testing each candidate. Here such a field query ("group") is answered by
 * walking each of its terms' postings once and counting per document: a document whose count
 * reaches {@code m} matches. The other clauses (pinyin, prefixes, synonym phrases) are iterated as
 * they are. The union is the same set of documents the query matches.
 *
 * <p>The per-group sets are kept for scoring: a group's score is the sum of its matching terms'
 * scores where at least {@code m} of them match, which is the same as a flat disjunction of its
 * terms each restricted to the group's set ({@link #ranking}). Flat, the scorer can skip term by
 * term (MaxScore) instead of testing each candidate of a nested group.
 */
final class MatchSets {
  /** A field query of term clauses of which at least {@code msm} (2 or more) must match. */
  record Group(String field, List<Term> terms, int msm, float boost) {}

  /**
   * A match query this class can answer: a disjunction (any one clause is enough) whose clauses
   * are groups (by identity of the clause) or anything else.
   */
  record Plan(List<Query> clauses, Map<Query, Group> groups, Map<Query, Group> rankOnly) {}

  /** Per segment (by leaf ordinal): every match; and per group the documents it matches. */
  record Sets(FixedBitSet[] matches, Map<Query, FixedBitSet[]> groups) {}

  private MatchSets() {}

  /**
   * The plan for {@code matching}, or null when it is not a plain disjunction of clauses or has
   * no group (then Lucene's own disjunction is as fast). The groups among the {@code ranking}
   * clauses that only rank (the body) are computed too, within the matches, so that they can be
   * scored flat as well.
   */
  static Plan plan(Query matching, List<Query> ranking) {
    if (!(matching instanceof BooleanQuery top) || top.getMinimumNumberShouldMatch() > 1) {
      return null;
    }
    List<Query> clauses = new ArrayList<>();
    Map<Query, Group> groups = new IdentityHashMap<>();
    for (BooleanClause clause : top.clauses()) {
      if (clause.occur() != Occur.SHOULD) {
        return null;
      }
      clauses.add(clause.query());
      Group group = group(clause.query());
      if (group != null) {
        groups.put(clause.query(), group);
      }
    }
    if (groups.isEmpty()) {
      return null;
    }
    Map<Query, Group> rankOnly = new IdentityHashMap<>();
    for (Query clause : ranking) {
      Group group = clauses.contains(clause) ? null : group(clause);
      if (group != null) {
        rankOnly.put(clause, group);
      }
    }
    return new Plan(clauses, groups, rankOnly);
  }

  /** The clause as a group ({@code BoostQuery} around an m-of-n term query), or null. */
  static Group group(Query clause) {
    float boost = 1f;
    Query q = clause;
    while (q instanceof BoostQuery b) {
      boost *= b.getBoost();
      q = b.getQuery();
    }
    if (!(q instanceof BooleanQuery bq) || bq.getMinimumNumberShouldMatch() < 2) {
      return null;
    }
    List<Term> terms = new ArrayList<>();
    String field = null;
    for (BooleanClause c : bq.clauses()) {
      if (c.occur() != Occur.SHOULD || !(c.query() instanceof TermQuery tq)
          || (field != null && !field.equals(tq.getTerm().field()))) {
        return null;
      }
      field = tq.getTerm().field();
      terms.add(tq.getTerm());
    }
    return field == null ? null : new Group(field, List.copyOf(terms), bq.getMinimumNumberShouldMatch(), boost);
  }

  /** The documents each group and the whole disjunction match, in every segment (deleted ones included). */
  static Sets compute(IndexSearcher searcher, Plan plan) throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    List<Query> others = plan.clauses().stream().filter(q -> !plan.groups().containsKey(q)).toList();
    List<Weight> otherWeights = new ArrayList<>();
    for (Query q : others) {
      otherWeights.add(searcher.createWeight(searcher.rewrite(q), ScoreMode.COMPLETE_NO_SCORES, 1f));
    }
    FixedBitSet[] matches = new FixedBitSet[leaves.size()];
    Map<Query, FixedBitSet[]> groups = new IdentityHashMap<>();
    plan.groups().keySet().forEach(q -> groups.put(q, new FixedBitSet[leaves.size()]));
    plan.rankOnly().keySet().forEach(q -> groups.put(q, new FixedBitSet[leaves.size()]));
    for (LeafReaderContext leaf : leaves) {
      int maxDoc = leaf.reader().maxDoc();
      FixedBitSet union = new FixedBitSet(maxDoc);
      FixedBitSet scratch = new FixedBitSet(maxDoc);
      for (Map.Entry<Query, Group> entry : plan.groups().entrySet()) {
        FixedBitSet set = count(leaf, entry.getValue(), scratch);
        union.or(set);
        groups.get(entry.getKey())[leaf.ord] = set;
      }
      for (Weight weight : otherWeights) {
        Scorer scorer = weight.scorer(leaf);
        if (scorer == null) {
          continue;
        }
        TwoPhaseIterator twoPhase = scorer.twoPhaseIterator();
        if (twoPhase == null) {
          // A term or a prefix: its postings straight into the set, block by block.
          DocIdSetIterator it = scorer.iterator();
          if (it.nextDoc() != DocIdSetIterator.NO_MORE_DOCS) {
            it.intoBitSet(maxDoc, union, 0);
          }
          continue;
        }
        DocIdSetIterator it = twoPhase.approximation();
        for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
          if (twoPhase.matches()) {
            union.set(doc);
          }
        }
      }
      matches[leaf.ord] = union;
      for (Map.Entry<Query, Group> entry : plan.rankOnly().entrySet()) {
        FixedBitSet set = count(leaf, entry.getValue(), scratch);
        set.and(union);
        groups.get(entry.getKey())[leaf.ord] = set;
      }
    }
    return new Sets(matches, groups);
  }

  /**
   * The documents of {@code leaf} that have at least {@code msm} of the group's terms. Each term's
   * postings are loaded into a bit set block by block, and added into a bit-sliced counter (one
   * bit set per binary digit of the count, added word by word as with a ripple-carry adder); the
   * documents whose count reaches {@code msm} are then read off the digits, 64 at a time.
   */
  private static FixedBitSet count(LeafReaderContext leaf, Group group, FixedBitSet scratch) throws IOException {
    int maxDoc = leaf.reader().maxDoc();
    Terms terms = leaf.reader().terms(group.field());
    int msm = group.msm();
    int n = group.terms().size();
    if (terms == null || msm > n) {
      return new FixedBitSet(maxDoc);
    }
    int words = FixedBitSet.bits2words(maxDoc);
    int digits = Integer.SIZE - Integer.numberOfLeadingZeros(n);
    long[][] counter = new long[digits][words];
    long[] term = scratch.getBits();
    TermsEnum termsEnum = terms.iterator();
    PostingsEnum postings = null;
    for (Term t : group.terms()) {
      if (!termsEnum.seekExact(t.bytes())) {
        continue;
      }
      postings = termsEnum.postings(postings, PostingsEnum.NONE);
      Arrays.fill(term, 0L);
      if (postings.nextDoc() != DocIdSetIterator.NO_MORE_DOCS) {
        postings.intoBitSet(maxDoc, scratch, 0);
      }
      for (int w = 0; w < words; w++) {
        long carry = term[w];
        for (int d = 0; carry != 0 && d < digits; d++) {
          long digit = counter[d][w];
          counter[d][w] = digit ^ carry;
          carry = digit & carry;
        }
      }
    }
    long[] out = new long[words];
    for (int w = 0; w < words; w++) {
      // count >= msm, compared from the highest digit down: greater so far, or equal so far.
      long greater = 0;
      long equal = -1L;
      for (int d = digits - 1; d >= 0; d--) {
        long digit = counter[d][w];
        if ((msm >>> d & 1) == 1) {
          equal &= digit;
        } else {
          greater |= equal & digit;
          equal &= ~digit;
        }
      }
      out[w] = greater | equal;
    }
    return new FixedBitSet(out, maxDoc);
  }

  /**
   * The scoring clauses with each group replaced by its terms, each term scoring only in the
   * documents its group matches: the same sum per document as the nested group (summation order
   * aside), but a flat disjunction Lucene can prune term by term.
   */
  static List<Query> ranking(List<Query> ranking, Plan plan, Sets sets) {
    List<Query> flat = new ArrayList<>();
    for (Query clause : ranking) {
      Group group = plan.groups().containsKey(clause) ? plan.groups().get(clause) : plan.rankOnly().get(clause);
      if (group == null) {
        flat.add(clause);
        continue;
      }
      FixedBitSet[] within = sets.groups().get(clause);
      for (Term term : group.terms()) {
        flat.add(new BoostQuery(new Within(new TermQuery(term), within), group.boost()));
      }
    }
    return flat;
  }

  /** A term query whose matches are kept only where they fall in a given set of documents. */
  static final class Within extends Query {
    private final TermQuery in;
    private final FixedBitSet[] sets;

    Within(TermQuery in, FixedBitSet[] sets) {
      this.in = in;
      this.sets = sets;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) throws IOException {
      Weight inner = in.createWeight(searcher, scoreMode, boost);
      return new Weight(this) {
        @Override
        public Explanation explain(LeafReaderContext context, int doc) throws IOException {
          FixedBitSet set = sets[context.ord];
          if (set == null || !set.get(doc)) {
            return Explanation.noMatch("not in the group's matches");
          }
          return inner.explain(context, doc);
        }

        @Override
        public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
          FixedBitSet set = sets[context.ord];
          if (set == null) {
            return null;
          }
          ScorerSupplier supplier = inner.scorerSupplier(context);
          if (supplier == null) {
            return null;
          }
          return new ScorerSupplier() {
            @Override
            public Scorer get(long leadCost) throws IOException {
              return new WithinScorer(supplier.get(leadCost), set);
            }

            @Override
            public long cost() {
              return supplier.cost();
            }
          };
        }

        @Override
        public boolean isCacheable(LeafReaderContext ctx) {
          return false;
        }
      };
    }

    @Override
    public void visit(QueryVisitor visitor) {
      in.visit(visitor);
    }

    @Override
    public String toString(String field) {
      return "within(" + in.toString(field) + ")";
    }

    @Override
    public boolean equals(Object other) {
      return sameClassAs(other) && in.equals(((Within) other).in) && sets == ((Within) other).sets;
    }

    @Override
    public int hashCode() {
      return Objects.hash(classHash(), in, System.identityHashCode(sets));
    }
  }

  /** The term's scorer, its iterator skipping the documents outside the set. */
  private static final class WithinScorer extends Scorer {
    private final Scorer in;
    private final DocIdSetIterator iterator;

    WithinScorer(Scorer in, FixedBitSet set) {
      this.in = in;
      DocIdSetIterator postings = in.iterator();
      this.iterator = new DocIdSetIterator() {
        @Override
        public int docID() {
          return postings.docID();
        }

        @Override
        public int nextDoc() throws IOException {
          return skip(postings.nextDoc());
        }

        @Override
        public int advance(int target) throws IOException {
          return skip(postings.advance(target));
        }

        private int skip(int doc) throws IOException {
          while (doc != NO_MORE_DOCS && !set.get(doc)) {
            doc = postings.nextDoc();
          }
          return doc;
        }

        @Override
        public long cost() {
          return postings.cost();
        }
      };
    }

    @Override
    public int docID() {
      return in.docID();
    }

    @Override
    public DocIdSetIterator iterator() {
      return iterator;
    }

    @Override
    public float score() throws IOException {
      return in.score();
    }

    @Override
    public int advanceShallow(int target) throws IOException {
      return in.advanceShallow(target);
    }

    @Override
    public float getMaxScore(int upTo) throws IOException {
      return in.getMaxScore(upTo);
    }

    @Override
    public void setMinCompetitiveScore(float minScore) throws IOException {
      in.setMinCompetitiveScore(minScore);
    }

    @Override
    public Collection<ChildScorable> getChildren() {
      return List.of(new ChildScorable(in, "MUST"));
    }
  }
}
