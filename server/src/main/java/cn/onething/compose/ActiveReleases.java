package cn.onething.compose;

import cn.onething.db.NamedStatements;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 在用版本 — which release of each service is active, and its title, kept in memory: every guide,
 * apply page and submission needs it, and it changes only when a province publishes or rolls back.
 * PostgreSQL tells every process of a change at commit ({@code NOTIFY onething_services}, sent by a
 * trigger on {@code service}, V12), and this process also forgets its own changes at once. Nothing is
 * kept while the notification connection is down (every look-up then reads the database), and the
 * memory starts afresh on every reconnect, since notifications may have been missed.
 */
public final class ActiveReleases {
  public static final String CHANNEL = "onething_services";
  static final long RECONNECT_DELAY_MILLIS = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(ActiveReleases.class);
  private static final NamedStatements SQL = NamedStatements.load(ActiveReleases.class, "services.sql");
  /** More services than a province has: past this the memory starts afresh. */
  static final int MAX_KEPT = 5_000;

  /** A service's active release number and its title; empty when the service has none (or does not exist). */
  public record Active(String title, int number) {}

  private final Vertx vertx;
  private final Pool pool;
  private final PgConnectOptions connectOptions;
  private final Map<String, Optional<Active>> kept = new ConcurrentHashMap<>();
  private volatile boolean listening;
  /** Notifications heard so far: a read that raced one is not kept (it may have seen the old release). */
  private final java.util.concurrent.atomic.AtomicLong heard = new java.util.concurrent.atomic.AtomicLong();
  private PgSubscriber subscriber;
  private volatile boolean closed;

  public ActiveReleases(Vertx vertx, Pool pool, PgConnectOptions connectOptions) {
    this.vertx = vertx;
    this.pool = pool;
    this.connectOptions = connectOptions;
  }

  /** Starts listening; until it does (and whenever it does not), every look-up reads the database. */
  public Future<Void> start() {
    subscriber = PgSubscriber.subscriber(vertx, connectOptions).reconnectPolicy(retries -> RECONNECT_DELAY_MILLIS);
    subscriber.closeHandler(v -> {
      listening = false;
      heard.incrementAndGet();
      kept.clear();
    });
    subscriber.channel(CHANNEL).handler(this::changed).subscribeHandler(v -> {
      heard.incrementAndGet();
      kept.clear();
      listening = true;
    });
    connect();
    return Future.succeededFuture();
  }

  /** A first connection that fails is tried again every few seconds (later losses reconnect by themselves). */
  private void connect() {
    subscriber.connect().onFailure(e -> {
      if (!closed) {
        LOG.warn("服务变更通知未能连接，在用版本暂时每次从数据库读取：{}", e.getMessage());
        vertx.setTimer(5 * RECONNECT_DELAY_MILLIS, t -> connect());
      }
    });
  }

  public Future<Void> close() {
    closed = true;
    listening = false;
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }

  public Future<Optional<Active>> get(String region, String slug) {
    String key = region + "/" + slug;
    Optional<Active> known = kept.get(key);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    boolean trusted = listening;
    long before = heard.get();
    return pool.preparedQuery(SQL.get("activeRelease")).execute(Tuple.of(region, slug)).map(rows -> {
      Optional<Active> active = Optional.empty();
      if (rows.size() > 0) {
        Row row = rows.iterator().next();
        active = Optional.of(new Active(row.getString("title"), row.getInteger("active_release")));
      }
      // Kept only if the notifications were flowing before the read: a change after it will be heard.
      if (trusted && listening && heard.get() == before) {
        if (kept.size() >= MAX_KEPT) {
          kept.clear();
        }
        kept.put(key, active);
      }
      return active;
    });
  }

  /** This process changed the service: forget it now rather than when the notification arrives. */
  public void forget(String region, String slug) {
    changed(region + "/" + slug);
  }

  private void changed(String key) {
    heard.incrementAndGet();
    kept.remove(key);
  }
}
