package cn.onething.connector;

import io.vertx.core.Vertx;

/** What the server gives a connector when it creates it. */
public interface ConnectorContext {
  Vertx vertx();

  /** JSON Schema checking, e.g. of a system's response against the binding's {@code response}. */
  SchemaCheck schemas();
}
