/**
 * 接口绑定连接器 — the connector SPI through which bindings call department systems.
 *
 * <p>Only the module exists so far: the SPI itself (a {@code ConnectorFactory} found with
 * {@link java.util.ServiceLoader} and the {@code Connector} it creates) arrives with the
 * interface-bindings work, so that its shape is decided by its first real connector.
 */
package cn.onething.connector;
