package cn.onething.bench;

import cn.onething.bench.SearchBenchmark.Load;
import cn.onething.catalogue.CatalogueFiles;
import cn.onething.catalogue.CatalogueIndex;
import io.vertx.core.json.JsonObject;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * 页面基准 — the guide ({@code GET /s/330000/newborn}, anonymous, with the CSRF cookie a browser
 * keeps) and the apply page ({@code GET /s/330000/newborn/apply}, logged in as 李娜: prefill, its
 * snapshot, the rule check and the render), from {@link LoadClient} in its own JVM, against
 * {@link PlainPageServer} rendering the same templates in this JVM, beside the idle server.
 */
final class PageBenchmark {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  /** A page: the server's and the baseline's figures, and the size of each one's HTML. */
  record PageResult(String name, String path, Map<Integer, Load> server, Map<Integer, Load> plain, int serverBytes,
      int plainBytes) {}

  private PageBenchmark() {}

  /**
   * The server's warm-up before anything is measured: apply pages from 2 clients for
   * {@code seconds}, so that the Graal compiler has compiled the release's rules (the first time,
   * about 40 s of one core here; nothing else of the server needs it).
   */
  static void warmRules(String base, int seconds) throws Exception {
    get(base + "/s/330000/newborn/apply", login(base)[1], 2, 0, seconds);
  }

  static List<PageResult> run(String base, JsonObject release, String title, Path templatesDir, int warmup, int seconds)
      throws Exception {
    String[] sessions = login(base);
    String anonymous = sessions[0];
    String citizen = sessions[1];
    CatalogueIndex index = CatalogueIndex.of(CatalogueFiles.read(templatesDir).stream()
        .map(CatalogueFiles.TemplateFile::template).toList());
    List<PageResult> results = new ArrayList<>();
    try (PlainPageServer plain = new PlainPageServer(release, title, index)) {
      String plainBase = "http://127.0.0.1:" + plain.start();
      for (String[] page : List.of(new String[] {"办事指南 guide", "/s/330000/newborn", anonymous},
          new String[] {"申请页 apply（已登录）", "/s/330000/newborn/apply", citizen})) {
        int serverBytes = size(base + page[1], page[2]);
        int plainBytes = size(plainBase + page[1], page[2]);
        Map<Integer, Load> server = new LinkedHashMap<>();
        Map<Integer, Load> baseline = new LinkedHashMap<>();
        for (int clients : RuntimeBenchmark.CLIENTS) {
          RuntimeBenchmark.say(page[0] + "（服务器），" + clients + " 个客户端…");
          server.put(clients, get(base + page[1], page[2], clients, warmup, seconds));
          RuntimeBenchmark.say(page[0] + "（纯 Vert.x + FreeMarker），" + clients + " 个客户端…");
          baseline.put(clients, get(plainBase + page[1], page[2], clients, warmup, seconds));
        }
        results.add(new PageResult(page[0], page[1], server, baseline, serverBytes, plainBytes));
      }
    }
    return results;
  }

  /** Logs in as 李娜 through the login page: the anonymous cookies (CSRF) and the citizen's session cookies. */
  private static String[] login(String base) throws Exception {
    CookieManager cookies = new CookieManager();
    HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<String> loginPage = http.send(HttpRequest.newBuilder(URI.create(base + "/s/login")).build(),
        HttpResponse.BodyHandlers.ofString());
    Matcher m = CSRF.matcher(loginPage.body());
    if (!m.find()) {
      throw new IllegalStateException("no CSRF token on /s/login: " + loginPage.statusCode());
    }
    String anonymous = cookieHeader(cookies);
    String form = "_csrf=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8) + "&user=citizen-lina&next=%2Fs%2Fme%2Fapplications";
    HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/s/login"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (login.statusCode() != 303) {
      throw new IllegalStateException("login failed: " + login.statusCode());
    }
    return new String[] {anonymous, cookieHeader(cookies)};
  }

  private static Load get(String url, String cookie, int clients, int warmup, int seconds) throws Exception {
    Load load = SearchBenchmark.remoteLoad(clients, List.of("get", url, String.valueOf(clients), String.valueOf(warmup),
        String.valueOf(seconds), "Cookie: " + cookie));
    return load;
  }

  private static int size(String url, String cookie) throws Exception {
    HttpClient http = HttpClient.newHttpClient();  // no cookie handler: the header below is the only cookie
    HttpResponse<byte[]> reply = http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (reply.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + reply.statusCode() + ": " + new String(reply.body(), StandardCharsets.UTF_8));
    }
    return reply.body().length;
  }

  private static String cookieHeader(CookieManager cookies) {
    return cookies.getCookieStore().getCookies().stream().map(HttpCookie::toString).collect(Collectors.joining("; "));
  }
}
