package cn.onething.stats;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 汇总整理 — folds the rollups' delta rows (one per change, written by triggers in the writer's
 * transaction) into one row per key every {@value #DEFAULT_PERIOD_MILLIS} ms, so that reading a
 * window stays a few thousand rows. The figures are right with or without it: readers sum every
 * row of a key. Several servers may run it; the database lets one fold at a time.
 */
public final class RollupCompactor {
  public static final long DEFAULT_PERIOD_MILLIS = 60_000;
  private static final Logger LOG = LoggerFactory.getLogger(RollupCompactor.class);

  private final Vertx vertx;
  private final Pool pool;
  private long timer = -1;

  public RollupCompactor(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  public RollupCompactor start(long periodMillis) {
    timer = vertx.setPeriodic(periodMillis, id -> compact());
    return this;
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Folds now; the number of rows written. */
  public Future<Long> compact() {
    return pool.query("SELECT stats_compact() AS folded").execute()
        .map(rows -> rows.iterator().next().getLong("folded"))
        .onFailure(e -> LOG.warn("统计汇总整理失败（下次再试）: {}", e.toString()));
  }
}
