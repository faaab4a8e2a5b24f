package cn.onething.designer;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.BrowserScript;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
    BrowserScript.run("template-editor.mjs", server, Duration.ofMinutes(4));
    assertThat(BrowserScript.SCREENSHOTS.resolve("designer-template-editor.png")).exists();
  }
}
