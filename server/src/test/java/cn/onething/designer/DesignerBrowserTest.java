package cn.onething.designer;

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
 * The designer end to end in real Chromium (Debian's, driven by playwright-core from
 * {@code designer-ui/e2e/designer.mjs}): a 浙江 admin finds 新生儿出生一件事 in 模板市场 by typing
 * {@code xse}, installs it, composes a service of its own, adds a local field by dragging it with
 * the mouse, points the bindings at the department systems and publishes; a citizen applies on
 * the published page (the local field is there and required); the window clerk accepts the
 * application in 审批工作台. Without the demo services, so nothing depends on them. Needs the
 * built designer ({@code npm run build} before a {@code -Dskip.npm=true} run). Screenshots land
 * in {@code server/target/screenshots}.
 */
@ExtendWith(ServerExtension.class)
class DesignerBrowserTest {
  static RunningSimulator simulator;

  static Map<String, String> serverEnv() {
    simulator = new RunningSimulator();
    return simulator.serverEnv(false);
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  @Test
  void anAdminComposesAndPublishesACitizenAppliesAndAClerkAccepts(TestServer server) throws IOException, InterruptedException {
    assertThat(server.get("/designer/").send().text()).as("the designer is built into the jar (npm run build)")
        .contains("<div id=\"app\"");
    String output = BrowserScript.run("designer.mjs", server, Duration.ofMinutes(3), simulator.url());
    System.out.println(output);
    for (String png : new String[] {"designer-catalogue.png", "designer-composer.png", "designer-workbench.png",
        "designer-preview-390.png"}) {
      assertThat(BrowserScript.SCREENSHOTS.resolve(png)).exists();
    }
  }
}
