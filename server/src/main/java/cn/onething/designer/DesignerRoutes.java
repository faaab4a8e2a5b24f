package cn.onething.designer;

import cn.onething.http.Problems;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * 设计器 — serves the browser designer (built by the designer-ui module into the classpath
 * folder {@code designer/}) under {@code /designer/}. Paths without a file extension are the
 * designer's own client-side routes and get its {@code index.html}.
 */
public final class DesignerRoutes {
  static final String WEB_ROOT = "designer";
  private final String indexHtml;

  public DesignerRoutes() {
    this.indexHtml = loadIndex();
  }

  public void mount(Router router) {
    // Route matching ignores a trailing slash, so compare the raw path to avoid redirecting to ourselves.
    router.get("/").handler(ctx -> ctx.redirect("/designer/"));
    router.get("/designer").handler(ctx -> {
      if (ctx.request().path().equals("/designer")) {
        ctx.redirect("/designer/");
      } else {
        ctx.next();
      }
    });
    router.get("/designer/assets/*").handler(StaticHandler.create(WEB_ROOT).setMaxAgeSeconds(365L * 24 * 3600));
    router.get("/designer/*").handler(StaticHandler.create(WEB_ROOT).setCachingEnabled(false).setIndexPage("index.html"));
    router.get("/designer/*").handler(this::clientRoute);
  }

  private void clientRoute(RoutingContext ctx) {
    String path = ctx.request().path();
    String last = path.substring(path.lastIndexOf('/') + 1);
    if (last.contains(".")) {
      ctx.next();
      return;
    }
    if (indexHtml == null) {
      throw Problems.unavailable("设计器尚未构建：请用 ./onething run 构建并启动（不要带 -Dskip.npm）。");
    }
    ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .end(indexHtml);
  }

  private static String loadIndex() {
    try (InputStream in = DesignerRoutes.class.getClassLoader().getResourceAsStream(WEB_ROOT + "/index.html")) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
