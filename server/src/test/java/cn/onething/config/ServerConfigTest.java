package cn.onething.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {

  @Test
  void defaultsAreADevServerOnPort8080() {
    ServerConfig config = ServerConfig.from(Map.of());
    assertThat(config.mode()).isEqualTo(Mode.DEV);
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.dbUrl()).isEqualTo(ServerConfig.DEFAULT_DB_URL);
  }

  @Test
  void prodRefusesTheDefaultSecret() {
    assertThatThrownBy(() -> ServerConfig.from(Map.of("ONETHING_MODE", "prod")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ONETHING_JWT_SECRET");
  }

  @Test
  void prodRefusesAShortSecretButTakesALongOne() {
    assertThatThrownBy(() -> ServerConfig.from(Map.of("ONETHING_MODE", "prod", "ONETHING_JWT_SECRET", "short")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("太短");
    String secret = "x".repeat(ServerConfig.MIN_JWT_SECRET_LENGTH);
    assertThat(ServerConfig.from(Map.of("ONETHING_MODE", "prod", "ONETHING_JWT_SECRET", secret)).mode())
        .isEqualTo(Mode.PROD);
  }

  @Test
  void everyBadValueIsReportedAtOnce() {
    var thrown = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> ServerConfig.from(Map.of(
        "ONETHING_MODE", "staging", "ONETHING_HTTP_PORT", "eighty", "ONETHING_DB_URL", "mysql://x",
        "ONETHING_DB_CREATE", "maybe")));
    assertThat(thrown.problems()).hasSize(4);
    assertThat(thrown.problems()).anySatisfy(p -> assertThat(p).contains("ONETHING_MODE"));
    assertThat(thrown.problems()).anySatisfy(p -> assertThat(p).contains("ONETHING_HTTP_PORT"));
  }

  @Test
  void aFileSuppliesValuesAndTheEnvironmentOverridesThem(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("onething.properties");
    Files.writeString(file, "ONETHING_HTTP_PORT=9090\nONETHING_BODY_LIMIT=2048\n");
    ServerConfig config = ServerConfig.from(Map.of("ONETHING_CONFIG_FILE", file.toString(), "ONETHING_HTTP_PORT", "9191"));
    assertThat(config.httpPort()).isEqualTo(9191);
    assertThat(config.bodyLimitBytes()).isEqualTo(2048);
  }

  @Test
  void anUnknownKeyInTheFileIsAnError(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("onething.properties");
    Files.writeString(file, "ONETHING_HTTP_PROT=9090\n");
    assertThatThrownBy(() -> ServerConfig.from(Map.of("ONETHING_CONFIG_FILE", file.toString())))
        .hasMessageContaining("ONETHING_HTTP_PROT");
  }

  @Test
  void secretsAreTakenByNameAndNeverPrinted() {
    ServerConfig config = ServerConfig.from(Map.of("ONETHING_SECRET_ZJ_LICENCE", "licence-key-value",
        "ONETHING_MODE", "prod", "ONETHING_JWT_SECRET", "a-long-enough-production-secret-0123456789"));
    assertThat(config.secrets()).containsExactly(Map.entry("ZJ_LICENCE", "licence-key-value"));
    assertThat(config.toString()).contains("ZJ_LICENCE").doesNotContain("licence-key-value")
        .doesNotContain("a-long-enough-production-secret");
    assertThat(config.simulatorUrl()).as("the simulator is a dev-mode thing").isNull();

    ServerConfig dev = ServerConfig.from(Map.of());
    assertThat(dev.secrets()).containsEntry("SIMULATOR_KEY", ServerConfig.DEV_SIMULATOR_KEY);
    assertThat(dev.simulatorUrl()).isEqualTo("http://127.0.0.1:8090");
    assertThat(dev.pluginsDir()).isEqualTo("connectors");

    assertThatThrownBy(() -> ServerConfig.from(Map.of("ONETHING_SECRET_lower", "x", "ONETHING_SIMULATOR_URL", "ftp://x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ONETHING_SECRET_lower").hasMessageContaining("ONETHING_SIMULATOR_URL");
  }
}
