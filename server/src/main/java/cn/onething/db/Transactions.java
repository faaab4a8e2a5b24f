package cn.onething.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.util.function.Function;

/**
 * 事务 — one transaction on a pooled connection, like {@link Pool#withTransaction}, except that the
 * work's first statements do not wait for BEGIN's answer: they follow it on the wire (the client
 * pipelines them), so a short transaction saves a round trip. PostgreSQL runs them in order, so they
 * are inside the transaction all the same. Committed when the work succeeds, rolled back otherwise;
 * the connection goes back to the pool either way.
 */
public final class Transactions {
  private Transactions() {}

  public static <T> Future<T> run(Pool pool, Function<SqlConnection, Future<T>> work) {
    return pool.getConnection().compose(conn -> {
      Future<Transaction> begun = conn.begin();
      Future<T> done;
      try {
        done = work.apply(conn);
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      Future<T> result = done;
      return Future.join(begun, result).transform(all -> {
        if (all.succeeded()) {
          return begun.result().commit().map(x -> result.result());
        }
        Throwable cause = result.failed() ? result.cause() : begun.cause();
        if (begun.failed()) {
          return Future.<T>failedFuture(cause);
        }
        return begun.result().rollback().transform(x -> Future.<T>failedFuture(cause));
      }).onComplete(x -> conn.close());
    });
  }
}
