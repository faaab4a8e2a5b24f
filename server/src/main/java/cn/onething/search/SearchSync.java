package cn.onething.search;

import cn.onething.db.NamedStatements;
import cn.onething.search.TemplateDocuments.Entry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this process's index equal to PostgreSQL: a full rebuild at start (and after every
 * reconnect, since notifications may have been missed), then one template at a time whenever a
 * transaction anywhere sends {@code NOTIFY onething_catalogue, 'publisher/slug'} — this process's
 * own changes included, so there is one path to freshness, not two.
 */
public final class SearchSync {
  public static final String CHANNEL = "onething_catalogue";
  static final long RECONNECT_DELAY_MILLIS = 1_000;
  static final long MAX_REBUILD_MINUTES = 15;
  /** How long one read of a rebuild may take. */
  static final long READ_TIMEOUT_SECONDS = 120;
  /** Rows read from the cursor at a time during a rebuild. */
  static final int BATCH = 2_000;
  private static final Logger LOG = LoggerFactory.getLogger(SearchSync.class);
  private static final NamedStatements SQL = NamedStatements.load(SearchSync.class, "search.sql");

  private final Vertx vertx;
  private final Pool pool;
  private final PgConnectOptions connectOptions;
  private final CatalogueSearch search;
  private final WorkerExecutor writer;
  private PgSubscriber subscriber;

  public SearchSync(Vertx vertx, Pool pool, PgConnectOptions connectOptions, CatalogueSearch search) {
    this.vertx = vertx;
    this.pool = pool;
    this.connectOptions = connectOptions;
    this.search = search;
    // One thread: index changes apply in the order they arrive. A full rebuild of a large
    // catalogue takes minutes, which is expected here, not a blocked thread.
    this.writer = vertx.createSharedWorkerExecutor("onething-search-index", 1, MAX_REBUILD_MINUTES, TimeUnit.MINUTES);
  }

  /** Subscribes, then rebuilds; resolves once the index holds the whole published catalogue. */
  public Future<Void> start() {
    if (subscriber != null) {
      return rebuild();
    }
    subscriber = PgSubscriber.subscriber(vertx, connectOptions).reconnectPolicy(retries -> RECONNECT_DELAY_MILLIS);
    boolean[] first = {true};
    subscriber.channel(CHANNEL)
        .handler(ref -> refresh(ref).onFailure(e -> LOG.warn("检索索引未能更新 {}：{}", ref, e.getMessage())))
        .subscribeHandler(v -> {
          if (!first[0]) {
            LOG.info("已重新连接目录变更通知，重建检索索引");
            rebuild();
          }
          first[0] = false;
        });
    return subscriber.connect().compose(v -> rebuild());
  }

  /**
   * Rebuilds the index from every published version, read through a cursor {@link #BATCH} rows at
   * a time on the index's own thread, so that a catalogue of 100,000 templates is never held whole
   * in memory (it was over a gigabyte of rows, kept long enough to burden the collector afterwards).
   */
  public Future<Void> rebuild() {
    long started = System.nanoTime();
    return pool.getConnection().compose(conn -> writer.executeBlocking(() -> {
      try {
        join(conn.begin());
        Cursor cursor = join(conn.prepare(SQL.get("publishedForIndex"))).cursor();
        Versions versions = new Versions();
        int[] count = {0};
        search.replaceAll(() -> new java.util.Iterator<List<Entry>>() {
          private boolean read;

          @Override
          public boolean hasNext() {
            return !read || cursor.hasMore();
          }

          @Override
          public List<Entry> next() {
            read = true;
            List<Entry> batch = versions.of(join(cursor.read(BATCH)));
            count[0] += batch.size();
            return batch;
          }
        });
        return count[0];
      } finally {
        conn.close();
      }
    }))
        .onSuccess(n -> LOG.info("检索索引已重建：{} 个模板版本（{} ms）", n, (System.nanoTime() - started) / 1_000_000))
        .mapEmpty();
  }

  /**
   * The result of {@code future}, waited for on this worker thread (Vert.x refuses {@code await()}
   * on its worker threads; the connection's work runs on its event loop meanwhile).
   */
  private static <T> T join(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      // Vert.x or the pool closed under a rebuild: its futures may never complete.
      throw new IllegalStateException("检索索引重建时读取目录超时（" + READ_TIMEOUT_SECONDS + " 秒）", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("检索索引重建被中断", e);
    }
  }

  /** Re-reads one template's published versions and replaces them in the index. */
  public Future<Void> refresh(String ref) {
    int slash = ref.indexOf('/');
    if (slash <= 0) {
      return Future.succeededFuture();
    }
    String publisher = ref.substring(0, slash);
    String slug = ref.substring(slash + 1);
    return pool.preparedQuery(SQL.get("publishedForIndexOfOne")).execute(Tuple.of(publisher, slug))
        .compose(rows -> writer.executeBlocking(() -> {
          search.replace(ref, entries(rows));
          return null;
        }))
        .mapEmpty();
  }

  public Future<Void> close() {
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }

  /** Rows ordered newest first per template: the first not deprecated is current, the rest older. */
  static List<Entry> entries(RowSet<Row> rows) {
    return new Versions().of(rows);
  }

  /** Which version of a template each row is, over rows that may come in several batches. */
  private static final class Versions {
    private String ref;
    private boolean currentSeen;

    List<Entry> of(RowSet<Row> rows) {
      List<Entry> out = new ArrayList<>();
      for (Row row : rows) {
        String rowRef = row.getString("publisher") + "/" + row.getString("slug");
        if (!rowRef.equals(ref)) {
          ref = rowRef;
          currentSeen = false;
        }
        String status;
        if (row.getBoolean("deprecated")) {
          status = "deprecated";
        } else if (!currentSeen) {
          status = "current";
          currentSeen = true;
        } else {
          status = "older";
        }
        OffsetDateTime published = row.getOffsetDateTime("published_at");
        out.add(new Entry(row.getJsonObject("content"), status, row.getLong("usage").intValue(),
            published == null ? 0 : published.toInstant().toEpochMilli()));
      }
      return out;
    }
  }
}
