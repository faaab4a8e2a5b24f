package cn.onething.search;

import cn.onething.http.Problem.FieldError;
import cn.onething.http.Problems;
import cn.onething.http.Responses;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * 目录检索 API — {@code GET /api/catalogue/search} and {@code GET /api/catalogue/suggest}: public,
 * like the published catalogue they search. Any text is accepted (it is analysed, never parsed
 * as query syntax); only sizes are limited.
 */
public final class SearchRoutes {
  static final int DEFAULT_PAGE_SIZE = 10;
  static final int MAX_SUGGESTIONS = 10;
  private static final Set<String> STATUSES = Set.of("current", "older", "deprecated");
  private static final Set<String> SORTS = Set.of("relevance", "usage", "recency");
  private static final Map<String, String> FILTERS = Map.of(
      "kind", TemplateDocuments.KIND, "publisher", TemplateDocuments.PUBLISHER,
      "department", TemplateDocuments.DEPARTMENT, "stage", TemplateDocuments.STAGE);

  private final CatalogueSearch search;
  private final WorkerExecutor readers;

  public SearchRoutes(Vertx vertx, CatalogueSearch search) {
    this.search = search;
    this.readers = vertx.createSharedWorkerExecutor("onething-search", 4);
  }

  public void mount(Router router) {
    router.get("/api/catalogue/search").handler(this::search);
    router.get("/api/catalogue/suggest").handler(this::suggest);
  }

  private void search(RoutingContext ctx) {
    List<FieldError> errors = new ArrayList<>();
    String q = text(ctx, errors);
    Map<String, List<String>> filters = new LinkedHashMap<>();
    FILTERS.forEach((param, field) -> {
      List<String> values = ctx.queryParam(param);
      if (!values.isEmpty()) {
        filters.put(field, values);
      }
    });
    Set<String> statuses = new LinkedHashSet<>();
    for (String status : ctx.queryParam("status")) {
      if (status.equals("all")) {
        statuses.addAll(STATUSES);
      } else if (STATUSES.contains(status)) {
        statuses.add(status);
      } else {
        errors.add(new FieldError("status", "status 只能是 current（默认）、older、deprecated 或 all。"));
      }
    }
    if (statuses.isEmpty()) {
      statuses.add("current");
    }
    String sort = ctx.request().getParam("sort", "relevance");
    if (!SORTS.contains(sort)) {
      errors.add(new FieldError("sort", "sort 只能是 relevance（相关度）、usage（使用量）或 recency（发布时间）。"));
    }
    int page = number(ctx, "page", 1, 1, 1000, errors);
    int size = number(ctx, "size", DEFAULT_PAGE_SIZE, 1, CatalogueSearch.MAX_PAGE_SIZE, errors);
    if (errors.isEmpty() && page * size > CatalogueSearch.MAX_RESULT_WINDOW) {
      errors.add(new FieldError("page", "最多翻到第 " + CatalogueSearch.MAX_RESULT_WINDOW + " 条结果，请缩小检索范围。"));
    }
    if (!errors.isEmpty()) {
      throw Problems.invalidInput(errors);
    }
    CatalogueSearch.Request request = new CatalogueSearch.Request(q, filters, statuses, sort, page, size);
    readers.executeBlocking(() -> search.search(request), false).onSuccess(result -> Responses.ok(ctx, new JsonObject()
        .put("query", q).put("total", result.total()).put("page", page).put("size", size)
        .put("hits", new JsonArray(result.hits())).put("facets", result.facets())))
        .onFailure(ctx::fail);
  }

  private void suggest(RoutingContext ctx) {
    List<FieldError> errors = new ArrayList<>();
    String q = text(ctx, errors);
    int size = number(ctx, "size", MAX_SUGGESTIONS, 1, MAX_SUGGESTIONS, errors);
    if (!errors.isEmpty()) {
      throw Problems.invalidInput(errors);
    }
    readers.executeBlocking(() -> search.suggest(q, size), false)
        .onSuccess(list -> Responses.ok(ctx, new JsonObject().put("query", q).put("suggestions", new JsonArray(list))))
        .onFailure(ctx::fail);
  }

  private static String text(RoutingContext ctx, List<FieldError> errors) {
    String q = ctx.request().getParam("q", "");
    if (q.codePointCount(0, q.length()) > CatalogueSearch.MAX_QUERY_LENGTH) {
      errors.add(new FieldError("q", "检索词太长：最多 " + CatalogueSearch.MAX_QUERY_LENGTH + " 个字。"));
    }
    return q.strip();
  }

  private static int number(RoutingContext ctx, String name, int fallback, int min, int max, List<FieldError> errors) {
    String raw = ctx.request().getParam(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.strip());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(new FieldError(name, name + " 应为 " + min + " 到 " + max + " 之间的整数。"));
    return fallback;
  }
}
