package cn.onething.simulator;

import java.time.Duration;
import java.util.Map;

/**
 * 模拟器配置 — where the simulator listens and the secrets it shares with the server.
 *
 * @param host          interface to bind
 * @param port          TCP port; 0 picks a free one
 * @param apiKey        expected {@code X-Api-Key} header on every department endpoint
 * @param paymentSecret HMAC-SHA256 key of payment callbacks ({@code X-Pay-Signature})
 * @param callbackBackoff first delay between payment callback attempts; it doubles each time
 * @param hangDuration  how long a {@code timeoutNext} fault holds a request before closing the connection
 */
public record SimulatorConfig(String host, int port, String apiKey, String paymentSecret,
                              Duration callbackBackoff, Duration hangDuration) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8090;
  public static final String DEFAULT_API_KEY = "onething-sim-key";
  public static final String DEFAULT_PAYMENT_SECRET = "onething-pay-secret";
  public static final Duration DEFAULT_CALLBACK_BACKOFF = Duration.ofSeconds(1);
  public static final Duration DEFAULT_HANG = Duration.ofSeconds(60);

  /** Defaults on the given port (0 for a random free one): what embedding tests want. */
  public static SimulatorConfig onPort(int port) {
    return new SimulatorConfig(DEFAULT_HOST, port, DEFAULT_API_KEY, DEFAULT_PAYMENT_SECRET,
        DEFAULT_CALLBACK_BACKOFF, DEFAULT_HANG);
  }

  /** From {@code SIMULATOR_HOST}, {@code SIMULATOR_PORT}, {@code SIMULATOR_API_KEY}, {@code SIMULATOR_PAYMENT_SECRET}. */
  public static SimulatorConfig fromEnv(Map<String, String> env) {
    String port = env.getOrDefault("SIMULATOR_PORT", String.valueOf(DEFAULT_PORT));
    int parsed;
    try {
      parsed = Integer.parseInt(port.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SIMULATOR_PORT 不是端口号: " + port);
    }
    if (parsed < 0 || parsed > 65535) {
      throw new IllegalArgumentException("SIMULATOR_PORT 超出范围: " + port);
    }
    return new SimulatorConfig(
        env.getOrDefault("SIMULATOR_HOST", DEFAULT_HOST),
        parsed,
        env.getOrDefault("SIMULATOR_API_KEY", DEFAULT_API_KEY),
        env.getOrDefault("SIMULATOR_PAYMENT_SECRET", DEFAULT_PAYMENT_SECRET),
        DEFAULT_CALLBACK_BACKOFF, DEFAULT_HANG);
  }

  public SimulatorConfig withCallbackBackoff(Duration backoff) {
    return new SimulatorConfig(host, port, apiKey, paymentSecret, backoff, hangDuration);
  }

  public SimulatorConfig withHangDuration(Duration hang) {
    return new SimulatorConfig(host, port, apiKey, paymentSecret, callbackBackoff, hang);
  }
}
