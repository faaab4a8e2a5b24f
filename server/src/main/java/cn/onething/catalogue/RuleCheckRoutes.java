package cn.onething.catalogue;

import cn.onething.http.JsonBodies;
import cn.onething.http.Problems;
import cn.onething.http.Responses;
import cn.onething.identity.Access;
import cn.onething.identity.Role;
import cn.onething.rules.RuleChecker;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * 规则检查（边写边查） — checks one rule expression against the field ids the editor has now,
 * answering each finding with the span it concerns. It is the same checker the template lint runs
 * at {@code /rules/{i}/expression}, without loading the catalogue, so the template editor can call
 * it on every pause in typing.
 */
public final class RuleCheckRoutes {
  /** More field ids than any matter has; a body past it is a mistake, not a form. */
  static final int MAX_FIELDS = 2000;
  private final WorkerExecutor checkers;

  public RuleCheckRoutes(Vertx vertx) {
    // The same small pool as template validation: its threads already have acorn loaded.
    this.checkers = vertx.createSharedWorkerExecutor(Catalogue.VALIDATION_POOL, Catalogue.VALIDATION_THREADS);
  }

  public void mount(Router router) {
    router.post("/api/catalogue/rules/check").handler(this::check);
  }

  private void check(RoutingContext ctx) {
    Access.withRole(ctx, Role.PUBLISHER, Role.ADMIN);
    JsonObject body = JsonBodies.object(ctx);
    if (!(body.getValue("expression") instanceof String expression)) {
      throw Problems.invalidInput("/expression", "请提供要检查的规则表达式（文字）。");
    }
    Object given = body.getValue("fields", new JsonArray());
    if (!(given instanceof JsonArray list) || list.size() > MAX_FIELDS
        || !list.stream().allMatch(f -> f instanceof String)) {
      throw Problems.invalidInput("/fields", "fields 应为本事项字段编号的列表（最多 " + MAX_FIELDS + " 个）。");
    }
    Set<String> fields = new LinkedHashSet<>();
    list.forEach(f -> fields.add((String) f));
    checkers.executeBlocking(() -> RuleChecker.checkWithSpans(expression, new RuleChecker.Scope(fields)), false)
        .onSuccess(findings -> {
          JsonArray errors = new JsonArray();
          for (RuleChecker.Finding f : findings) {
            JsonObject error = new JsonObject().put("pointer", "/expression").put("message", f.message());
            if (f.start() >= 0) {
              error.put("start", f.start()).put("end", Math.max(f.start(), f.end()));
            }
            errors.add(error);
          }
          Responses.ok(ctx, new JsonObject().put("valid", findings.isEmpty()).put("errors", errors));
        })
        .onFailure(ctx::fail);
  }
}
