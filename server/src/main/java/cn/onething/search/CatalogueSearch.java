package cn.onething.search;

import cn.onething.search.TemplateDocuments.Entry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BulkScorer;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.Weight;
import org.apache.lucene.search.highlight.Highlighter;
import org.apache.lucene.search.highlight.InvalidTokenOffsetsException;
import org.apache.lucene.search.highlight.NullFragmenter;
import org.apache.lucene.search.highlight.QueryTermScorer;
import org.apache.lucene.search.highlight.SimpleFragmenter;
import org.apache.lucene.search.highlight.SimpleHTMLEncoder;
import org.apache.lucene.search.highlight.SimpleHTMLFormatter;
import org.apache.lucene.search.suggest.InputIterator;
import org.apache.lucene.search.suggest.Lookup.LookupResult;
import org.apache.lucene.search.suggest.analyzing.AnalyzingInfixSuggester;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.QueryBuilder;

/**
 * 目录检索 — the per-process Lucene index of published template versions, derived from
 * PostgreSQL (rebuilt at start, refreshed per template on change). Chinese text is indexed as
 * CJK bigrams (and, in one field, SmartChineseAnalyzer words); pinyin as syllable runs and
 * initials; synonyms expand the query. Blocking: call it from worker threads.
 */
public final class CatalogueSearch implements AutoCloseable {
  public static final int MAX_QUERY_LENGTH = 200;
  public static final int MAX_PAGE_SIZE = 50;
  public static final int MAX_RESULT_WINDOW = 1000;
  private static final float MIN_SHOULD_MATCH = 0.6f;
  /** Fewer hits than this and the query is tried again with the body and single characters. */
  static final int TYPO_RESCUE_BELOW = 3;

  /** How much each field counts; {@link #DEFAULT} was chosen on the judged query set (docs/search.md). */
  public record Weights(float title, float keywords, float summary, float body, float smart, float pinyin,
      float synonyms, float chars, double usage) {
    public static final Weights DEFAULT = new Weights(4f, 3f, 1.5f, 1f, 0f, 6f, 1.5f, 0.5f, 0.1);
  }

  /** What to look for: text, filters by facet dimension, which statuses, order, page. */
  public record Request(String text, Map<String, List<String>> filters, Set<String> statuses, String sort,
      int page, int size) {}

  public record Result(long total, List<JsonObject> hits, JsonObject facets) {}

  /** The stored fields a hit shows; the others (keywords, ids) are not read. */
  private static final Set<String> HIT_FIELDS = Set.of(TemplateDocuments.PUBLISHER, TemplateDocuments.SLUG,
      TemplateDocuments.VERSION, TemplateDocuments.KIND, TemplateDocuments.STATUS, TemplateDocuments.TITLE,
      TemplateDocuments.SUMMARY, TemplateDocuments.STAGES_STORED, TemplateDocuments.DEPARTMENTS_STORED,
      TemplateDocuments.REGION, TemplateDocuments.USAGE);

  private final Weights weights;
  private final Analyzer analyzer;
  private final Analyzer cjk = new CJKAnalyzer();
  private final Synonyms synonyms = Synonyms.load();
  private final FacetsConfig facetsConfig = new FacetsConfig();
  /**
   * The index files, memory-mapped from a directory of this process's own (deleted on close): an
   * in-heap directory of 100,000 templates duplicated its buffer list on every input clone (several
   * per term looked up), most of a search's allocation, and kept the old generation large enough
   * that the collector's marking cycles paused searches.
   */
  private final Path indexDir;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final AnalyzingInfixSuggester suggester;
  /** The current version of each template (publisher/slug), as much of it as the index needs again. */
  private final Map<String, TemplateDocuments.Current> current = new LinkedHashMap<>();
  private volatile boolean suggesterStale = true;
  /** False while a rebuild is under way or after one broke off. */
  private boolean complete = true;

  public CatalogueSearch() {
    this(Weights.DEFAULT);
  }

  public CatalogueSearch(Weights weights) {
    this.weights = weights;
    Map<String, Analyzer> perField = new HashMap<>();
    perField.put(TemplateDocuments.SMART, new SmartChineseAnalyzer());
    perField.put(TemplateDocuments.PINYIN, new WhitespaceAnalyzer());
    perField.put(TemplateDocuments.PINYIN_TITLE, new WhitespaceAnalyzer());
    // One token per Han character: what still matches when a typo breaks every bigram.
    perField.put(TemplateDocuments.CHARS, new StandardAnalyzer());
    this.analyzer = new PerFieldAnalyzerWrapper(cjk, perField);
    for (String dim : List.of(TemplateDocuments.DEPARTMENT, TemplateDocuments.STAGE)) {
      facetsConfig.setMultiValued(dim, true);
    }
    warmUp();
    try {
      sweepOrphans();
      this.indexDir = Files.createTempDirectory(DIR_PREFIX + ProcessHandle.current().pid() + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      this.directory = FSDirectory.open(indexDir);
      this.writer = new IndexWriter(directory, new IndexWriterConfig(analyzer));
      this.searchers = new SearcherManager(writer, CatalogueSearcher.factory(weights.usage()));
      this.suggester = new AnalyzingInfixSuggester(new ByteBuffersDirectory(), new CJKAnalyzer(), new CJKAnalyzer(), 1, true);
    } catch (IOException e) {
      // No index to keep its directory for.
      try {
        IOUtils.rm(indexDir);
      } catch (IOException notDeleted) {
        e.addSuppressed(notDeleted);
      }
      throw new UncheckedIOException(e);
    }
  }

  private static final String DIR_PREFIX = "onething-search-";

  /** Index directories left by processes that are gone (killed before they could delete theirs). */
  private static void sweepOrphans() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (var dirs = Files.newDirectoryStream(tmp, DIR_PREFIX + "*")) {
      for (Path dir : dirs) {
        String[] parts = dir.getFileName().toString().substring(DIR_PREFIX.length()).split("-");
        boolean orphan;
        try {
          orphan = ProcessHandle.of(Long.parseLong(parts[0])).isEmpty();
        } catch (NumberFormatException notOurs) {
          orphan = false;
        }
        if (orphan) {
          IOUtils.rm(dir);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Only tidying: the new index does not depend on it.
    }
  }

  /**
   * Loads what the analysers load lazily (ICU's transform rules, SmartChinese's dictionary when
   * it is used), so that the first change after start is as fresh as any other.
   */
  private void warmUp() {
    Pinyin.tokens("新生儿出生一件事");
    if (weights.smart() > 0) {
      try (var stream = analyzer.tokenStream(TemplateDocuments.SMART, "新生儿出生一件事")) {
        stream.reset();
        while (stream.incrementToken()) {
          // consume
        }
        stream.end();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Indexes these templates as the current versions (tools and benchmarks that have no database). */
  public void replaceAllCurrent(List<JsonObject> templates) {
    replaceAllCurrent(templates, t -> 0);
  }

  /** The same, with each template's usage (how many workspaces installed it), as the server reads it. */
  public void replaceAllCurrent(List<JsonObject> templates, java.util.function.ToIntFunction<JsonObject> usage) {
    replaceAll(templates.stream().map(t -> new Entry(t, "current", usage.applyAsInt(t), 0)).toList());
  }

  /** Replaces the whole index with these versions. */
  public void replaceAll(List<Entry> all) {
    replaceAll(List.of(all));
  }

  /**
   * Replaces the whole index with the versions in these batches, read one after another (a
   * catalogue is streamed from PostgreSQL, not held whole). A package's document names its
   * members, so matters come in a batch before the packages that contain them. Searches see the
   * previous index until the last batch is in; if reading a batch fails, they go on seeing it (and
   * single-template changes wait) until a rebuild completes.
   */
  public synchronized void replaceAll(Iterable<List<Entry>> batches) {
    complete = false;
    // The previous versions stay what suggestions are made from until this rebuild is complete.
    Map<String, TemplateDocuments.Current> next = new LinkedHashMap<>();
    try {
      writer.deleteAll();
      for (List<Entry> batch : batches) {
        for (Entry entry : batch) {
          if (entry.status().equals("current")) {
            next.putIfAbsent(entry.ref(), entry.kept());
          }
        }
        // Analysis dominates a rebuild: documents are built and added from every core.
        batch.parallelStream().forEach(entry -> {
          try {
            writer.addDocument(facetsConfig.build(TemplateDocuments.of(entry, next, weights.smart() > 0)));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
      // One segment after a rebuild: facet counting and scoring are cheapest over a single segment.
      writer.forceMerge(1);
      searchers.maybeRefreshBlocking();
      current.clear();
      current.putAll(next);
      complete = true;
      suggesterStale = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces the versions of one template (publisher/slug) with these. */
  public synchronized void replace(String ref, List<Entry> versions) {
    current.remove(ref);
    versions.stream().filter(e -> e.status().equals("current")).findFirst().ifPresent(e -> current.put(ref, e.kept()));
    try {
      writer.deleteDocuments(new Term(TemplateDocuments.REF, ref));
      for (Entry entry : versions) {
        writer.addDocument(facetsConfig.build(TemplateDocuments.of(entry, current, weights.smart() > 0)));
      }
      if (!complete) {
        // A rebuild broke off: its partial index stays unseen until the next one completes.
        return;
      }
      searchers.maybeRefreshBlocking();
      suggesterStale = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the index files are while this search is open. */
  Path indexDirectory() {
    return indexDir;
  }

  public int size() {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return searcher.getIndexReader().numDocs();
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Result search(Request request) {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return search(searcher, request);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException | InvalidTokenOffsetsException e) {
      throw new IllegalStateException(e);
    }
  }

  private Result search(IndexSearcher searcher, Request request) throws IOException, InvalidTokenOffsetsException {
    String text = request.text() == null ? "" : request.text().strip();
    Result result = search(searcher, request, text, text.isEmpty() ? null : textQuery(text, false));
    if (!text.isEmpty() && result.total() < TYPO_RESCUE_BELOW) {
      // Few hits: perhaps a typo broke the bigrams. Try again letting single characters match.
      Result rescued = search(searcher, request, text, textQuery(text, true));
      if (rescued.total() > result.total()) {
        return rescued;
      }
    }
    return result;
  }

  private Result search(IndexSearcher searcher, Request request, String text, TextQuery relevance)
      throws IOException, InvalidTokenOffsetsException {
    CatalogueSearcher catalogue = (CatalogueSearcher) searcher;
    Map<String, List<String>> filters = new LinkedHashMap<>();
    filters.put(TemplateDocuments.STATUS, List.copyOf(request.statuses()));
    request.filters().forEach((dim, values) -> {
      if (values != null && !values.isEmpty()) {
        filters.put(dim, values);
      }
    });
    FacetOrdinals.Filter filter = catalogue.facets().filter(filters);
    // Two passes: every match is counted (total, facets) without being scored; then, among those
    // matches only, the ones that can still reach the top are scored.
    FacetOrdinals.Counter counter = catalogue.facets().counter().newCollector();
    MatchSets.Plan plan = relevance == null ? null : MatchSets.plan(relevance.matching(), relevance.ranking());
    List<Query> ranking = relevance == null ? null : relevance.ranking();
    if (plan != null) {
      // The matches computed in bulk (postings counted per field), then counted like any others.
      MatchSets.Sets sets = MatchSets.compute(searcher, plan);
      collect(searcher, sets.matches(), filter::accept, counter);
      ranking = MatchSets.ranking(ranking, plan, sets);
    } else {
      collect(searcher, relevance == null ? new MatchAllDocsQuery() : relevance.matching(), filter::accept, counter);
    }
    FacetOrdinals.Counts counts = catalogue.facets().counter().reduce(List.of(counter));
    Query scoring = new MatchAllDocsQuery();
    if (ranking != null) {
      BooleanQuery.Builder any = new BooleanQuery.Builder();
      ranking.forEach(clause -> any.add(clause, Occur.SHOULD));
      scoring = any.build();
    }
    Query query = catalogue.factors().boost(scoring);

    int window = Math.max(Math.min(request.page() * request.size(), MAX_RESULT_WINDOW), 1);
    Sort sort = switch (request.sort()) {
      case "usage" -> new Sort(new SortField(TemplateDocuments.USAGE, SortField.Type.LONG, true), SortField.FIELD_SCORE);
      case "recency" -> new Sort(new SortField(TemplateDocuments.PUBLISHED, SortField.Type.LONG, true), SortField.FIELD_SCORE);
      default -> relevance == null
          ? new Sort(new SortField(TemplateDocuments.USAGE, SortField.Type.LONG, true),
              new SortField(TemplateDocuments.PUBLISHED, SortField.Type.LONG, true))
          : null;
    };
    TopDocs top = sort == null
        ? top(searcher, query, counts.matches(), new TopScoreDocCollectorManager(window, null, window))
        : top(searcher, query, counts.matches(), new TopFieldCollectorManager(sort, window, null, window));


    Highlighters highlighters = new Highlighters(text.isEmpty() ? null : highlightQuery(text));
    List<JsonObject> hits = new ArrayList<>();
    StoredFields stored = searcher.storedFields();
    int from = (request.page() - 1) * request.size();
    for (int i = from; i < top.scoreDocs.length && i < from + request.size(); i++) {
      ScoreDoc sd = top.scoreDocs[i];
      hits.add(hit(stored.document(sd.doc, HIT_FIELDS), sd.score, highlighters));
    }
    return new Result(counts.total(), hits, catalogue.facets().toJson(counts, TemplateDocuments.FACETS));
  }

  /**
   * The top documents by {@code query} among {@code matches} only: the match set is what each
   * segment's scorer accepts, so the scoring query is a plain disjunction, which Lucene prunes
   * clause by clause once the top is full.
   */
  private static <C extends Collector> TopDocs top(IndexSearcher searcher, Query query, FixedBitSet[] matches,
      CollectorManager<C, ? extends TopDocs> manager) throws IOException {
    C collector = manager.newCollector();
    collect(searcher, query, leaf -> matches[leaf.ord], collector);
    return manager.reduce(List.of(collector));
  }

  /**
   * Runs {@code query} over every segment, offering the collector only the documents {@code accept}
   * lets through (null: none); what {@code IndexSearcher.search} does, with our own accepted set
   * instead of the live documents.
   */
  private static void collect(IndexSearcher searcher, Query query, Function<LeafReaderContext, Bits> accept,
      Collector collector) throws IOException {
    Weight weight = searcher.createWeight(searcher.rewrite(query), collector.scoreMode(), 1f);
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      Bits accepted = accept.apply(leaf);
      if (accepted == null) {
        continue;
      }
      LeafCollector leafCollector = collector.getLeafCollector(leaf);
      BulkScorer scorer = weight.bulkScorer(leaf);
      if (scorer != null) {
        scorer.score(leafCollector, accepted, 0, DocIdSetIterator.NO_MORE_DOCS);
      }
      leafCollector.finish();
    }
  }

  /** Offers the collector the documents of {@code matches} that {@code accept} lets through. */
  private static void collect(IndexSearcher searcher, FixedBitSet[] matches, Function<LeafReaderContext, Bits> accept,
      Collector collector) throws IOException {
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      Bits accepted = accept.apply(leaf);
      if (accepted == null) {
        continue;
      }
      LeafCollector leafCollector = collector.getLeafCollector(leaf);
      FixedBitSet set = matches[leaf.ord];
      int length = set.length();
      for (int doc = length == 0 ? DocIdSetIterator.NO_MORE_DOCS : set.nextSetBit(0); doc != DocIdSetIterator.NO_MORE_DOCS;
          doc = doc + 1 < length ? set.nextSetBit(doc + 1) : DocIdSetIterator.NO_MORE_DOCS) {
        if (accepted.get(doc)) {
          leafCollector.collect(doc);
        }
      }
      leafCollector.finish();
    }
  }

  /**
   * What a text matches, and the clauses that score those matches (the same, plus the body, which
   * only ranks). Scored as one flat disjunction over the matches, so the score is the sum of the
   * matching clauses, as in a {@code matching AND optional body} query, but Lucene can skip, clause
   * by clause, the matches that cannot reach the top.
   */
  record TextQuery(Query matching, List<Query> ranking) {}

  /**
   * The relevance query: each field with its weight, pinyin when it looks like pinyin, synonyms;
   * single characters only when {@code rescue} (they match too much to be in every query).
   */
  TextQuery textQuery(String text, boolean rescue) {
    QueryBuilder builder = new QueryBuilder(analyzer);
    BooleanQuery.Builder matching = new BooleanQuery.Builder();
    addField(matching, builder.createMinShouldMatchQuery(TemplateDocuments.TITLE, text, MIN_SHOULD_MATCH), weights.title());
    addField(matching, builder.createMinShouldMatchQuery(TemplateDocuments.KEYWORDS, text, MIN_SHOULD_MATCH), weights.keywords());
    addField(matching, builder.createMinShouldMatchQuery(TemplateDocuments.SUMMARY, text, MIN_SHOULD_MATCH), weights.summary());
    if (weights.smart() > 0) {
      addField(matching, builder.createMinShouldMatchQuery(TemplateDocuments.SMART, text, MIN_SHOULD_MATCH), weights.smart());
    }
    if (Pinyin.looksLikePinyin(text)) {
      String typed = Pinyin.normalise(text);
      add(matching, new TermQuery(new Term(TemplateDocuments.PINYIN_TITLE, typed)), weights.pinyin());
      add(matching, new TermQuery(new Term(TemplateDocuments.PINYIN, typed)), weights.pinyin() / 2);
      add(matching, new PrefixQuery(new Term(TemplateDocuments.PINYIN_TITLE, typed)), weights.pinyin() / 4);
    }
    // A synonym counts only as the exact word (a phrase of its bigrams), in the title or the keywords.
    for (String synonym : synonyms.expansions(text)) {
      add(matching, builder.createPhraseQuery(TemplateDocuments.TITLE, synonym), weights.synonyms() * weights.title() / 4);
      add(matching, builder.createPhraseQuery(TemplateDocuments.KEYWORDS, synonym), weights.synonyms() * weights.keywords() / 4);
    }
    Query body = builder.createMinShouldMatchQuery(TemplateDocuments.BODY, text, MIN_SHOULD_MATCH);
    if (rescue) {
      // The wider net: the body and single characters may find a template on their own.
      addField(matching, body, weights.body());
      addField(matching, builder.createMinShouldMatchQuery(TemplateDocuments.CHARS, text, 0.6f), weights.chars());
      matching.setMinimumNumberShouldMatch(1);
      BooleanQuery wide = matching.build();
      return new TextQuery(wide, wide.clauses().stream().map(BooleanClause::query).toList());
    }
    // The body (guide, materials, labels) ranks what the title, keywords and summary found; on its
    // own it matches too much of a large catalogue to be worth scoring every time.
    matching.setMinimumNumberShouldMatch(1);
    BooleanQuery matches = matching.build();
    List<Query> ranking = new ArrayList<>(matches.clauses().stream().map(BooleanClause::query).toList());
    if (body != null && weights.body() > 0) {
      ranking.add(new BoostQuery(body, weights.body()));
    }
    return new TextQuery(matches, ranking);
  }

  /**
   * A field's query, its terms inlined as clauses of {@code builder} when any one of them is
   * enough (up to three bigrams): the scores are the same sums, and Lucene can then skip
   * matches that cannot reach the top term by term instead of field by field.
   */
  private static void addField(BooleanQuery.Builder builder, Query query, float boost) {
    if (query instanceof BooleanQuery field && field.getMinimumNumberShouldMatch() <= 1
        && field.clauses().stream().allMatch(c -> c.occur() == Occur.SHOULD)) {
      field.clauses().forEach(c -> add(builder, c.query(), boost));
    } else {
      add(builder, query, boost);
    }
  }

  private static void add(BooleanQuery.Builder builder, Query query, float boost) {
    if (query != null && boost > 0) {
      builder.add(new BoostQuery(query, boost), Occur.SHOULD);
    }
  }

  private Query highlightQuery(String text) {
    QueryBuilder builder = new QueryBuilder(cjk);
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    List<String> texts = new ArrayList<>(List.of(text));
    texts.addAll(synonyms.expansions(text));
    for (String t : texts) {
      for (String field : List.of(TemplateDocuments.TITLE, TemplateDocuments.SUMMARY)) {
        Query q = builder.createBooleanQuery(field, t);
        if (q != null) {
          any.add(q, Occur.SHOULD);
        }
      }
    }
    return any.build();
  }

  /** Highlighted title and summary, HTML-escaped with matches in {@code <em>}. */
  private final class Highlighters {
    private final Highlighter title;
    private final Highlighter summary;

    Highlighters(Query query) {
      if (query == null) {
        title = null;
        summary = null;
        return;
      }
      title = new Highlighter(new SimpleHTMLFormatter("<em>", "</em>"), new SimpleHTMLEncoder(),
          new QueryTermScorer(query, TemplateDocuments.TITLE));
      title.setTextFragmenter(new NullFragmenter());
      summary = new Highlighter(new SimpleHTMLFormatter("<em>", "</em>"), new SimpleHTMLEncoder(),
          new QueryTermScorer(query, TemplateDocuments.SUMMARY));
      summary.setTextFragmenter(new SimpleFragmenter(80));
    }

    String title(String text) throws IOException, InvalidTokenOffsetsException {
      return best(title, TemplateDocuments.TITLE, text);
    }

    String summary(String text) throws IOException, InvalidTokenOffsetsException {
      return best(summary, TemplateDocuments.SUMMARY, text);
    }

    private String best(Highlighter highlighter, String field, String text) throws IOException, InvalidTokenOffsetsException {
      if (highlighter == null || text == null || text.isEmpty()) {
        return null;
      }
      return highlighter.getBestFragment(cjk, field, text);
    }
  }

  private JsonObject hit(Document doc, float score, Highlighters highlighters) throws IOException, InvalidTokenOffsetsException {
    String title = doc.get(TemplateDocuments.TITLE);
    String summary = doc.get(TemplateDocuments.SUMMARY);
    JsonObject hit = new JsonObject()
        .put("publisher", doc.get(TemplateDocuments.PUBLISHER))
        .put("slug", doc.get(TemplateDocuments.SLUG))
        .put("version", doc.get(TemplateDocuments.VERSION))
        .put("kind", doc.get(TemplateDocuments.KIND))
        .put("status", doc.get(TemplateDocuments.STATUS))
        .put("title", title)
        .put("summary", summary)
        .put("stages", new JsonArray(doc.get(TemplateDocuments.STAGES_STORED)))
        .put("departments", new JsonArray(doc.get(TemplateDocuments.DEPARTMENTS_STORED)))
        .put("region", doc.get(TemplateDocuments.REGION))
        .put("usage", doc.getField(TemplateDocuments.USAGE).numericValue().intValue())
        .put("score", Float.isNaN(score) ? null : score);
    JsonObject highlight = new JsonObject();
    String t = highlighters.title(title);
    if (t != null) {
      highlight.put("title", t);
    }
    String s = highlighters.summary(summary);
    if (s != null) {
      highlight.put("summary", s);
    }
    return hit.put("highlight", highlight);
  }

  /** Completions for what the user is typing: infix matches on titles and keywords, or pinyin. */
  public List<JsonObject> suggest(String prefix, int count) {
    String text = prefix == null ? "" : prefix.strip();
    if (text.isEmpty()) {
      return List.of();
    }
    try {
      Map<String, JsonObject> out = new LinkedHashMap<>();
      if (Pinyin.looksLikePinyin(text)) {
        Result pinyin = search(new Request(text, Map.of(), Set.of("current"), "relevance", 1, count));
        pinyin.hits().forEach(h -> out.putIfAbsent(h.getString("title"), suggestion(h.getString("title"),
            h.getString("publisher") + "/" + h.getString("slug"), h.getString("kind"))));
      }
      if (!refreshSuggesterIfStale()) {
        return out.values().stream().limit(count).toList();
      }
      for (LookupResult r : suggester.lookup(text, count, true, true)) {
        String[] payload = r.payload.utf8ToString().split("\\|", 2);
        out.putIfAbsent(r.key.toString(), suggestion(r.key.toString(), payload[0], payload[1])
            .put("highlight", String.valueOf(r.highlightKey)));
      }
      return out.values().stream().limit(count).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonObject suggestion(String text, String ref, String kind) {
    return new JsonObject().put("text", text).put("template", ref).put("kind", kind);
  }

  /** Whether there are suggestions to look up (none while nothing is indexed). */
  private synchronized boolean refreshSuggesterIfStale() throws IOException {
    if (!suggesterStale) {
      return true;
    }
    List<String[]> items = new ArrayList<>();
    current.forEach((ref, t) -> {
      String payload = ref + "|" + t.kind();
      long weight = 10L * (t.usage() + 1) + (t.kind().equals("package") ? 5 : 0);
      items.add(new String[] {t.title(), payload, String.valueOf(weight)});
      for (String keyword : t.keywords()) {
        items.add(new String[] {keyword, payload, String.valueOf(t.usage() + 1)});
      }
    });
    if (items.isEmpty()) {
      // Nothing indexed yet (Lucene's suggester cannot be built from nothing).
      return false;
    }
    suggester.build(new Items(items));
    suggesterStale = false;
    return true;
  }

  /** The suggester's input: text, payload (template|kind), weight. */
  private static final class Items implements InputIterator {
    private final List<String[]> items;
    private int index = -1;

    Items(List<String[]> items) {
      this.items = items;
    }

    @Override
    public BytesRef next() {
      index++;
      return index < items.size() ? new BytesRef(items.get(index)[0]) : null;
    }

    @Override
    public long weight() {
      return Long.parseLong(items.get(index)[2]);
    }

    @Override
    public BytesRef payload() {
      return new BytesRef(items.get(index)[1].getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean hasPayloads() {
      return true;
    }

    @Override
    public Set<BytesRef> contexts() {
      return null;
    }

    @Override
    public boolean hasContexts() {
      return false;
    }
  }

  /**
   * Throws the index away: nothing is committed (it is rebuilt from PostgreSQL at every start).
   * Not waiting for a change under way: at shutdown Vert.x interrupts its worker threads, and an
   * interrupted index write closes the lock file's channel, so the writer may already be unusable;
   * its files are deleted all the same.
   */
  @Override
  public void close() throws IOException {
    try {
      searchers.close();
      writer.rollback();
    } catch (AlreadyClosedException | IOException unusable) {
      // Only files to delete now.
    } finally {
      try {
        suggester.close();
        directory.close();
      } finally {
        IOUtils.rm(indexDir);
      }
    }
  }
}
