package cn.onething.stats;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.apply.Submissions;
import cn.onething.db.DatabaseUrl;
import cn.onething.testing.BrowserScript;
import cn.onething.testing.BrowserScript;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import java.io.IOException;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDate;
import java.util.List;
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
    // The dashboard opens on the last 90 days (China dates, today included) of the caller's region.
    LocalDate today = Submissions.today();
    LocalDate from = today.minusDays(DEFAULT_WINDOW_DAYS - 1);
    long received = history.stream().filter(a -> a.service.region().startsWith("33"))
        .filter(a -> !a.submittedDate().isBefore(from) && !a.submittedDate().isAfter(today)).count();
    BrowserScript.run("dashboard.mjs", server, Duration.ofMinutes(3), String.valueOf(received));
    assertThat(BrowserScript.SCREENSHOTS.resolve("designer-dashboard.png")).exists();
  }
}
