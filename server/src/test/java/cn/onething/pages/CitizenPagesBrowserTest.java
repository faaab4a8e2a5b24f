package cn.onething.pages;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.RunningSimulator;
import cn.onething.testing.BrowserScript;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
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
    BrowserScript.run("citizen-pages.mjs", server, Duration.ofMinutes(3));
    assertThat(BrowserScript.SCREENSHOTS.resolve("apply-errors-nojs-390.png")).exists();
    assertThat(BrowserScript.SCREENSHOTS.resolve("apply-live-390.png")).exists();
  }
}
