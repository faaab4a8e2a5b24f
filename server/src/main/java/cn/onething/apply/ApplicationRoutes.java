package cn.onething.apply;

import cn.onething.catalogue.Catalogue;
import cn.onething.http.Problem;
import cn.onething.http.Problem.FieldError;
import cn.onething.http.Problems;
import cn.onething.http.Responses;
import cn.onething.http.JsonBodies;
import cn.onething.identity.Access;
import cn.onething.identity.Caller;
import cn.onething.identity.Role;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * 办件接口 — the citizen's JSON API: the published services of a region and one service's
 * public release (anyone), prefill, uploads and submission (citizens), and a citizen's own
 * applications (no one else's: another's number answers 404, as if it did not exist).
 */
public final class ApplicationRoutes {
  static final Pattern REGION = Pattern.compile("[1-9][0-9]{5}");
  static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");
  static final Set<String> CHANNELS = Set.of("online", "window", "mobile", "self-service");

  private final ApplicationStore store;
  private final Submissions submissions;
  private final Prefill prefill;
  private final Catalogue catalogue;

  public ApplicationRoutes(ApplicationStore store, Submissions submissions, Prefill prefill, Catalogue catalogue) {
    this.store = store;
    this.submissions = submissions;
    this.prefill = prefill;
    this.catalogue = catalogue;
  }

  public void mount(Router router) {
    router.get("/api/services/:region").handler(this::services);
    router.get("/api/services/:region/:slug").handler(this::service);
    router.post("/api/services/:region/:slug/prefill").handler(this::prefill);
    router.post("/api/uploads").handler(this::upload);
    router.post("/api/applications").handler(this::submit);
    router.get("/api/applications").handler(this::mine);
    router.get("/api/applications/:id").handler(this::one);
  }

  public static String region(RoutingContext ctx) {
    String region = ctx.pathParam("region");
    if (!REGION.matcher(region).matches()) {
      throw Problems.notFound("没有这个地区：" + region);
    }
    return region;
  }

  public static String slug(RoutingContext ctx) {
    String slug = ctx.pathParam("slug");
    if (!SLUG.matcher(slug).matches()) {
      throw Problems.notFound("没有这项服务：" + slug);
    }
    return slug;
  }

  private void services(RoutingContext ctx) {
    String region = region(ctx);
    store.publishedServices(region).onSuccess(list -> Responses.ok(ctx, new JsonObject().put("region", region)
        .put("services", list))).onFailure(ctx::fail);
  }

  private void service(RoutingContext ctx) {
    String region = region(ctx);
    String slug = slug(ctx);
    activeRelease(region, slug).onSuccess(release -> Responses.ok(ctx, publicView(release))).onFailure(ctx::fail);
  }

  public Future<ApplicationStore.ActiveRelease> activeRelease(String region, String slug) {
    return store.activeRelease(region, slug).map(found -> found.orElseThrow(() ->
        Problems.notFound("“" + region + "”没有已发布的服务“" + slug + "”")));
  }

  /** What anyone may see of a release: not the endpoints, not the responsibilities' internals. */
  static JsonObject publicView(ApplicationStore.ActiveRelease release) {
    JsonObject c = release.content();
    return new JsonObject().put("region", release.region()).put("slug", release.slug()).put("title", release.title())
        .put("release", release.number())
        .put("form", new JsonObject().put("schema", c.getJsonObject("schema")).put("layout", c.getJsonArray("layout"))
            .put("rules", FormCheck.formRules(c)))
        .put("materials", c.getJsonArray("materials")).put("process", c.getJsonObject("process"))
        .put("figures", c.getJsonObject("figures")).put("members", c.getJsonArray("members"));
  }

  private void prefill(RoutingContext ctx) {
    Caller caller = Access.withRole(ctx, Role.CITIZEN);
    String region = region(ctx);
    String slug = slug(ctx);
    Object data = JsonBodies.objectOrEmpty(ctx).getValue("data");
    if (data != null && !(data instanceof JsonObject)) {
      throw Problems.invalidInput("/data", "已填写的内容（data）应为“字段: 值”的 JSON 对象");
    }
    JsonObject typed = data == null ? new JsonObject() : (JsonObject) data;
    Future<ApplicationStore.ActiveRelease> release = activeRelease(region, slug);
    Future<JsonObject> applicant = store.applicant(caller.userId());
    Future.all(release, applicant).compose(x -> prefillFor(caller, applicant.result(), release.result(), typed))
        .onSuccess(result -> Responses.ok(ctx, new JsonObject().put("values", result.values())
            .put("sources", result.sources()).put("licences", result.licences())
            .put("problems", new JsonArray(result.problems()))))
        .onFailure(ctx::fail);
  }

  /**
   * Prefills for the signed-in citizen from their identity ({@code applicant}, as
   * {@link ApplicationStore#applicant} reads it) and what they typed, and remembers the result.
   */
  public Future<Prefill.Result> prefillFor(Caller caller, JsonObject applicant, ApplicationStore.ActiveRelease release,
      JsonObject typed) {
    return prefillOnly(applicant, release, typed).compose(result -> remember(caller, release, result).map(result));
  }

  /** Prefills as {@link #prefillFor} does, without remembering it: the caller does, alongside other work. */
  public Future<Prefill.Result> prefillOnly(JsonObject applicant, ApplicationStore.ActiveRelease release, JsonObject typed) {
    JsonObject known = typed.copy();
    Prefill.identityValues(release.content(), applicant).forEach(e -> known.put(e.getKey(), e.getValue()));
    return prefill.run(release.content(), known, applicant.getString("idNumber"));
  }

  /** Remembers a prefill for the submission that follows (see {@link ApplicationStore#savePrefill}). */
  public Future<Void> remember(Caller caller, ApplicationStore.ActiveRelease release, Prefill.Result result) {
    return store.savePrefill(caller.userId(), release, result.values(), result.sources(), result.licences());
  }

  private void upload(RoutingContext ctx) {
    Caller caller = Access.withRole(ctx, Role.CITIZEN);
    Buffer bytes = ctx.body().buffer();
    if (bytes == null || bytes.length() == 0) {
      throw Problems.invalidInput("", "请上传文件：请求体为文件的内容");
    }
    String type = Uploads.sniff(bytes).orElseThrow(() -> Problem.of("unsupported-file-type", "文件类型不受支持", 415,
        "只接受 PDF、JPEG 或 PNG 文件（按文件内容判断，而不是扩展名）。").exception());
    String name = ctx.request().getHeader("X-Filename");
    String filename = Uploads.cleanName(name == null ? null : URLDecoder.decode(name, StandardCharsets.UTF_8));
    store.upload(caller.userId(), Uploads.sha256(bytes), type, bytes, filename)
        .onSuccess(stored -> Responses.json(ctx, 201, stored)).onFailure(ctx::fail);
  }

  private void submit(RoutingContext ctx) {
    Caller caller = Access.withRole(ctx, Role.CITIZEN);
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key == null || !KEY.matcher(key).matches()) {
      throw Problems.invalidInput("", "请在 Idempotency-Key 请求头中提供本次申请的唯一键（1 到 200 个可见字符），重复提交时使用同一个键");
    }
    JsonObject body = JsonBodies.object(ctx);
    List<FieldError> errors = new ArrayList<>();
    String region = body.getValue("region") instanceof String r && REGION.matcher(r).matches() ? r : null;
    if (region == null) {
      errors.add(new FieldError("/region", "请填写服务所属地区的六位区划代码，如 330000"));
    }
    String service = body.getValue("service") instanceof String s && SLUG.matcher(s).matches() ? s : null;
    if (service == null) {
      errors.add(new FieldError("/service", "请填写服务代码，如 newborn"));
    }
    if (!(body.getValue("data") instanceof JsonObject)) {
      errors.add(new FieldError("/data", "请以 JSON 对象提交表单内容（data）"));
    }
    if (body.containsKey("materials") && !(body.getValue("materials") instanceof JsonObject)) {
      errors.add(new FieldError("/materials", "材料应为“材料编号: 文件 SHA-256”的对象"));
    }
    String channel = body.getValue("channel") == null ? "online"
        : body.getValue("channel") instanceof String c ? c : "";
    if (!CHANNELS.contains(channel)) {
      errors.add(new FieldError("/channel", "办理渠道只能是 online、window、mobile 或 self-service"));
    }
    if (!errors.isEmpty()) {
      throw Problems.invalidInput(errors);
    }
    Submissions.Request request = new Submissions.Request(region, service, body.getJsonObject("data"),
        body.getJsonObject("materials", new JsonObject()), channel);
    submissions.submit(caller.userId(), key, request).compose(outcome -> {
      if (!outcome.ok()) {
        return Future.failedFuture(Problem.of("application-invalid", "申请内容需要修改", 422,
            "申请中有 " + outcome.errors().size() + " 处需要修改，详见 errors。").withErrors(
                outcome.errors().stream().map(e -> new FieldError(e.pointer().startsWith("/materials")
                    || e.pointer().isEmpty() ? e.pointer() : "/data" + e.pointer(), e.message())).toList()).exception());
      }
      // A new application is answered from what was just written; a repeat is read back.
      Future<java.util.Optional<JsonObject>> stored = outcome.application() != null
          ? Future.succeededFuture(java.util.Optional.of(outcome.application())) : store.find(outcome.id());
      return stored.map(app -> {
        ctx.response().putHeader("Location", "/api/applications/" + outcome.id());
        Responses.json(ctx, outcome.repeat() ? 200 : 201, app.orElseThrow().put("repeat", outcome.repeat()));
        return (Void) null;
      });
    }).onFailure(ctx::fail);
  }

  private void mine(RoutingContext ctx) {
    Caller caller = Access.withRole(ctx, Role.CITIZEN);
    store.applicationsOf(caller.userId()).onSuccess(list -> Responses.ok(ctx, new JsonObject().put("applications", list)))
        .onFailure(ctx::fail);
  }

  private void one(RoutingContext ctx) {
    Caller caller = Access.withRole(ctx, Role.CITIZEN);
    String id = ctx.pathParam("id");
    store.find(id).onSuccess(found -> {
      if (found.isEmpty() || !caller.userId().equals(found.get().getString("applicant"))) {
        ctx.fail(Problems.notFound("没有编号为“" + id + "”的申请"));
        return;
      }
      Responses.ok(ctx, found.get());
    }).onFailure(ctx::fail);
  }
}
