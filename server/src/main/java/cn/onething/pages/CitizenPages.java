package cn.onething.pages;

import cn.onething.apply.ApplicationRoutes;
import cn.onething.apply.ApplicationStore;
import cn.onething.apply.FormCheck;
import cn.onething.apply.Prefill;
import cn.onething.apply.Submissions;
import cn.onething.apply.Uploads;
import cn.onething.calendar.WorkingCalendar;
import cn.onething.catalogue.Catalogue;
import cn.onething.catalogue.CatalogueIndex;
import cn.onething.catalogue.TemplateRef;
import cn.onething.forms.RegionDirectory;
import cn.onething.http.Problem.FieldError;
import cn.onething.http.ProblemException;
import cn.onething.http.Problems;
import cn.onething.identity.Access;
import cn.onething.identity.Caller;
import cn.onething.identity.IdentityStore;
import cn.onething.identity.LoginThrottle;
import cn.onething.identity.RegionCodes;
import cn.onething.identity.Role;
import cn.onething.identity.SessionCookies;
import cn.onething.process.TaskRoutes;
import cn.onething.rules.RuleChecker;
import cn.onething.rules.RuleSandbox;
import cn.onething.stats.ServiceStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * 办事页面 — the citizen's side, server-rendered with FreeMarker and usable without JavaScript:
 * the region's services by life stage, a service's guide, the one form (pre-filled after login,
 * errors summarised at the top and shown at each field), the receipt and "my applications". With
 * JavaScript, the form evaluates the release's checked rules live from their syntax trees (no
 * {@code eval}). Every page carries a Content-Security-Policy without {@code unsafe-eval} and every
 * form a CSRF token. Only our own origin may frame the pages: the designer previews them in a phone-sized frame.
 */
public final class CitizenPages {
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "form-action 'self'; frame-ancestors 'self'; base-uri 'none'; object-src 'none'";
  private static final Pattern APP_ID = Pattern.compile("[0-9]{6}-[0-9]{8}-[0-9]{6}");
  private static final int MAX_FORM_BYTES = 40 * 1024 * 1024;
  private static final long GUIDE_TTL_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final int MAX_CACHED_GUIDES = 500;

  private final Vertx vertx;
  private final PageTemplates templates;
  private final ApplicationStore store;
  private final Submissions submissions;
  private final ApplicationRoutes api;
  private final Catalogue catalogue;
  private final IdentityStore identities;
  private final SessionCookies sessions;
  private final boolean devMode;
  private final TaskRoutes progress;
  private final ServiceStats stats;
  private final Map<String, CachedGuide> guides = new ConcurrentHashMap<>();
  private final Map<String, String> browserRules = new ConcurrentHashMap<>();

  private final LoginThrottle throttle;

  public CitizenPages(Vertx vertx, ApplicationStore store, Submissions submissions, ApplicationRoutes api,
      Catalogue catalogue, IdentityStore identities, SessionCookies sessions, boolean devMode, TaskRoutes progress,
      ServiceStats stats, LoginThrottle throttle) {
    this.throttle = throttle;
    this.vertx = vertx;
    this.templates = new PageTemplates();
    this.store = store;
    this.submissions = submissions;
    this.api = api;
    this.catalogue = catalogue;
    this.identities = identities;
    this.sessions = sessions;
    this.devMode = devMode;
    this.progress = progress;
    this.stats = stats;
  }

  public void mount(Router router) {
    router.route("/s/*").handler(ctx -> {
      ctx.response().putHeader("Content-Security-Policy", CSP).putHeader("Cache-Control", "no-store");
      ctx.next();
    });
    router.route("/s/assets/*").handler(StaticHandler.create("pages/assets").setCachingEnabled(true).setMaxAgeSeconds(300)
        .setIncludeHidden(false).setDirectoryListing(false));
    router.route("/s/*").handler(BodyHandler.create(System.getProperty("java.io.tmpdir") + "/onething-uploads")
        .setBodyLimit(MAX_FORM_BYTES).setDeleteUploadedFilesOnEnd(true).setHandleFileUploads(true));
    router.route("/s/*").handler(sessions::handle);
    router.route("/s/*").handler(ctx -> {
      if (ctx.request().method() == io.vertx.core.http.HttpMethod.POST && !Csrf.valid(ctx)) {
        page(ctx, 403, "error.ftlh", Map.of("title", "页面已过期", "message",
            "为保护您的账户，表单需要从本站页面提交。请返回上一页刷新后重试。"));
        return;
      }
      ctx.next();
    });
    router.get("/s/login").handler(this::loginPage);
    router.post("/s/login").handler(this::login);
    router.post("/s/logout").handler(this::logout);
    router.get("/s/me/applications").handler(this::mine);
    router.get("/s/me/applications/:id").handler(this::receipt);
    router.post("/s/me/applications/:id/sign").handler(this::sign);
    router.post("/s/me/applications/:id/pay").handler(this::pay);
    router.post("/s/me/applications/:id/rating").handler(this::rate);
    router.get("/s/:region").handler(this::services);
    router.get("/s/:region/performance").handler(this::performance);
    router.get("/s/:region/:slug").handler(this::guide);
    router.get("/s/:region/:slug/apply").handler(this::applyPage);
    router.post("/s/:region/:slug/apply").handler(this::apply);
    router.route("/s/*").failureHandler(this::failure);
  }

  /** 草稿 — the release content a service's draft would publish, or a failed future (a 422 problem) when it would not. */
  public interface Drafts {
    Future<JsonObject> compiled(String region, String slug);
  }

  /**
   * 草稿预览 — the application form of a service's unpublished draft, as a citizen would get it,
   * for the designer's phone-sized frame. It sits under {@code /api} behind the admin's token,
   * not under {@code /s/} (a frame cannot send a token): the designer fetches the page and frames
   * it with forms disabled. Empty, without prefill, and marked as a preview.
   */
  public void mountDraftPreview(Router router, Drafts drafts) {
    router.post("/api/tenants/:tenant/services/:slug/preview-page").handler(ctx -> draftPreview(ctx, drafts));
  }

  private void draftPreview(RoutingContext ctx, Drafts drafts) {
    String region = ctx.pathParam("tenant");
    if (!RegionCodes.isRegionCode(region)) {
      throw Problems.invalidInput("tenant", "服务属于省或市：请使用行政区划代码，如 330000。");
    }
    Access.inTenant(ctx, region, Role.ADMIN, Role.AUDITOR);
    String slug = ApplicationRoutes.slug(ctx);
    drafts.compiled(region, slug).compose(content -> {
      ApplicationStore.ActiveRelease release = new ApplicationStore.ActiveRelease(region, slug, content.getString("title"), 0,
          content);
      JsonObject ctxJson = Submissions.ruleContext(region, "online", null);
      List<String> notices = new ArrayList<>(List.of(DRAFT_NOTICE));
      return submissions.check(content, new JsonObject(), ctxJson).recover(e -> {
        if (!Problems.isRulesUnavailable(e)) {
          return Future.failedFuture(e);
        }
        // A busy server may not run the rules in time; a preview still shows the form, without them.
        notices.add(DRAFT_RULES_NOTICE);
        Set<String> required = new HashSet<>();
        content.getJsonObject("schema").getJsonArray("required", new JsonArray()).forEach(k -> required.add(String.valueOf(k)));
        return Future.succeededFuture(new FormCheck.Result(new JsonObject(), List.of(), Set.of(), required));
      }).map(check -> {
        renderForm(ctx, 200, release, new JsonObject(), new JsonObject(), new JsonObject(), notices, check,
            List.of(), new Supplied(new JsonObject(), Map.of()), UUID.randomUUID().toString(), ctxJson, false);
        return (Void) null;
      });
    }).onFailure(ctx::fail);
  }

  static final String DRAFT_NOTICE = "预览：这是尚未发布的草稿，群众还看不到，也不能提交。";
  static final String DRAFT_RULES_NOTICE = "服务器繁忙，预览未能及时运行表单规则：按条件显示或必填的字段此处未按规则处理。";

  // --- rendering -------------------------------------------------------------------------------

  private void page(RoutingContext ctx, int status, String template, Map<String, Object> model) {
    pageOfPlain(ctx, status, template, plain(model));
  }

  /** A page whose model is already plain maps and lists (see {@link #plain}); it is not changed. */
  private void pageOfPlain(RoutingContext ctx, int status, String template, Map<String, Object> model) {
    Map<String, Object> all = new HashMap<>(model);
    Caller caller = Access.callerIfAny(ctx);
    all.put("user", caller == null ? null : Map.of("id", caller.userId(), "name", caller.name()));
    all.put("csrf", Csrf.token(ctx));
    all.put("path", ctx.request().path());
    all.putIfAbsent("devMode", devMode);
    String html;
    try {
      html = templates.render(template, all);
    } catch (RuntimeException e) {
      // Called from future callbacks too, where a throw would be lost and the request left hanging.
      if (!"error.ftlh".equals(template)) {
        ctx.fail(e);
        return;
      }
      throw e;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(html);
  }

  /** Vert.x JSON turned into the plain maps and lists templates read by key. */
  @SuppressWarnings("unchecked")
  static <T> T plain(T value) {
    Object out = switch (value) {
      case JsonObject o -> plain(o.getMap());
      case JsonArray a -> plain(a.getList());
      case Map<?, ?> m -> {
        Map<Object, Object> copy = new LinkedHashMap<>();
        m.forEach((k, v) -> copy.put(k, plain(v)));
        yield copy;
      }
      case List<?> l -> l.stream().map(CitizenPages::plain).toList();
      case null -> null;
      default -> value;
    };
    return (T) out;
  }

  private void failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    String message = "处理请求时出错，请稍后再试。";
    if (failure instanceof ProblemException p) {
      status = p.problem().status();
      message = p.problem().detail();
    } else if (status == 413) {
      message = "上传的文件总大小超过了 " + MAX_FORM_BYTES / 1024 / 1024 + " MB 的上限，请压缩后重新上传。";
    } else if (status >= 500 || failure != null) {
      org.slf4j.LoggerFactory.getLogger(CitizenPages.class).error("页面出错 {} {}", ctx.request().method(),
          ctx.request().path(), failure);
      status = 500;
    }
    if (ctx.response().ended()) {
      return;
    }
    try {
      page(ctx, status, "error.ftlh", Map.of("title", status == 404 ? "页面不存在" : "出错了", "message", message));
    } catch (RuntimeException e) {
      ctx.response().setStatusCode(500).end("出错了");
    }
  }

  private static String regionName(String region) {
    return RegionDirectory.name(region).orElse(region);
  }

  // --- services and guides ---------------------------------------------------------------------

  private void services(RoutingContext ctx) {
    String region = ApplicationRoutes.region(ctx);
    String q = ctx.request().getParam("q", "").strip();
    Future.all(store.publishedServices(region), catalogue.index()).onSuccess(all -> {
      JsonArray list = all.resultAt(0);
      CatalogueIndex index = all.resultAt(1);
      Map<String, List<Map<String, Object>>> byStage = new LinkedHashMap<>();
      for (Object o : list) {
        JsonObject s = (JsonObject) o;
        List<JsonObject> members = members(index, s.getJsonArray("members"));
        String text = s.getString("title") + members.stream().map(m -> m.getString("title") + String.join("", m.getJsonArray("keywords", new JsonArray()).stream().map(String::valueOf).toList())).reduce("", String::concat);
        if (!q.isEmpty() && !text.contains(q)) {
          continue;
        }
        // The package's life stage says what the service is about; else its members'.
        Set<String> stages = new LinkedHashSet<>();
        if (s.getString("fromPackage") != null) {
          index.newest(TemplateRef.parse(s.getString("fromPackage"))).ifPresent(p ->
              p.getJsonArray("stages", new JsonArray()).forEach(st -> stages.add(String.valueOf(st))));
        }
        members.forEach(m -> m.getJsonArray("stages", new JsonArray()).forEach(st -> stages.add(String.valueOf(st))));
        String stage = stages.isEmpty() ? "其他" : stages.iterator().next();
        JsonObject figures = s.getJsonObject("figures", new JsonObject());
        byStage.computeIfAbsent(stage, k -> new ArrayList<>()).add(Map.of(
            "slug", s.getString("slug"), "title", s.getString("title"),
            "matters", members.stream().map(m -> m.getString("title")).toList(),
            "days", figures.getJsonObject("workingDays", new JsonObject()).getInteger("promised", 0),
            "visits", figures.getJsonObject("offlineVisits", new JsonObject()).getInteger("service", 0)));
      }
      List<Map<String, Object>> groups = new ArrayList<>();
      byStage.forEach((stage, items) -> groups.add(Map.of("stage", stage, "services", items)));
      page(ctx, 200, "services.ftlh", Map.of("region", region, "regionName", regionName(region), "q", q,
          "groups", groups, "count", groups.stream().mapToInt(g -> ((List<?>) g.get("services")).size()).sum()));
    }).onFailure(ctx::fail);
  }

  /** 办事成效: each published service's handling time, punctuality, visits and satisfaction; no personal data. */
  private void performance(RoutingContext ctx) {
    String region = ApplicationRoutes.region(ctx);
    stats.services(new ServiceStats.Window(region, null, null), Submissions.today()).onSuccess(list -> {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Object o : list) {
        JsonObject s = (JsonObject) o;
        JsonObject handling = s.getJsonObject("handling");
        JsonObject ratings = s.getJsonObject("ratings");
        Double median = handling.getDouble("medianHours");
        Double onTime = handling.getDouble("onTimeShare");
        Double mean = ratings.getDouble("mean");
        rows.add(Map.of("slug", s.getString("slug"), "title", s.getString("title"),
            "received", s.getJsonObject("applications").getLong("received"),
            "ended", handling.getLong("ended"),
            "medianHours", median == null ? "暂无" : String.format(java.util.Locale.ROOT, "%.1f 小时", median),
            "onTime", onTime == null ? "暂无" : String.format(java.util.Locale.ROOT, "%.1f%%", onTime * 100),
            "visits", s.getInteger("offlineVisits") == null ? 0 : s.getInteger("offlineVisits"),
            "ratingMean", mean == null ? "暂无" : String.format(java.util.Locale.ROOT, "%.2f", mean),
            "ratingCount", ratings.getLong("count")));
      }
      page(ctx, 200, "performance.ftlh", Map.of("region", region, "regionName", regionName(region), "services", rows,
          "asOf", Submissions.today().toString()));
    }).onFailure(ctx::fail);
  }

  private static List<JsonObject> members(CatalogueIndex index, JsonArray refs) {
    List<JsonObject> out = new ArrayList<>();
    if (refs == null) {
      return out;
    }
    for (Object o : refs) {
      JsonObject m = (JsonObject) o;
      index.resolve(TemplateRef.parse(m.getString("template")), m.getString("version")).ifPresent(out::add);
    }
    return out;
  }

  private void guide(RoutingContext ctx) {
    String region = ApplicationRoutes.region(ctx);
    String slug = ApplicationRoutes.slug(ctx);
    api.activeRelease(region, slug).compose(this::guideModel)
        .onSuccess(model -> pageOfPlain(ctx, 200, "guide.ftlh", model)).onFailure(ctx::fail);
  }

  /**
   * The guide's model (already plain maps), kept for a minute per release and title: it is the same
   * for every visitor, and building it needs the members' catalogue entries, which would otherwise be
   * resolved against the whole published catalogue on every view. The published catalogue's texts
   * shown on a guide may so take up to a minute to change.
   */
  private Future<Map<String, Object>> guideModel(ApplicationStore.ActiveRelease release) {
    String key = release.region() + "/" + release.slug() + "/" + release.number() + "/" + release.title();
    CachedGuide cached = guides.get(key);
    long now = System.nanoTime();
    if (cached != null && now - cached.at() < GUIDE_TTL_NANOS) {
      return Future.succeededFuture(cached.model());
    }
    return catalogue.index().map(index -> {
      Map<String, Object> model = plain(guideModel(release, members(index, release.content().getJsonArray("members"))));
      if (guides.size() >= MAX_CACHED_GUIDES) {
        guides.clear();
      }
      guides.put(key, new CachedGuide(Map.copyOf(model), now));
      return model;
    });
  }

  private Map<String, Object> guideModel(ApplicationStore.ActiveRelease release, List<JsonObject> members) {
    JsonObject c = release.content();
    List<Map<String, Object>> matters = new ArrayList<>();
    List<String> conditions = new ArrayList<>();
    List<String> fees = new ArrayList<>();
    for (JsonObject m : members) {
      JsonObject guide = m.getJsonObject("guide", new JsonObject());
      guide.getJsonArray("conditions", new JsonArray()).forEach(x -> conditions.add(String.valueOf(x)));
      JsonObject fee = guide.getJsonObject("fee", new JsonObject());
      if (fee.getBoolean("charged", false)) {
        fees.add(m.getString("title") + "：" + fee.getString("description", "收费"));
      }
      matters.add(Map.of("title", m.getString("title"), "summary", m.getString("summary", ""),
          "department", m.getString("department", ""), "days", guide.getInteger("timeLimitDays", 0)));
    }
    JsonObject figures = c.getJsonObject("figures", new JsonObject());
    Map<String, Object> model = new HashMap<>();
    model.put("region", release.region());
    model.put("regionName", regionName(release.region()));
    model.put("slug", release.slug());
    model.put("title", release.title());
    model.put("release", release.number());
    model.put("matters", matters);
    model.put("conditions", conditions);
    model.put("fees", fees);
    model.put("materials", materialsView(c, new JsonObject(), Map.of(), Map.of()));
    model.put("process", ProcessView.of(c.getJsonObject("process", new JsonObject()), members));
    JsonObject days = figures.getJsonObject("workingDays", new JsonObject());
    model.put("days", days.getInteger("promised", 0));
    model.put("daysSum", days.getInteger("memberSum", 0));
    model.put("visits", figures.getJsonObject("offlineVisits", new JsonObject()).getInteger("service", 0));
    model.put("fields", figures.getJsonObject("fields", new JsonObject()).getMap());
    return model;
  }

  private record CachedGuide(Map<String, Object> model, long at) {}

  // --- login -----------------------------------------------------------------------------------

  private void loginPage(RoutingContext ctx) {
    if (!devMode) {
      page(ctx, 404, "error.ftlh", Map.of("title", "统一身份认证", "message",
          "本环境的统一身份认证由省级政务服务平台提供，请从平台入口登录。"));
      return;
    }
    identities.listUsers().onSuccess(users -> {
      List<Map<String, Object>> citizens = new ArrayList<>();
      for (Caller u : users) {
        if (u.has(Role.CITIZEN)) {
          citizens.add(Map.of("id", u.userId(), "name", u.name()));
        }
      }
      page(ctx, 200, "login.ftlh", Map.of("citizens", citizens, "next", safeNext(ctx.request().getParam("next"))));
    }).onFailure(ctx::fail);
  }

  private void login(RoutingContext ctx) {
    if (!devMode) {
      page(ctx, 404, "error.ftlh", Map.of("title", "统一身份认证", "message", "本环境不提供演示登录。"));
      return;
    }
    String address = ctx.request().remoteAddress() == null ? "-" : ctx.request().remoteAddress().hostAddress();
    long wait = throttle.retryAfterSeconds(address);
    if (wait > 0) {
      ctx.response().putHeader("Retry-After", String.valueOf(wait));
      page(ctx, 429, "error.ftlh", Map.of("title", "登录过于频繁", "message",
          "登录失败次数过多，请在 " + wait + " 秒后再试。"));
      return;
    }
    String user = ctx.request().getFormAttribute("user");
    String next = safeNext(ctx.request().getFormAttribute("next"));
    identities.findActiveUser(user == null ? "" : user).onSuccess(found -> {
      if (found.isEmpty() || !found.get().has(Role.CITIZEN)) {
        throttle.failed(address);
        page(ctx, 400, "error.ftlh", Map.of("title", "无法登录", "message", "请选择一位演示群众身份登录。"));
        return;
      }
      sessions.open(ctx, found.get());
      redirect(ctx, next);
    }).onFailure(ctx::fail);
  }

  private void logout(RoutingContext ctx) {
    sessions.clear(ctx);
    redirect(ctx, "/s/330000");
  }

  /** Only our own pages: never an address elsewhere (no open redirect). */
  static String safeNext(String next) {
    return next != null && next.startsWith("/s/") && !next.startsWith("//") && !next.contains("\\")
        && next.matches("/s/[A-Za-z0-9/_-]*") ? next : "/s/me/applications";
  }

  private static void redirect(RoutingContext ctx, String to) {
    ctx.response().setStatusCode(303).putHeader("Location", to).end();
  }

  /** The signed-in citizen, or a redirect to the login page (null then). */
  private Caller citizen(RoutingContext ctx) {
    Caller caller = Access.callerIfAny(ctx);
    if (caller == null || !caller.has(Role.CITIZEN)) {
      redirect(ctx, "/s/login?next=" + URLEncoder.encode(ctx.request().path(), StandardCharsets.UTF_8));
      return null;
    }
    return caller;
  }

  // --- the form --------------------------------------------------------------------------------

  private void applyPage(RoutingContext ctx) {
    Caller caller = citizen(ctx);
    if (caller == null) {
      return;
    }
    String region = ApplicationRoutes.region(ctx);
    String slug = ApplicationRoutes.slug(ctx);
    // Which release, and who the citizen is, are read together; prefill needs both.
    Future<ApplicationStore.ActiveRelease> active = api.activeRelease(region, slug);
    Future<JsonObject> identity = store.applicant(caller.userId());
    Future.all(active, identity).compose(x -> {
      ApplicationStore.ActiveRelease release = active.result();
      JsonObject applicant = identity.result();
      return api.prefillOnly(applicant, release, new JsonObject()).compose(prefilled -> {
        JsonObject values = prefilled.basis().copy();
        prefilled.values().forEach(e -> values.put(e.getKey(), e.getValue()));
        JsonObject ctxJson = Submissions.ruleContext(region, "online", applicant.getString("idNumber"));
        // The prefill is remembered while the rules run: the page waits for both, not one after the other.
        Future<Void> remembered = api.remember(caller, release, prefilled);
        Future<FormCheck.Result> checked = submissions.checkView(release, values, ctxJson);
        return Future.all(remembered, checked).map(both -> {
          renderForm(ctx, 200, release, values, prefilled.sources(), prefilled.licences(), prefilled.problems(),
              checked.result(), List.of(), new Supplied(new JsonObject(), Map.of()), UUID.randomUUID().toString(), ctxJson,
              false);
          return (Void) null;
        });
      });
    }).onFailure(ctx::fail);
  }

  private void apply(RoutingContext ctx) {
    Caller caller = citizen(ctx);
    if (caller == null) {
      return;
    }
    String region = ApplicationRoutes.region(ctx);
    String slug = ApplicationRoutes.slug(ctx);
    String action = ctx.request().getFormAttribute("action");
    String key = ctx.request().getFormAttribute("submissionKey");
    String submissionKey = key != null && key.matches("[0-9a-f-]{36}") ? key : UUID.randomUUID().toString();
    api.activeRelease(region, slug).compose(release -> {
      JsonObject data = FormValues.from(ctx.request().formAttributes(), release.content().getJsonObject("schema"));
      return uploads(ctx, caller, release.content()).compose(supplied -> store.applicant(caller.userId()).compose(applicant -> {
        JsonObject ctxJson = Submissions.ruleContext(region, "online", applicant.getString("idNumber"));
        if ("prefill".equals(action)) {
          // 带出信息: look up again with what the citizen typed (e.g. the other parent's ID number).
          return api.prefillFor(caller, applicant, release, data).compose(prefilled -> {
            JsonObject values = data.copy();
            prefilled.values().forEach(e -> values.put(e.getKey(), e.getValue()));
            return submissions.check(release.content(), values, ctxJson).map(check -> {
              renderForm(ctx, 200, release, values, prefilled.sources(), prefilled.licences(), prefilled.problems(),
                  check, List.of(), supplied, submissionKey, ctxJson, false);
              return (Void) null;
            });
          });
        }
        Submissions.Request request = new Submissions.Request(region, slug, data, supplied.hashes(), "online");
        // The key belongs to this rendering of the form: a second click, or the back button and
        // another click, shows the application the first one made.
        return store.applicationForKey(caller.userId(), submissionKey).compose(earlier -> earlier.isPresent()
            ? Future.<Submissions.Outcome>succeededFuture(new Submissions.Outcome(earlier.get(), true, List.of(), data))
            : submissions.submit(caller.userId(), submissionKey, request)).compose(outcome -> {
          if (outcome.ok()) {
            redirect(ctx, "/s/me/applications/" + outcome.id() + "?submitted=1");
            return Future.<Void>succeededFuture();
          }
          return store.findPrefill(caller.userId(), release).compose(prefill -> submissions.check(release.content(), data,
              ctxJson).map(check -> {
                JsonObject sources = prefill == null ? new JsonObject() : prefill.getJsonObject("sources");
                JsonObject licences = prefill == null ? new JsonObject() : prefill.getJsonObject("licences");
                JsonObject values = data.copy();
                if (prefill != null) {
                  prefill.getJsonObject("values").forEach(e -> values.put(e.getKey(), e.getValue()));
                }
                renderForm(ctx, 422, release, values, sources, licences, List.of(), check, outcome.errors(),
                    supplied, submissionKey, ctxJson, true);
                return (Void) null;
              }));
        });
      }));
    }).onFailure(ctx::fail);
  }

  /** Files uploaded with the form (stored once per citizen), and those kept from an earlier attempt. */
  private record Supplied(JsonObject hashes, Map<String, String> names) {}

  private Future<Supplied> uploads(RoutingContext ctx, Caller caller, JsonObject release) {
    JsonArray materials = release.getJsonArray("materials", new JsonArray());
    JsonObject hashes = new JsonObject();
    Map<String, String> names = new LinkedHashMap<>();
    List<Future<Void>> stored = new ArrayList<>();
    List<FileUpload> files = ctx.fileUploads();
    for (int i = 0; i < materials.size(); i++) {
      String key = materials.getJsonObject(i).getString("key");
      String kept = ctx.request().getFormAttribute("material-" + i + "-sha256");
      if (kept != null && kept.matches("[0-9a-f]{64}")) {
        hashes.put(key, kept);
        names.put(key, ctx.request().getFormAttribute("material-" + i + "-name"));
      }
      for (FileUpload file : files) {
        if (!file.name().equals("material-" + i) || file.size() == 0) {
          continue;
        }
        int index = i;
        stored.add(vertx.fileSystem().readFile(file.uploadedFileName()).compose(bytes -> {
          String type = Uploads.sniff(bytes).orElse(null);
          if (type == null || bytes.length() > Uploads.MAX_BYTES) {
            names.put(key, "!" + (type == null ? "只接受 PDF、JPEG 或 PNG 文件" : "单个文件不能超过 10 MB"));
            hashes.remove(key);
            return Future.succeededFuture();
          }
          String sha = Uploads.sha256(bytes);
          String filename = Uploads.cleanName(file.fileName());
          return store.upload(caller.userId(), sha, type, bytes, filename).map(x -> {
            hashes.put(key, sha);
            names.put(key, filename == null ? "第 " + (index + 1) + " 项材料" : filename);
            return (Void) null;
          });
        }));
      }
    }
    return Future.all(stored).map(x -> new Supplied(hashes, names));
  }

  private void renderForm(RoutingContext ctx, int status, ApplicationStore.ActiveRelease release, JsonObject values,
      JsonObject sources, JsonObject licences, List<String> problems, FormCheck.Result check, List<FieldError> errors,
      Supplied supplied, String submissionKey, JsonObject ruleContext, boolean showErrors) {
    Map<String, String> uploaded = supplied.names();
    JsonObject c = release.content();
    Map<String, String> fieldErrors = new LinkedHashMap<>();
    List<Map<String, String>> summary = new ArrayList<>();
    Map<String, String> materialErrors = new LinkedHashMap<>();
    for (FieldError e : errors) {
      if (e.pointer().startsWith("/materials/")) {
        String key = e.pointer().substring("/materials/".length()).replace("~1", "/").replace("~0", "~");
        materialErrors.put(key, e.message());
        summary.add(Map.of("anchor", "m-" + materialIndex(c, key), "message", e.message()));
      } else if (e.pointer().isEmpty()) {
        summary.add(Map.of("anchor", "form-top", "message", e.message()));
      } else {
        String key = e.pointer().substring(1).split("/")[0];
        if (fieldErrors.putIfAbsent(key, e.message()) == null) {
          summary.add(Map.of("anchor", "f-" + key, "message", e.message()));
        }
      }
    }
    uploaded.forEach((key, name) -> {
      if (name != null && name.startsWith("!")) {
        materialErrors.put(key, name.substring(1));
        summary.add(Map.of("anchor", "m-" + materialIndex(c, key), "message", name.substring(1)));
      }
    });
    Set<String> process = FormCheck.processFields(c);
    List<Map<String, Object>> sections = new ArrayList<>();
    for (Object s : c.getJsonArray("layout", new JsonArray())) {
      JsonObject section = (JsonObject) s;
      List<Map<String, Object>> fields = new ArrayList<>();
      List<String> produced = new ArrayList<>();
      for (Object f : section.getJsonArray("fields", new JsonArray())) {
        JsonObject field = (JsonObject) f;
        String key = field.getString("key");
        if (process.contains(key)) {
          produced.add(field.getString("label"));
          continue;
        }
        Map<String, Object> view = new HashMap<>();
        view.put("key", key);
        view.put("label", field.getString("label"));
        view.put("help", field.getString("help") == null ? "" : field.getString("help"));
        view.put("widget", field.getString("widget", "text"));
        view.put("options", field.getJsonArray("options", new JsonArray()).getList());
        Object value = values.getValue(key);
        view.put("value", value == null ? "" : String.valueOf(value));
        view.put("checked", Boolean.TRUE.equals(value));
        view.put("required", check.required().contains(key));
        view.put("hidden", check.hidden().contains(key));
        view.put("error", fieldErrors.getOrDefault(key, ""));
        JsonObject source = sources.getJsonObject(key);
        view.put("source", source == null ? "" : source.getString("system", ""));
        view.put("inputType", inputType(c.getJsonObject("schema").getJsonObject("properties").getJsonObject(key)));
        fields.add(view);
      }
      if (!fields.isEmpty() || !produced.isEmpty()) {
        sections.add(Map.of("id", section.getString("id"), "title", section.getString("title"), "fields", fields,
            "produced", produced));
      }
    }

    Map<String, Object> model = new HashMap<>();
    model.put("region", release.region());
    model.put("regionName", regionName(release.region()));
    model.put("slug", release.slug());
    model.put("title", release.title());
    model.put("release", release.number());
    model.put("sections", sections);
    model.put("materials", materialsView(c, licences, uploaded, supplied.hashes(), materialErrors));
    model.put("summary", showErrors ? summary : List.of());
    model.put("problems", problems);
    model.put("submissionKey", submissionKey);
    // {"rules": …, "ctx": …, "calendar": …}: the rules and the calendar encoded once per release.
    model.put("rulesJson", "{\"rules\":" + browserRules(release) + ",\"ctx\":" + ruleContext.encode() + ",\"calendar\":"
        + CALENDAR_JSON + "}");
    model.put("prefilledCount", sources.fieldNames().stream().filter(k -> !k.startsWith("$")).count());
    page(ctx, status, "apply.ftlh", model);
  }

  /** The working calendar as the browser's rules read it, encoded once. */
  private static final String CALENDAR_JSON = new JsonObject(WorkingCalendar.china().json()).encode();

  /**
   * The release's form rules for the browser (kind, target, message and the syntax tree; not
   * {@code eligible}), encoded once per published release, which never changes; a draft's
   * preview (release 0) every time.
   */
  private String browserRules(ApplicationStore.ActiveRelease release) {
    if (release.number() <= 0) {
      return encodeBrowserRules(release.content());
    }
    String key = release.region() + "/" + release.slug() + "/" + release.number();
    String cached = browserRules.get(key);
    if (cached == null) {
      cached = encodeBrowserRules(release.content());
      if (browserRules.size() >= MAX_CACHED_GUIDES) {
        browserRules.clear();
      }
      browserRules.put(key, cached);
    }
    return cached;
  }

  private static String encodeBrowserRules(JsonObject content) {
    JsonArray rules = new JsonArray();
    for (Object r : FormCheck.formRules(content)) {
      JsonObject rule = (JsonObject) r;
      JsonObject ast = RuleChecker.ast(rule.getString("expression"));
      if (ast != null && !"eligible".equals(rule.getString("kind"))) {
        rules.add(new JsonObject().put("kind", rule.getString("kind")).put("target", rule.getString("target"))
            .put("message", rule.getString("message")).put("ast", ast));
      }
    }
    return rules.encode();
  }

  private static int materialIndex(JsonObject release, String key) {
    JsonArray materials = release.getJsonArray("materials", new JsonArray());
    for (int i = 0; i < materials.size(); i++) {
      if (key.equals(materials.getJsonObject(i).getString("key"))) {
        return i;
      }
    }
    return -1;
  }

  private static String inputType(JsonObject property) {
    if (property == null) {
      return "text";
    }
    if ("date".equals(property.getString("format"))) {
      return "date";
    }
    String type = property.getString("type", "string");
    if ("integer".equals(type) || "number".equals(type)) {
      return "number";
    }
    if ("mobile".equals(property.getString("format"))) {
      return "tel";
    }
    return "text";
  }

  static List<Map<String, Object>> materialsView(JsonObject release, JsonObject licences, Map<String, String> uploaded,
      Map<String, String> errors) {
    return materialsView(release, licences, uploaded, new JsonObject(), errors);
  }

  static List<Map<String, Object>> materialsView(JsonObject release, JsonObject licences, Map<String, String> uploaded,
      JsonObject hashes, Map<String, String> errors) {
    List<Map<String, Object>> out = new ArrayList<>();
    JsonArray materials = release.getJsonArray("materials", new JsonArray());
    for (int i = 0; i < materials.size(); i++) {
      JsonObject m = materials.getJsonObject(i);
      String key = m.getString("key");
      Map<String, Object> view = new HashMap<>();
      view.put("index", i);
      view.put("key", key);
      view.put("name", m.getString("name"));
      view.put("required", m.getBoolean("required", false));
      boolean waived = m.getBoolean("waived", false) && m.getString("eLicence") != null;
      view.put("waived", waived);
      JsonObject licence = m.getString("eLicence") == null ? null : licences.getJsonObject(m.getString("eLicence"));
      view.put("licenceNo", licence == null || licence.getString("licenceNo") == null ? "" : licence.getString("licenceNo"));
      view.put("licenceHolder", licence == null || licence.getString("holderName") == null ? "" : licence.getString("holderName"));
      String name = uploaded.get(key);
      boolean kept = name != null && !name.startsWith("!") && hashes.getString(key) != null;
      view.put("uploaded", kept ? name : "");
      view.put("sha", kept ? hashes.getString(key) : "");
      view.put("error", errors.getOrDefault(key, ""));
      out.add(view);
    }
    return out;
  }

  // --- what waits on the applicant -------------------------------------------------------------

  private void sign(RoutingContext ctx) {
    Caller caller = citizen(ctx);
    if (caller == null) {
      return;
    }
    progress.signFor(ctx, caller, null).onSuccess(p -> redirect(ctx, "/s/me/applications/" + ctx.pathParam("id") + "?signed=1"))
        .onFailure(ctx::fail);
  }

  private void pay(RoutingContext ctx) {
    Caller caller = citizen(ctx);
    if (caller == null) {
      return;
    }
    progress.payFor(ctx, caller).onSuccess(order -> redirect(ctx, "/s/me/applications/" + ctx.pathParam("id") + "?ordered=1"))
        .onFailure(ctx::fail);
  }

  private void rate(RoutingContext ctx) {
    Caller caller = citizen(ctx);
    if (caller == null) {
      return;
    }
    String score = ctx.request().getFormAttribute("score");
    JsonObject body = new JsonObject().put("score", score != null && score.matches("[1-5]") ? Integer.parseInt(score) : 0)
        .put("comment", ctx.request().getFormAttribute("comment") == null ? "" : ctx.request().getFormAttribute("comment"));
    JsonArray tags = new JsonArray();
    ctx.request().formAttributes().getAll("tag").forEach(tags::add);
    body.put("tags", tags);
    progress.rateFor(ctx, caller, body).onSuccess(r -> redirect(ctx, "/s/me/applications/" + ctx.pathParam("id") + "?rated=1"))
        .onFailure(ctx::fail);
  }

  // --- receipts ----------------------------------------------------------------------------------

  private void mine(RoutingContext ctx) {
    Caller caller = citizen(ctx);
    if (caller == null) {
      return;
    }
    store.applicationsOf(caller.userId()).onSuccess(list -> page(ctx, 200, "mine.ftlh",
        Map.of("applications", list.getList()))).onFailure(ctx::fail);
  }

  private void receipt(RoutingContext ctx) {
    Caller caller = citizen(ctx);
    if (caller == null) {
      return;
    }
    String id = ctx.pathParam("id");
    if (!APP_ID.matcher(id).matches()) {
      page(ctx, 404, "error.ftlh", Map.of("title", "未找到申请", "message", "没有编号为“" + id + "”的申请。"));
      return;
    }
    store.find(id).compose(found -> {
      if (found.isEmpty() || !caller.userId().equals(found.get().getString("applicant"))) {
        page(ctx, 404, "error.ftlh", Map.of("title", "未找到申请", "message", "没有编号为“" + id + "”的申请。"));
        return Future.<Void>succeededFuture();
      }
      JsonObject app = found.get();
      return store.releaseContent(app.getString("region"), app.getString("service"), app.getInteger("release"))
          .compose(release -> progress.progressOf(id).compose(p -> "1".equals(ctx.request().getParam("ordered"))
              ? progress.payFor(ctx, caller).map(order -> p.put("payUrl", order.getString("payUrl"))
                  .put("payAmount", order.getDouble("amount"))).otherwise(p)
              : Future.succeededFuture(p)).map(p -> {
            List<Map<String, Object>> materials = new ArrayList<>();
            Map<String, String> names = new HashMap<>();
            release.getJsonArray("materials", new JsonArray()).forEach(m -> names.put(((JsonObject) m).getString("key"),
                ((JsonObject) m).getString("name")));
            app.getJsonArray("materials", new JsonArray()).forEach(m -> {
              JsonObject mat = (JsonObject) m;
              materials.add(Map.of("name", names.getOrDefault(mat.getString("key"), mat.getString("key")),
                  "eLicence", mat.getString("eLicence") == null ? "" : mat.getString("eLicence"),
                  "filename", mat.getString("filename") == null ? "" : mat.getString("filename")));
            });
            JsonObject figures = release.getJsonObject("figures", new JsonObject());
            page(ctx, 200, "receipt.ftlh", Map.of("app", app.getMap(), "materials", materials,
                "submitted", "1".equals(ctx.request().getParam("submitted")),
                "days", figures.getJsonObject("workingDays", new JsonObject()).getInteger("promised", 0),
                "prefilled", app.getJsonObject("prefilled", new JsonObject()).size(), "progress", p,
                "rated", "1".equals(ctx.request().getParam("rated"))));
            return (Void) null;
          }));
    }).onFailure(ctx::fail);
  }
}
