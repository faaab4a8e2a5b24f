package cn.onething.designer;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The template editor in real Chromium (Debian's, driven by playwright-core from
 * {@code designer-ui/e2e/template-editor.mjs}) at 1366×768: a publisher drags a data element into
 * the form with the mouse, writes a rule with a mistake and sees the server's message next to it,
 * fixes it, validates, publishes the next minor version and finds it in the catalogue. The designer must have been
 * built ({@code npm run build}) before the server's jar is assembled.
 */
@ExtendWith(ServerExtension.class)
class TemplateEditorBrowserTest {
  static Map<String, String> serverEnv() {
    return Map.of("ONETHING_TEMPLATES_DIR", Path.of("..", "templates").toAbsolutePath().toString());
  }

  @Test
  void aPublisherEditsValidatesAndPublishesANewVersion(TestServer server) throws IOException, InterruptedException {
    Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    assertThat(Files.isExecutable(chromium)).as("Debian's chromium is installed (./onething test installs it: apt-get install -y chromium)")
        .isTrue();
    Path script = Path.of("..", "designer-ui", "e2e", "template-editor.mjs").toAbsolutePath().normalize();
    Path shots = Path.of("target", "screenshots").toAbsolutePath();
    Path log = Files.createTempFile("template-editor", ".log");
    Process node = new ProcessBuilder("node", script.toString(), "http://127.0.0.1:" + server.server().port(), shots.toString())
        .directory(script.getParent().getParent().toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = node.waitFor(240, TimeUnit.SECONDS);
    if (!finished) {
      node.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished).as("the browser test finishes in 4 minutes:\n" + output).isTrue();
    assertThat(node.exitValue()).as(output).isZero();
    assertThat(output).contains("\"ok\": true").doesNotContain("\"ok\": false");
    assertThat(shots.resolve("designer-template-editor.png")).exists();
  }
}
