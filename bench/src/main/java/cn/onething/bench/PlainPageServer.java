package cn.onething.bench;

import cn.onething.catalogue.CatalogueIndex;
import cn.onething.catalogue.Departments;
import cn.onething.catalogue.TemplateRef;
import cn.onething.rules.RuleChecker;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateExceptionHandler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The page baseline of issue 7: a plain Vert.x {@code HttpServer} whose request handler renders
 * the same {@code guide.ftlh} and {@code apply.ftlh} (from the server's class path, FreeMarker
 * 2.3.35 configured as {@code PageTemplates} is) with a model of the same shape, built per request
 * from the same release and catalogue entries held in memory. What it leaves out is what the
 * server adds around the render: the router, session and CSRF cookies, the database reads, the
 * prefill and its snapshot, the rule check, metrics.
 */
final class PlainPageServer implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final Configuration freemarker = configuration();
  private final JsonObject release;
  private final List<JsonObject> members;
  /** The rules for the browser, encoded once, as the server does. */
  private final String rulesJson;
  private final String title;
  private HttpServer server;

  PlainPageServer(JsonObject release, String title, CatalogueIndex index) {
    this.release = release;
    this.title = title;
    this.members = new ArrayList<>();
    for (Object o : release.getJsonArray("members", new JsonArray())) {
      JsonObject m = (JsonObject) o;
      index.resolve(TemplateRef.parse(m.getString("template")), m.getString("version")).ifPresent(members::add);
    }
    JsonArray rules = new JsonArray();
    for (Object r : release.getJsonArray("rules", new JsonArray())) {
      JsonObject rule = (JsonObject) r;
      JsonObject ast = "route".equals(rule.getString("kind")) ? null : RuleChecker.ast(rule.getString("expression"));
      if (ast != null && !"eligible".equals(rule.getString("kind"))) {
        rules.add(new JsonObject().put("kind", rule.getString("kind")).put("target", rule.getString("target"))
            .put("message", rule.getString("message")).put("ast", ast));
      }
    }
    this.rulesJson = rules.encode();
  }

  int start() {
    server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").await();
    return server.actualPort();
  }

  private void handle(HttpServerRequest request) {
    try {
      boolean apply = request.path().endsWith("/apply");
      Map<String, Object> model = apply ? applyModel() : guideModel();
      model.put("user", apply ? Map.of("id", "citizen-lina", "name", "李娜") : null);
      model.put("csrf", "bench-csrf-token-0123456789abcdef0123456789");
      model.put("path", request.path());
      model.put("devMode", true);
      Template template = freemarker.getTemplate(apply ? "apply.ftlh" : "guide.ftlh");
      StringWriter out = new StringWriter(8192);
      template.process(model, out);
      request.response().putHeader("Content-Type", "text/html; charset=utf-8").end(out.toString());
    } catch (Exception e) {
      request.response().setStatusCode(500).end(String.valueOf(e));
    }
  }

  private Map<String, Object> guideModel() {
    List<Map<String, Object>> matters = new ArrayList<>();
    List<String> conditions = new ArrayList<>();
    List<String> fees = new ArrayList<>();
    Map<String, String> titles = new HashMap<>();
    for (JsonObject m : members) {
      JsonObject guide = m.getJsonObject("guide", new JsonObject());
      guide.getJsonArray("conditions", new JsonArray()).forEach(x -> conditions.add(String.valueOf(x)));
      JsonObject fee = guide.getJsonObject("fee", new JsonObject());
      if (fee.getBoolean("charged", false)) {
        fees.add(m.getString("title") + "：" + fee.getString("description", "收费"));
      }
      matters.add(Map.of("title", m.getString("title"), "summary", m.getString("summary", ""),
          "department", m.getString("department", ""), "days", guide.getInteger("timeLimitDays", 0)));
      titles.put(m.getString("publisher") + "/" + m.getString("slug"), m.getString("title"));
    }
    JsonObject process = release.getJsonObject("process", new JsonObject());
    List<Map<String, Object>> branches = new ArrayList<>();
    JsonArray parallel = process.getJsonArray("startInParallel", new JsonArray());
    for (Object o : process.getJsonArray("branches", new JsonArray())) {
      JsonObject b = (JsonObject) o;
      List<String> after = new ArrayList<>();
      b.getJsonArray("after", new JsonArray()).forEach(a -> after.add(titles.getOrDefault(((JsonObject) a).getString("matter"),
          ((JsonObject) a).getString("matter"))));
      List<String> steps = new ArrayList<>();
      b.getJsonArray("steps", new JsonArray()).forEach(s -> steps.add(((JsonObject) s).getString("name")));
      branches.add(Map.of("title", b.getString("title", b.getString("matter")),
          "department", Departments.name(b.getString("department", "")), "days", b.getInteger("days", 0),
          "after", after, "steps", steps, "atOnce", parallel.contains(b.getString("matter"))));
    }
    JsonObject acceptance = process.getJsonObject("acceptance", new JsonObject());
    JsonObject figures = release.getJsonObject("figures", new JsonObject());
    JsonObject days = figures.getJsonObject("workingDays", new JsonObject());
    Map<String, Object> model = new HashMap<>();
    model.put("region", "330000");
    model.put("regionName", "浙江省");
    model.put("slug", "newborn");
    model.put("title", title);
    model.put("release", 1);
    model.put("matters", matters);
    model.put("conditions", conditions);
    model.put("fees", fees);
    model.put("materials", materials());
    model.put("process", Map.of("acceptance", Map.of("name", acceptance.getString("name", "受理"),
        "department", Departments.name(acceptance.getString("department", ""))), "branches", branches));
    model.put("days", days.getInteger("promised", 0));
    model.put("daysSum", days.getInteger("memberSum", 0));
    model.put("visits", figures.getJsonObject("offlineVisits", new JsonObject()).getInteger("service", 0));
    model.put("fields", figures.getJsonObject("fields", new JsonObject()).getMap());
    return model;
  }

  private Map<String, Object> applyModel() {
    JsonObject values = new JsonObject().put("applicant_person_name", "李娜")
        .put("applicant_person_idNumber", NewbornSubmission.LI_NA);
    JsonObject properties = release.getJsonObject("schema").getJsonObject("properties");
    List<Map<String, Object>> sections = new ArrayList<>();
    for (Object s : release.getJsonArray("layout", new JsonArray())) {
      JsonObject section = (JsonObject) s;
      List<Map<String, Object>> fields = new ArrayList<>();
      List<String> produced = new ArrayList<>();
      for (Object f : section.getJsonArray("fields", new JsonArray())) {
        JsonObject field = (JsonObject) f;
        String key = field.getString("key");
        if ("process".equals(field.getString("origin"))) {
          produced.add(field.getString("label"));
          continue;
        }
        Map<String, Object> view = new HashMap<>();
        view.put("key", key);
        view.put("label", field.getString("label"));
        view.put("help", field.getString("help") == null ? "" : field.getString("help"));
        view.put("widget", field.getString("widget", "text"));
        view.put("options", plain(field.getJsonArray("options", new JsonArray())));
        Object value = values.getValue(key);
        view.put("value", value == null ? "" : String.valueOf(value));
        view.put("checked", Boolean.TRUE.equals(value));
        view.put("required", true);
        view.put("hidden", false);
        view.put("error", "");
        view.put("source", "");
        JsonObject property = properties.getJsonObject(key);
        view.put("inputType", property != null && "date".equals(property.getString("format")) ? "date" : "text");
        fields.add(view);
      }
      sections.add(Map.of("id", section.getString("id"), "title", section.getString("title"), "fields", fields,
          "produced", produced));
    }
    Map<String, Object> model = new HashMap<>();
    model.put("region", "330000");
    model.put("regionName", "浙江省");
    model.put("slug", "newborn");
    model.put("title", title);
    model.put("release", 1);
    model.put("sections", sections);
    model.put("materials", materials());
    model.put("summary", List.of());
    model.put("problems", List.of());
    model.put("submissionKey", UUID.randomUUID().toString());
    model.put("rulesJson", "{\"rules\":" + rulesJson + ",\"ctx\":" + new JsonObject()
        .put("today", java.time.LocalDate.now().toString()).put("region", "330000").put("channel", "online")
        .put("applicant", new JsonObject().put("idNumber", NewbornSubmission.LI_NA)).encode() + "}");
    model.put("prefilledCount", 0L);
    return model;
  }

  private List<Map<String, Object>> materials() {
    List<Map<String, Object>> out = new ArrayList<>();
    JsonArray materials = release.getJsonArray("materials", new JsonArray());
    for (int i = 0; i < materials.size(); i++) {
      JsonObject m = materials.getJsonObject(i);
      Map<String, Object> view = new HashMap<>();
      view.put("index", i);
      view.put("key", m.getString("key"));
      view.put("name", m.getString("name"));
      view.put("required", m.getBoolean("required", false));
      view.put("waived", m.getBoolean("waived", false) && m.getString("eLicence") != null);
      view.put("licenceNo", "");
      view.put("licenceHolder", "");
      view.put("uploaded", "");
      view.put("sha", "");
      view.put("error", "");
      out.add(view);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> plain(JsonArray array) {
    List<Object> out = new ArrayList<>();
    for (Object o : array) {
      out.add(o instanceof JsonObject j ? new LinkedHashMap<>(j.getMap()) : o);
    }
    return out;
  }

  private static Configuration configuration() {
    Configuration config = new Configuration(Configuration.VERSION_2_3_34);
    config.setClassLoaderForTemplateLoading(PlainPageServer.class.getClassLoader(), "pages");
    config.setDefaultEncoding("UTF-8");
    config.setOutputFormat(HTMLOutputFormat.INSTANCE);
    config.setRecognizeStandardFileExtensions(true);
    config.setLocale(Locale.CHINA);
    config.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    config.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    config.setAPIBuiltinEnabled(false);
    config.setNumberFormat("computer");
    return config;
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
