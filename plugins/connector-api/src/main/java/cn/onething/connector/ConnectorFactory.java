package cn.onething.connector;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * 连接器工厂 — what a connector plugin provides, found with {@link java.util.ServiceLoader}.
 * One factory per connector type; the server creates one {@link Connector} from it at start.
 */
public interface ConnectorFactory {
  /** The SPI's version; a plugin answers the version it was built against. */
  int API_VERSION = 1;

  /** The name binding templates use in {@code connector}, e.g. {@code http-json}. */
  String type();

  /** A short Chinese name for people, e.g. “HTTP JSON 接口”. */
  String title();

  /**
   * The JSON Schema (2020-12) of a province's endpoint configuration for this connector. It is
   * shown in the designer; {@code baseUrl}, {@code secretRef} and {@code timeoutMs} mean the
   * same for every connector.
   */
  JsonObject configurationSchema();

  /**
   * Problems with an endpoint configuration beyond what the schema says (an unreachable scheme,
   * a header that must not be set); empty when it can be used. Pointers are relative to the
   * configuration object.
   */
  List<Violation> validate(JsonObject configuration);

  /** The connector that makes calls; called once, at server start. */
  Connector create(ConnectorContext context);

  /** The SPI version this factory was built against. */
  default int apiVersion() {
    return API_VERSION;
  }
}
