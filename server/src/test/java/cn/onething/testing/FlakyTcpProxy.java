package cn.onething.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of PostgreSQL that cuts connections in the middle of their traffic: after
 * a seeded random number of answers from PostgreSQL (between {@code min} and {@code max}), the
 * connection carrying the next answer is closed, half the time before that answer is passed on
 * (the caller never learns whether a commit happened) and half the time just after it. The
 * faults therefore fall among the queries, however fast or slow the machine is.
 */
public final class FlakyTcpProxy implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final NetServer server;
  private final AtomicInteger cuts = new AtomicInteger();
  private final AtomicInteger withheld = new AtomicInteger();
  private final Random random;
  private final int min;
  private final int max;
  private volatile boolean cutting;
  private int untilCut;

  public FlakyTcpProxy(String targetHost, int targetPort, int min, int max, long seed) {
    this.random = new Random(seed);
    this.min = min;
    this.max = max;
    this.untilCut = nextGap();
    var client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(downstream -> {
      downstream.pause();
      client.connect(targetPort, targetHost).onSuccess(upstream -> {
        downstream.handler(upstream::write);
        upstream.handler(answer -> pass(answer, upstream, downstream));
        downstream.closeHandler(v -> upstream.close());
        upstream.closeHandler(v -> downstream.close());
        downstream.resume();
      }).onFailure(e -> downstream.close());
    }).listen(0, "127.0.0.1").await();
  }

  private synchronized int nextGap() {
    return min + random.nextInt(max - min + 1);
  }

  private void pass(Buffer answer, NetSocket upstream, NetSocket downstream) {
    boolean cut;
    boolean before;
    synchronized (this) {
      cut = cutting && --untilCut <= 0;
      before = cut && random.nextBoolean();
      if (cut) {
        untilCut = nextGap();
      }
    }
    if (!cut) {
      downstream.write(answer);
      return;
    }
    cuts.incrementAndGet();
    if (before) {
      withheld.incrementAndGet();
      upstream.close();
      downstream.close();
    } else {
      downstream.write(answer).onComplete(r -> {
        upstream.close();
        downstream.close();
      });
    }
  }

  public int port() {
    return server.actualPort();
  }

  /** Starts or stops cutting; connections are left alone until started. */
  public void cutting(boolean on) {
    cutting = on;
  }

  /** How many connections were cut. */
  public int cuts() {
    return cuts.get();
  }

  /** How many of the cuts withheld PostgreSQL's answer from the caller. */
  public int withheld() {
    return withheld.get();
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
