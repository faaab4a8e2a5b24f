package cn.onething.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 数据库 — the Vert.x pg pool and whether the schema is ready for it. The server starts even
 * when PostgreSQL is down: it keeps retrying the migration with backoff, {@code /health}
 * reports the database as down, and API requests get a 503 problem until it is ready.
 */
public final class Database {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  static final long FIRST_RETRY_MILLIS = 1_000;
  static final long MAX_RETRY_MILLIS = 30_000;
  static final int CONNECT_TIMEOUT_MILLIS = 3_000;
  static final long PING_TIMEOUT_MILLIS = 2_000;

  private final Vertx vertx;
  private final DatabaseUrl url;
  private final boolean createIfMissing;
  private final Pool pool;
  private final Function<Pool, Future<Void>> afterMigration;
  private volatile boolean ready;
  private volatile boolean closed;
  private volatile String lastFailure;
  private long retryTimer = -1;

  /**
   * @param afterMigration runs once the schema is current (the demo identities in dev mode); the
   *     database is ready only when it has succeeded too
   */
  public Database(Vertx vertx, DatabaseUrl url, int poolSize, boolean createIfMissing,
      Function<Pool, Future<Void>> afterMigration) {
    this.vertx = vertx;
    this.url = url;
    this.createIfMissing = createIfMissing;
    this.afterMigration = afterMigration;
    this.pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(poolSize).setConnectionTimeout(5).setConnectionTimeoutUnit(TimeUnit.SECONDS))
        .with(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MILLIS))
        .connectingTo(url.connectOptions())
        .using(vertx)
        .build();
  }

  public Pool pool() {
    return pool;
  }

  public boolean ready() {
    return ready;
  }

  /** Why the database is not ready yet, for operators; null once it is. */
  public String lastFailure() {
    return lastFailure;
  }

  public DatabaseUrl url() {
    return url;
  }

  /**
   * Migrates now. When that fails the returned future still succeeds (the server should come up
   * and say what is wrong) and retries go on in the background until one works.
   */
  public Future<Void> prepare() {
    return attempt(FIRST_RETRY_MILLIS);
  }

  private Future<Void> attempt(long nextDelay) {
    return vertx.executeBlocking(() -> Migrations.run(url, createIfMissing), false)
        .compose(applied -> afterMigration.apply(pool))
        .onSuccess(v -> {
          ready = true;
          lastFailure = null;
        })
        .recover(e -> {
          String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
          if (!message.equals(lastFailure)) {
            LOG.warn("数据库 {} 尚未就绪，{} 秒后重试：{}", url.describe(), nextDelay / 1000, message);
          }
          lastFailure = message;
          if (!closed) {
            retryTimer = vertx.setTimer(nextDelay, id -> attempt(Math.min(nextDelay * 2, MAX_RETRY_MILLIS)));
          }
          return Future.succeededFuture();
        });
  }

  /** A round trip to PostgreSQL within {@link #PING_TIMEOUT_MILLIS}. */
  public Future<Void> ping() {
    return pool.query("SELECT 1").execute()
        .timeout(PING_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .mapEmpty();
  }

  public Future<Void> close() {
    closed = true;
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
    }
    return pool.close();
  }
}
