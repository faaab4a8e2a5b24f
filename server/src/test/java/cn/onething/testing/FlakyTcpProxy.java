package cn.onething.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of PostgreSQL that can cut every connection through it at once: the
 * server's queries and commits then fail mid-flight, some after PostgreSQL has already committed.
 */
public final class FlakyTcpProxy implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private final NetServer server;

  public FlakyTcpProxy(String targetHost, int targetPort) {
    var client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(downstream -> {
      downstream.pause();
      client.connect(targetPort, targetHost).onSuccess(upstream -> {
        sockets.add(downstream);
        sockets.add(upstream);
        downstream.handler(upstream::write);
        upstream.handler(downstream::write);
        downstream.closeHandler(v -> {
          sockets.remove(downstream);
          upstream.close();
        });
        upstream.closeHandler(v -> {
          sockets.remove(upstream);
          downstream.close();
        });
        downstream.resume();
      }).onFailure(e -> downstream.close());
    }).listen(0, "127.0.0.1").await();
  }

  public int port() {
    return server.actualPort();
  }

  /** Cuts every open connection; returns how many sockets were open. */
  public int cutAll() {
    int open = sockets.size();
    sockets.forEach(NetSocket::close);
    return open;
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
