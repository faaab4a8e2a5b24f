package cn.onething.connector;

import java.util.Optional;

/**
 * 密钥 — secrets kept in the server's configuration, looked up by name. Templates, service
 * definitions and releases only ever hold the name.
 */
@FunctionalInterface
public interface Secrets {
  Optional<String> get(String name);
}
