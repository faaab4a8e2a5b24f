package cn.onething.stats;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.apply.Submissions;
import cn.onething.db.DatabaseUrl;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The 运营分析 dashboard in real Chromium (Debian's, driven by playwright-core from
 * {@code designer-ui/e2e/dashboard.mjs}) at 1366×768 over a generated history of the last 120
 * days: the key figures match the history, the charts draw, everything fits one screen, a hotspot
 * link filters to its service and step, and the centre sees template adoption. Screenshots land
 * in {@code server/target/screenshots} ({@code designer-dashboard.png} among them). Needs the
 * designer built ({@code npm run build} in designer-ui) before the server module's tests.
 */
@ExtendWith(ServerExtension.class)
class DashboardBrowserTest {
  static final int DAYS = 120;
  static final int DEFAULT_WINDOW_DAYS = 90;
  static List<StatsHistory.App> history;

  @BeforeAll
  static void history(TestServer server) throws Exception {
    LocalDate start = Submissions.today().minusDays(DAYS);
    history = StatsHistory.generate(7L, start, DAYS, 3000);
    DatabaseUrl db = DatabaseUrl.parse(server.databaseUrl());
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      StatsHistory.write(c, history, start, DAYS);
    }
  }

  @Test
  void theDashboardShowsTheFiguresOnOneScreen(TestServer server) throws IOException, InterruptedException {
    Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    assertThat(Files.isExecutable(chromium)).as("Debian's chromium is installed (./onething test installs it: apt-get install -y chromium)")
        .isTrue();
    Path script = Path.of("..", "designer-ui", "e2e", "dashboard.mjs").toAbsolutePath().normalize();
    Path shots = Path.of("target", "screenshots").toAbsolutePath();
    // The dashboard opens on the last 90 days (China dates, today included) of the caller's region.
    LocalDate today = Submissions.today();
    LocalDate from = today.minusDays(DEFAULT_WINDOW_DAYS - 1);
    long received = history.stream().filter(a -> a.service.region().startsWith("33"))
        .filter(a -> !a.submittedDate().isBefore(from) && !a.submittedDate().isAfter(today)).count();
    Path log = Files.createTempFile("dashboard", ".log");
    Process node = new ProcessBuilder("node", script.toString(), "http://127.0.0.1:" + server.server().port(), shots.toString(),
        String.valueOf(received))
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
    assertThat(shots.resolve("designer-dashboard.png")).exists();
  }
}
