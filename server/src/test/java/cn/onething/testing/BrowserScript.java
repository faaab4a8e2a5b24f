package cn.onething.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of {@code designer-ui/e2e/*.mjs} — playwright-core driving Debian's Chromium — against a
 * running server, and checks that it finished in time, exited 0 and reported every check
 * {@code "ok": true}. The script gets the server's base URL, the screenshot folder
 * ({@code server/target/screenshots}) and any further arguments.
 */
public final class BrowserScript {
  public static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();

  private BrowserScript() {}

  /** The script's output, once every assertion on the run has held. */
  public static String run(String script, TestServer server, Duration limit, String... more)
      throws IOException, InterruptedException {
    Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    assertThat(Files.isExecutable(chromium))
        .as("Debian's chromium is installed (./onething test installs it: apt-get install -y chromium)").isTrue();
    Path file = Path.of("..", "designer-ui", "e2e", script).toAbsolutePath().normalize();
    List<String> command = new ArrayList<>(List.of("node", file.toString(), "http://127.0.0.1:" + server.server().port(),
        SCREENSHOTS.toString()));
    command.addAll(List.of(more));
    Path log = Files.createTempFile(script.replace(".mjs", ""), ".log");
    Process node = new ProcessBuilder(command).directory(file.getParent().getParent().toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = node.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
    if (!finished) {
      node.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished).as(script + " finishes within " + limit.toSeconds() + " s:\n" + output).isTrue();
    assertThat(node.exitValue()).as(output).isZero();
    assertThat(output).contains("\"ok\": true").doesNotContain("\"ok\": false");
    return output;
  }
}
