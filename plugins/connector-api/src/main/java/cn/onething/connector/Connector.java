package cn.onething.connector;

import io.vertx.core.Future;

/**
 * 连接器 — makes calls to department systems of one kind. Shared by all calls, so it must be
 * safe to use from any Vert.x context.
 */
public interface Connector {
  /**
   * Calls the system once. Succeeds with the binding's output parameters by name (absent ones
   * left out), or fails with a {@link ConnectorException}; any other failure is treated as
   * {@link ConnectorException.Kind#UNAVAILABLE}.
   */
  Future<Outputs> invoke(Invocation invocation);

  /** Releases what the connector holds (HTTP clients, pools). */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
