package cn.onething.audit;

import cn.onething.db.NamedStatements;
import cn.onething.http.RequestIdHandler;
import cn.onething.identity.Access;
import cn.onething.identity.Caller;
import cn.onething.identity.Role;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 审计留痕 — records who did what, where, before the act is answered as done: every change of a
 * template, a service or a release, every task decision, every look at a full sensitive value.
 *
 * <p>Audited routes are declared here in one list. A marker handler, mounted ahead of the real
 * handlers, puts the intended entry on the request; when the real handler answers with a success,
 * {@link cn.onething.http.Responses} asks {@link #beforeAnswer} to write the entry first. A refused
 * or failed request writes nothing. A handler can add to the entry ({@link #note}) or name the
 * tenant the act concerns ({@link #tenant}); an entry marked "only when noted" (a task opened with
 * {@code reveal=true}) is written only if the handler really revealed something.
 */
public final class AuditTrail {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
  static final NamedStatements SQL = NamedStatements.load(AuditTrail.class, "audit.sql");
  private static final String KEY = "onething.audit";
  /** Request and response fields worth keeping: identifiers and decisions, never form data. */
  private static final List<String> REQUEST_FIELDS = List.of("version", "outcome", "reason", "comment", "publisher", "slug",
      "package", "title", "note", "to");
  private static final List<String> RESPONSE_FIELDS = List.of("number", "release", "status", "version");

  private record Audited(HttpMethod method, String path, String action, boolean onlyWhenNoted) {}

  private static final List<Audited> AUDITED = List.of(
      new Audited(HttpMethod.PUT, "/api/tenants/:tenant/departments/:code", "department.update", false),
      new Audited(HttpMethod.POST, "/api/tenants/:tenant/workspace/installs", "workspace.install", false),
      new Audited(HttpMethod.DELETE, "/api/tenants/:tenant/workspace/installs/:publisher/:slug", "workspace.uninstall", false),
      new Audited(HttpMethod.PUT, "/api/catalogue/templates/:publisher/:slug/versions/:version", "template.draft", false),
      new Audited(HttpMethod.POST, "/api/catalogue/templates/:publisher/:slug/versions/:version/publish", "template.publish",
          false),
      new Audited(HttpMethod.POST, "/api/catalogue/templates/:publisher/:slug/versions/:version/deprecate",
          "template.deprecate", false),
      new Audited(HttpMethod.POST, "/api/tenants/:tenant/services", "service.create", false),
      new Audited(HttpMethod.PUT, "/api/tenants/:tenant/services/:slug", "service.update", false),
      new Audited(HttpMethod.POST, "/api/tenants/:tenant/services/:slug/upgrade", "service.upgrade", false),
      new Audited(HttpMethod.POST, "/api/tenants/:tenant/services/:slug/publish", "release.publish", false),
      new Audited(HttpMethod.POST, "/api/tenants/:tenant/services/:slug/releases/:number/activate", "release.activate",
          false),
      new Audited(HttpMethod.POST, "/api/tasks/:id/claim", "task.claim", false),
      new Audited(HttpMethod.POST, "/api/tasks/:id/release", "task.release", false),
      new Audited(HttpMethod.POST, "/api/tasks/:id/complete", "task.complete", false),
      new Audited(HttpMethod.POST, "/api/tasks/:id/supplement", "task.supplement", false),
      new Audited(HttpMethod.GET, "/api/tasks/:id", "sensitive.reveal", true));

  /** The entry a request will leave when it succeeds. */
  private static final class Pending {
    final AuditTrail trail;
    final String action;
    String subject;
    String tenant;
    final boolean onlyWhenNoted;
    boolean noted;
    final JsonObject detail = new JsonObject();

    Pending(AuditTrail trail, String action, boolean onlyWhenNoted) {
      this.trail = trail;
      this.action = action;
      this.onlyWhenNoted = onlyWhenNoted;
    }
  }

  private final Pool pool;

  public AuditTrail(Pool pool) {
    this.pool = pool;
  }

  /** Mount before the routes it watches: its markers must run first. */
  public void mount(Router router) {
    for (Audited audited : AUDITED) {
      router.route(audited.method(), audited.path()).handler(ctx -> {
        if (audited.method() == HttpMethod.GET && !"true".equals(ctx.request().getParam("reveal"))) {
          ctx.next();
          return;
        }
        Pending pending = new Pending(this, audited.action(), audited.onlyWhenNoted());
        pending.subject = subjectOf(audited, ctx);
        ctx.put(KEY, pending);
        ctx.next();
      });
    }
  }

  /** templates/nhc/newborn-medical-certificate/1.1.0, services/330000/newborn/releases/3, tasks/42 … */
  private static String subjectOf(Audited audited, RoutingContext ctx) {
    var p = ctx.pathParams();
    if (p.containsKey("publisher") && audited.path().startsWith("/api/catalogue")) {
      return "templates/" + p.get("publisher") + "/" + p.get("slug") + "/" + p.get("version");
    }
    if (audited.path().contains("/workspace/installs")) {
      return "workspaces/" + p.get("tenant") + (p.containsKey("slug") ? "/" + p.get("publisher") + "/" + p.get("slug") : "");
    }
    if (audited.path().contains("/departments/")) {
      return "tenants/" + p.get("tenant") + "/departments/" + p.get("code");
    }
    if (audited.path().startsWith("/api/tenants/:tenant/services")) {
      String service = "services/" + p.get("tenant") + (p.containsKey("slug") ? "/" + p.get("slug") : "");
      return p.containsKey("number") ? service + "/releases/" + p.get("number") : service;
    }
    return "tasks/" + p.get("id");
  }

  /** Adds to the entry this request will leave (nothing when the route is not audited). */
  public static void note(RoutingContext ctx, String key, Object value) {
    Pending pending = ctx.get(KEY);
    if (pending != null) {
      pending.detail.put(key, value);
      pending.noted = true;
    }
  }

  /** Names the tenant (region or publisher) the act concerns, when the path does not say it. */
  public static void tenant(RoutingContext ctx, String tenant) {
    Pending pending = ctx.get(KEY);
    if (pending != null) {
      pending.tenant = tenant;
    }
  }

  /** Names the subject, when the path alone does not (a new service's slug is in its body). */
  public static void subject(RoutingContext ctx, String subject) {
    Pending pending = ctx.get(KEY);
    if (pending != null) {
      pending.subject = subject;
    }
  }

  /**
   * Writes the entry of a succeeding audited request; completes at once for every other answer.
   * A write that fails is logged whole at ERROR (so that nothing is silently missing) and the
   * answer still goes out: the act itself is already done.
   */
  public static Future<Void> beforeAnswer(RoutingContext ctx, int status, Object body) {
    Pending pending = ctx.get(KEY);
    if (pending == null || status < 200 || status >= 300 || (pending.onlyWhenNoted && !pending.noted)) {
      return Future.succeededFuture();
    }
    ctx.remove(KEY);
    Tuple row = pending.trail.row(ctx, pending, body);
    return pending.trail.pool.preparedQuery(SQL.get("insert")).execute(row).<Void>mapEmpty().recover(e -> {
      LOG.error("审计记录未能写入（操作已完成）：actor={} tenant={} action={} subject={} detail={}", row.getString(0),
          row.getString(3), pending.action, pending.subject, pending.detail.encode(), e);
      return Future.succeededFuture();
    });
  }

  /**
   * Writes this request's entry inside the caller's transaction, so that the act and its record
   * commit together or not at all (the answer then writes nothing more). For acts whose answer adds
   * nothing to the entry (a task decision: the request's version, outcome and comment are kept).
   * Nothing is written, and the future succeeds, when the route is not audited.
   */
  public static Future<Void> within(RoutingContext ctx, SqlClient transaction) {
    Pending pending = ctx.get(KEY);
    if (pending == null || (pending.onlyWhenNoted && !pending.noted)) {
      return Future.succeededFuture();
    }
    return transaction.preparedQuery(SQL.get("insert")).execute(pending.trail.row(ctx, pending, null))
        .<Void>mapEmpty().onSuccess(x -> ctx.remove(KEY));
  }

  private Tuple row(RoutingContext ctx, Pending pending, Object body) {
    Caller caller = Access.callerIfAny(ctx);
    JsonObject detail = pending.detail;
    JsonObject request = bodyOf(ctx);
    if (request != null) {
      REQUEST_FIELDS.stream().filter(f -> request.getValue(f) != null && !(request.getValue(f) instanceof JsonObject)
          && !(request.getValue(f) instanceof JsonArray)).forEach(f -> detail.put(f, request.getValue(f)));
    }
    if (body instanceof JsonObject answer) {
      JsonObject kept = new JsonObject();
      RESPONSE_FIELDS.stream().filter(f -> answer.getValue(f) != null && !(answer.getValue(f) instanceof JsonObject)
          && !(answer.getValue(f) instanceof JsonArray)).forEach(f -> kept.put(f, answer.getValue(f)));
      if (!kept.isEmpty()) {
        detail.put("result", kept);
      }
    }
    String tenant = pending.tenant != null ? pending.tenant
        : ctx.pathParam("tenant") != null ? ctx.pathParam("tenant")
        : ctx.pathParam("publisher") != null ? ctx.pathParam("publisher")
        : caller == null ? "-" : caller.tenant();
    String actor = caller == null ? "-" : caller.userId();
    String[] roles = caller == null ? new String[0] : caller.roles().stream().map(Role::code).sorted().toArray(String[]::new);
    return Tuple.of(actor, caller == null ? null : caller.name(), roles, tenant, pending.action, pending.subject)
        .addValue(detail).addString(RequestIdHandler.of(ctx));
  }

  private static JsonObject bodyOf(RoutingContext ctx) {
    try {
      return ctx.body() == null || ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Actions an auditor can filter on (prefixes such as {@code task} match {@code task.complete}). */
  static Set<String> actions() {
    return AUDITED.stream().map(Audited::action).collect(java.util.stream.Collectors.toUnmodifiableSet());
  }
}
