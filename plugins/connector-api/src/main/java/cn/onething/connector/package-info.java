/**
 * 接口绑定连接器 — the connector SPI through which bindings call department systems.
 *
 * <p>A connector is found with {@link java.util.ServiceLoader}: a jar lists its
 * {@link cn.onething.connector.ConnectorFactory} in
 * {@code META-INF/services/cn.onething.connector.ConnectorFactory}. The factory describes the
 * connector (its type, as binding templates name it in {@code connector}, and the JSON Schema
 * of a province's endpoint configuration), checks a configuration, and creates the
 * {@link cn.onething.connector.Connector} that makes calls. A call takes the binding's input
 * parameters by name and answers its output parameters by name, or fails with a
 * {@link cn.onething.connector.ConnectorException} of one of four kinds. Timeouts, retries,
 * circuit breaking and request ids are the server's business, not the connector's.
 *
 * <p>The API depends on vertx-core only. {@link cn.onething.connector.ConnectorFactory#API_VERSION}
 * changes when it changes incompatibly; the server refuses a plugin built for another one.
 */
package cn.onething.connector;
