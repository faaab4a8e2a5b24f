package cn.onething.pages;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.RunningSimulator;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The citizen pages in real Chromium (Debian's, driven by playwright-core from
 * {@code designer-ui/e2e/citizen-pages.mjs}) at 390×844: the journey without JavaScript, errors
 * from the server next to the fields, and with JavaScript the live show/hide and required rules,
 * with no script error or CSP refusal. Screenshots land in {@code server/target/screenshots}.
 */
@ExtendWith(ServerExtension.class)
class CitizenPagesBrowserTest {
  static RunningSimulator simulator;

  static Map<String, String> serverEnv() {
    simulator = new RunningSimulator();
    return simulator.serverEnv(true);
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  @Test
  void theCitizenJourneyWorksWithAndWithoutJavaScript(TestServer server) throws IOException, InterruptedException {
    Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    assertThat(Files.isExecutable(chromium)).as("Debian's chromium is installed (./onething test installs it: apt-get install -y chromium)")
        .isTrue();
    Path script = Path.of("..", "designer-ui", "e2e", "citizen-pages.mjs").toAbsolutePath().normalize();
    Path shots = Path.of("target", "screenshots").toAbsolutePath();
    Path log = Files.createTempFile("citizen-pages", ".log");
    Process node = new ProcessBuilder("node", script.toString(), "http://127.0.0.1:" + server.server().port(), shots.toString())
        .directory(script.getParent().getParent().toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = node.waitFor(180, TimeUnit.SECONDS);
    if (!finished) {
      node.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished).as("the browser test finishes in 3 minutes:\n" + output).isTrue();
    assertThat(node.exitValue()).as(output).isZero();
    assertThat(output).contains("\"ok\": true").doesNotContain("\"ok\": false");
    assertThat(shots.resolve("apply-errors-nojs-390.png")).exists();
    assertThat(shots.resolve("apply-live-390.png")).exists();
  }
}
