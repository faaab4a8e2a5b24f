package cn.onething.process;

import cn.onething.apply.ApplicationStore;
import cn.onething.apply.Submissions;
import cn.onething.catalogue.Departments;
import cn.onething.http.JsonBodies;
import cn.onething.http.Problem.FieldError;
import cn.onething.http.Problems;
import cn.onething.http.Responses;
import cn.onething.audit.AuditTrail;
import cn.onething.identity.Access;
import cn.onething.privacy.Masking;
import cn.onething.identity.Caller;
import cn.onething.identity.Role;
import cn.onething.signing.ESignature;
import cn.onething.signing.SignatureCheck;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.LocalDate;
import cn.onething.calendar.WorkingCalendar;
import java.util.Set;

/**
 * 工作台 — a clerk's queue (their department, their region and what it encloses, by due date,
 * overdue flagged), claim, release and complete; a task shows only the fields and materials its
 * matter declared, ID and phone numbers masked unless revealed (and every reveal is recorded).
 * The citizen's progress of their own application and its rating (好差评) once it is complete.
 */
public final class TaskRoutes {
  /** Working days a citizen has to supply materials accepted as missing (容缺). */
  static final int GAP_DAYS = 5;
  private static final Set<String> MASKED = Set.of("person.idNumber", "person.mobile", "enterprise.legalRepresentativeIdNumber");

  private final Pool pool;
  private final ProcessEngine engine;
  private final ApplicationStore applications;
  private final Submissions submissions;
  private final ESignature esign;
  private final PaymentDesk payments;

  public TaskRoutes(Pool pool, ProcessEngine engine, ApplicationStore applications, Submissions submissions,
      ESignature esign, PaymentDesk payments) {
    this.esign = esign;
    this.payments = payments;
    this.pool = pool;
    this.engine = engine;
    this.applications = applications;
    this.submissions = submissions;
  }

  public void mount(Router router) {
    router.get("/api/tasks").handler(this::queue);
    router.get("/api/tasks/escalations").handler(this::escalations);
    router.get("/api/tasks/:id").handler(this::task);
    // Who may act comes before what they sent: a clerk of another department or region, or another
    // citizen, hears "no such task/application" whatever the body, never a validation message. (A
    // task action with a valid body is checked inside its transaction: see act.)
    router.post("/api/applications/:id/:action").handler(ctx -> ownApplication(ctx, Access.withRole(ctx, Role.CITIZEN))
        .onSuccess(app -> ctx.next()).onFailure(ctx::fail));
    router.post("/api/tasks/:id/claim").handler(ctx -> act(ctx, "claim"));
    router.post("/api/tasks/:id/release").handler(ctx -> act(ctx, "release"));
    router.post("/api/tasks/:id/complete").handler(ctx -> act(ctx, "complete"));
    router.post("/api/tasks/:id/supplement").handler(ctx -> act(ctx, "supplement"));
    router.post("/api/applications/:id/supplement").handler(this::supplement);
    router.post("/api/applications/:id/sign").handler(this::sign);
    router.post("/api/applications/:id/materials").handler(this::supplyMaterials);
    router.post("/api/applications/:id/pay").handler(this::pay);
    router.post("/api/payments/callback").handler(this::paymentCallback);
    router.get("/api/applications/:id/progress").handler(this::progress);
    router.post("/api/applications/:id/rating").handler(this::rate);
  }

  /** 督办: the department lead's list of the department's overdue tasks in their region. */
  private void escalations(RoutingContext ctx) {
    Caller clerk = Access.withRole(ctx, Role.CLERK);
    pool.preparedQuery(ProcessEngine.SQL.get("isLead")).execute(Tuple.of(clerk.userId())).onSuccess(rows -> {
      if (rows.size() == 0 || !Boolean.TRUE.equals(rows.iterator().next().getBoolean("department_lead"))) {
        ctx.fail(Problems.forbidden("只有科室负责人可以查看超期督办事项"));
        return;
      }
      listQueue(ctx, clerk, true);
    }).onFailure(ctx::fail);
  }

  private void queue(RoutingContext ctx) {
    Caller clerk = Access.withRole(ctx, Role.CLERK);
    listQueue(ctx, clerk, "true".equals(ctx.request().getParam("overdue")));
  }

  private void listQueue(RoutingContext ctx, Caller clerk, boolean overdue) {
    pool.preparedQuery(ProcessEngine.SQL.get("queue")).execute(Tuple.from(new Object[] {clerk.department(), clerk.tenant(),
        clerk.tenantKind().code(), overdue, Submissions.today()})).onSuccess(rows -> {
          JsonArray items = new JsonArray();
          for (Row r : rows) {
            String due = r.getLocalDate("due_date") == null ? null : r.getLocalDate("due_date").toString();
            items.add(new JsonObject().put("id", r.getLong("id")).put("application", r.getString("application_id"))
                .put("service", r.getString("service_title")).put("region", r.getString("region"))
                .put("branch", r.getString("branch")).put("step", r.getString("step_id")).put("name", r.getString("name"))
                .put("type", r.getString("type")).put("status", r.getString("status")).put("assignee", r.getString("assignee"))
                .put("dueDate", due).put("overdue", due != null && Submissions.today().isAfter(r.getLocalDate("due_date")))
                .put("version", r.getInteger("version")));
          }
          Responses.ok(ctx, new JsonObject().put("department", clerk.department())
              .put("departmentName", Departments.name(clerk.department())).put("items", items));
        }).onFailure(ctx::fail);
  }

  /** The step, if this clerk may work on it; otherwise 404, as if it did not exist. */
  /** Where the access check before the handler leaves what it read, so the handler does not read it again. */
  private static final String VISIBLE_STEP = "onething.visibleStep";
  private static final String OWN_APPLICATION = "onething.ownApplication";

  private Future<JsonObject> visibleStep(RoutingContext ctx, Caller clerk) {
    JsonObject known = ctx.get(VISIBLE_STEP);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return readVisibleStep(ctx, clerk).onSuccess(step -> ctx.put(VISIBLE_STEP, step));
  }

  /** A clerk works on the open clerk tasks of their department in the regions they cover. */
  private static boolean visibleTo(Caller clerk, JsonObject step) {
    return step.getString("department").equals(clerk.department()) && clerk.covers(step.getString("region"))
        && !step.getBoolean("automatic") && "clerk".equals(step.getString("waitsOn"));
  }

  private Future<JsonObject> readVisibleStep(RoutingContext ctx, Caller clerk) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      return Future.failedFuture(Problems.notFound("没有这个任务"));
    }
    return pool.preparedQuery(ProcessEngine.SQL.get("stepById")).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(Problems.notFound("没有这个任务"));
      }
      JsonObject step = StepRows.json(rows.iterator().next());
      if (!visibleTo(clerk, step)) {
        return Future.failedFuture(Problems.notFound("没有这个任务"));
      }
      return Future.succeededFuture(step);
    });
  }

  private void task(RoutingContext ctx) {
    Caller clerk = Access.withRole(ctx, Role.CLERK);
    boolean reveal = "true".equals(ctx.request().getParam("reveal"));
    visibleStep(ctx, clerk).compose(step -> engine.application(step.getString("application_id")).compose(application -> {
          Row app = application.row();
          JsonObject release = application.release();
          String matter = step.getString("branch");
          JsonObject data = app.getJsonObject("data");
          JsonArray fields = new JsonArray();
          List<String> revealed = new ArrayList<>();
          release.getJsonObject("provenance", new JsonObject()).forEach(e -> {
            JsonObject p = (JsonObject) e.getValue();
            boolean declared = ProcessDefinition.SHARED.equals(matter) || p.getJsonArray("sources", new JsonArray()).stream()
                .anyMatch(src -> matter.equals(((JsonObject) src).getString("template")));
            if (!declared || !data.containsKey(e.getKey())) {
              return;
            }
            Object value = data.getValue(e.getKey());
            boolean sensitive = p.getString("element") != null && MASKED.contains(p.getString("element"));
            boolean mask = sensitive && !reveal;
            if (sensitive && reveal) {
              revealed.add(e.getKey());
            }
            fields.add(new JsonObject().put("key", e.getKey()).put("label", label(release, e.getKey()))
                .put("value", mask ? Masking.value(String.valueOf(value)) : value).put("masked", mask));
          });
          JsonObject def = engine.definition(application).step(matter, step.getString("step_id"));
          JsonArray outcomes = new JsonArray();
          ProcessDefinition.outcomes(def).forEach(o -> outcomes.add(new JsonObject().put("id", ((JsonObject) o).getString("id"))
              .put("label", ((JsonObject) o).getString("label")).put("result", ((JsonObject) o).getString("result"))));
          JsonObject body = step.copy().put("service", app.getString("service_slug")).put("fields", fields)
              .put("outcomes", outcomes).put("materials", materialsOf(release, matter));
          if (revealed.isEmpty()) {
            return Future.succeededFuture(body);
          }
          AuditTrail.tenant(ctx, step.getString("region"));
          AuditTrail.note(ctx, "application", step.getString("application_id"));
          AuditTrail.note(ctx, "fields", new JsonArray(revealed));
          return pool.preparedQuery(ProcessEngine.SQL.get("insertEvent")).execute(Tuple.of(step.getString("application_id"),
              "data-revealed", clerk.userId(), new JsonObject().put("step", step.getLong("id")).put("fields", new JsonArray(revealed))))
              .map(body);
        }))
        .onSuccess(body -> Responses.ok(ctx, body)).onFailure(ctx::fail);
  }

  private static JsonArray materialsOf(JsonObject release, String matter) {
    JsonArray out = new JsonArray();
    release.getJsonArray("materials", new JsonArray()).forEach(m -> {
      JsonObject material = (JsonObject) m;
      boolean declared = ProcessDefinition.SHARED.equals(matter) || material.getJsonArray("sources", new JsonArray()).stream()
          .anyMatch(s -> matter.equals(((JsonObject) s).getString("template")));
      if (declared) {
        out.add(new JsonObject().put("key", material.getString("key")).put("name", material.getString("name"))
            .put("eLicence", material.getString("eLicence")));
      }
    });
    return out;
  }

  private static String label(JsonObject release, String key) {
    JsonObject p = release.getJsonObject("schema").getJsonObject("properties").getJsonObject(key);
    return p == null ? key : p.getString("title", key);
  }

  private void act(RoutingContext ctx, String action) {
    Caller clerk = Access.withRole(ctx, Role.CLERK);
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw Problems.notFound("没有这个任务");
    }
    JsonObject body;
    List<FieldError> invalid = new ArrayList<>();
    try {
      body = JsonBodies.objectOrEmpty(ctx);
    } catch (RuntimeException notJson) {
      // Not visible: 404 first, whatever was sent.
      visibleStep(ctx, clerk).onSuccess(step -> ctx.fail(notJson)).onFailure(ctx::fail);
      return;
    }
    if (!(body.getValue("version") instanceof Integer)) {
      invalid.add(new FieldError("/version", "请提供任务的版本号 version（打开任务时看到的），以免覆盖他人的办理"));
    }
    String outcome = body.getValue("outcome") instanceof String o ? o : null;
    if ("complete".equals(action) && (outcome == null || outcome.isBlank())) {
      invalid.add(new FieldError("/outcome", "请选择办理结果"));
    }
    if (!invalid.isEmpty()) {
      visibleStep(ctx, clerk).onSuccess(step -> ctx.fail(Problems.invalidInput(invalid.subList(0, 1))))
          .onFailure(ctx::fail);
      return;
    }
    int version = body.getInteger("version");
    String comment = body.getValue("comment") instanceof String c && c.length() <= 1000 ? c : null;
    // One transaction reads the step with its application and checks that this clerk may act on it;
    // the audit entry is written in it too: a decision is never stored without its record.
    engine.act(action, id, version, outcome, comment, clerk.userId(), step -> {
      if (!visibleTo(clerk, step)) {
        throw Problems.notFound("没有这个任务");
      }
      AuditTrail.tenant(ctx, step.getString("region"));
      AuditTrail.note(ctx, "application", step.getString("application_id"));
      AuditTrail.note(ctx, "step", step.getString("step_id"));
      AuditTrail.note(ctx, "department", step.getString("department"));
    }, transaction -> AuditTrail.within(ctx, transaction))
        .onSuccess(t -> Responses.ok(ctx, new JsonObject().put("task", t.step()).put("process", t.processStatus())
            .put("activated", new JsonArray(t.activated())))).onFailure(ctx::fail);
  }

  // --- citizen ---------------------------------------------------------------------------------

  private Future<JsonObject> ownApplication(RoutingContext ctx, Caller citizen) {
    JsonObject known = ctx.get(OWN_APPLICATION);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    String id = ctx.pathParam("id");
    return applications.find(id).compose(found -> found.isEmpty() || !citizen.userId().equals(found.get().getString("applicant"))
        ? Future.<JsonObject>failedFuture(Problems.notFound("没有编号为“" + id + "”的申请"))
        : Future.succeededFuture(found.get())).onSuccess(app -> ctx.put(OWN_APPLICATION, app));
  }

  /** The citizen's view of the process; also what the receipt page shows. */
  public Future<JsonObject> progressOf(String applicationId) {
    Future<ProcessEngine.Application> application = engine.application(applicationId);
    return Future.all(pool.preparedQuery(ProcessEngine.SQL.get("processOf")).execute(Tuple.of(applicationId)),
        pool.preparedQuery(ProcessEngine.SQL.get("stepsOf")).execute(ProcessEngine.ofApplication(applicationId)),
        application,
        pool.preparedQuery(ProcessEngine.SQL.get("missingMaterials")).execute(ProcessEngine.ofApplication(applicationId)))
        .map(all -> {
          io.vertx.sqlclient.RowSet<Row> process = all.resultAt(0);
          io.vertx.sqlclient.RowSet<Row> steps = all.resultAt(1);
          Row app = application.result().row();
          JsonObject release = application.result().release();
          ProcessDefinition def = engine.definition(application.result());
          JsonObject branchStates = process.size() == 0 ? new JsonObject() : process.iterator().next().getJsonObject("branches");
          JsonArray branches = new JsonArray();
          List<JsonObject> stepList = new ArrayList<>();
          steps.forEach(r -> stepList.add(StepRows.json(r)));
          List<String> order = new ArrayList<>();
          order.add(ProcessDefinition.SHARED);
          order.addAll(def.branches().keySet());
          for (String b : order) {
            JsonArray bs = new JsonArray();
            stepList.stream().filter(s -> b.equals(s.getString("branch"))).forEach(s -> bs.add(new JsonObject()
                .put("name", s.getString("name")).put("status", s.getString("status"))
                .put("statusLabel", ProcessEngine.label(s.getString("status")))
                .put("department", Departments.name(s.getString("department"))).put("dueDate", s.getString("dueDate"))
                .put("outcome", s.getString("outcome"))));
            ProcessDefinition.Branch branch = def.branches().get(b);
            branches.add(new JsonObject().put("matter", b)
                .put("title", branch == null ? def.acceptance().getString("name", "受理") : branch.title())
                .put("department", Departments.name(branch == null ? def.acceptance().getString("department", "data")
                    : branch.department()))
                .put("status", branchStates.getString(b, "waiting")).put("steps", bs));
          }
          JsonArray waiting = new JsonArray();
          Map<String, String> materialNames = new java.util.HashMap<>();
          release.getJsonArray("materials", new JsonArray()).forEach(m ->
              materialNames.put(((JsonObject) m).getString("key"), ((JsonObject) m).getString("name")));
          LocalDate gapsDue = WorkingCalendar.china().addWorkingDays(app.getLocalDate("submitted_day"), GAP_DAYS);
          for (Row r : (io.vertx.sqlclient.RowSet<Row>) all.resultAt(3)) {
            waiting.add(new JsonObject().put("what", "补齐材料").put("material", r.getString("material_key"))
                .put("name", materialNames.getOrDefault(r.getString("material_key"), r.getString("material_key")))
                .put("dueDate", gapsDue.toString()));
          }
          stepList.stream().filter(s -> "supplement".equals(s.getString("status"))).forEach(s -> waiting.add(new JsonObject()
              .put("step", s.getString("name")).put("department", Departments.name(s.getString("department")))
              .put("what", "补正").put("comment", s.getString("comment"))));
          stepList.stream().filter(s -> "citizen".equals(s.getString("waitsOn")) && "active".equals(s.getString("status"))
                  && "pay".equals(s.getString("type")))
              .forEach(s -> waiting.add(new JsonObject().put("step", s.getString("name")).put("task", s.getLong("id"))
                  .put("department", Departments.name(s.getString("department"))).put("what", "缴费")
                  .put("amount", amountFor(release, s.getString("branch"), app.getJsonObject("data")))
                  .put("dueDate", s.getString("dueDate"))));
          stepList.stream().filter(s -> "citizen".equals(s.getString("waitsOn")) && "active".equals(s.getString("status"))
                  && "sign".equals(s.getString("type")))
              .forEach(s -> waiting.add(new JsonObject().put("step", s.getString("name")).put("task", s.getLong("id"))
                  .put("department", Departments.name(s.getString("department"))).put("what", "签名")
                  .put("digest", java.util.HexFormat.of().formatHex(documentDigest(app)))));
          return new JsonObject().put("id", applicationId).put("status", app.getString("status"))
              .put("dueDate", app.getLocalDate("due_date") == null ? null : app.getLocalDate("due_date").toString())
              .put("started", process.size() > 0).put("branches", branches).put("waitingOnYou", waiting);
        });
  }

  private void progress(RoutingContext ctx) {
    Caller citizen = Access.withRole(ctx, Role.CITIZEN);
    ownApplication(ctx, citizen).compose(app -> progressOf(app.getString("id")))
        .onSuccess(p -> Responses.ok(ctx, p)).onFailure(ctx::fail);
  }

  /** What an applicant signs: the SM3 digest of the application as stored (number, service, release, data). */
  static byte[] documentDigest(Row app) {
    JsonObject document = new JsonObject().put("application", app.getString("id")).put("service", app.getString("service_slug"))
        .put("release", app.getInteger("release_number")).put("data", app.getJsonObject("data"));
    return SignatureCheck.sm3(cn.onething.catalogue.CanonicalJson.canonical(document).toString()
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** 电子签名: the applicant signs the application; the server checks the signature itself before the step completes. */
  private void sign(RoutingContext ctx) {
    Caller citizen = Access.withRole(ctx, Role.CITIZEN);
    Object task = JsonBodies.objectOrEmpty(ctx).getValue("task");
    if (task != null && !(task instanceof Number)) {
      throw Problems.invalidInput("/task", "要签名的环节（task）应为环节编号");
    }
    signFor(ctx, citizen, task == null ? null : ((Number) task).longValue())
        .onSuccess(p -> Responses.ok(ctx, p)).onFailure(ctx::fail);
  }

  /** The application, the open step of {@code type} that waits on its applicant (or null), and the applicant. */
  private record Waiting(ProcessEngine.Application application, JsonObject step, JsonObject applicant) {}

  private Future<Waiting> applicantStep(JsonObject app, Caller citizen, String type, Long task) {
    return Future.all(engine.application(app.getString("id")),
        pool.preparedQuery(ProcessEngine.SQL.get("stepsOf")).execute(ProcessEngine.ofApplication(app.getString("id"))),
        applications.applicant(citizen.userId())).map(all -> {
          JsonObject step = null;
          for (Row r : (io.vertx.sqlclient.RowSet<Row>) all.resultAt(1)) {
            JsonObject s = StepRows.json(r);
            if ("citizen".equals(s.getString("waitsOn")) && "active".equals(s.getString("status"))
                && type.equals(s.getString("type")) && (task == null || task.equals(s.getLong("id")))) {
              step = s;
            }
          }
          return new Waiting(all.resultAt(0), step, all.resultAt(2));
        });
  }

  /** Signs for the applicant of the application at path parameter {@code id}; answers the progress. */
  public Future<JsonObject> signFor(RoutingContext ctx, Caller citizen, Long task) {
    if (esign == null) {
      throw Problems.unavailable("本环境没有配置电子签章服务");
    }
    return ownApplication(ctx, citizen).compose(app -> applicantStep(app, citizen, "sign", task)
        .compose(waiting -> {
          ProcessEngine.Application application = waiting.application();
          Row row = application.row();
          JsonObject step = waiting.step();
          JsonObject applicant = waiting.applicant();
          if (step == null) {
            return Future.failedFuture(Problems.conflict("这件申请当前没有需要您签名的环节"));
          }
          String idNumber = applicant.getString("idNumber");
          byte[] digest = documentDigest(row);
          JsonObject target = step;
          return esign.sign(idNumber, digest).compose(signed -> {
            if (!signed.verdict().valid()) {
              return Future.failedFuture(cn.onething.http.Problem.of("signature-invalid", "电子签名未通过核验", 422,
                  signed.verdict().reason()).exception());
            }
            JsonObject def = engine.definition(application).step(target.getString("branch"),
                target.getString("step_id"));
            String outcome = ProcessDefinition.outcomes(def).getJsonObject(0).getString("id");
            return pool.preparedQuery(ProcessEngine.SQL.get("insertEvent")).execute(Tuple.of(app.getString("id"), "signed",
                    citizen.userId(), new JsonObject().put("step", target.getLong("id")).put("digest",
                        java.util.HexFormat.of().formatHex(digest)).put("signature", signed.signature())
                        .put("certificate", signed.certificate()).put("certificateSerial", signed.verdict().certificateSerial())
                        .put("signer", signed.verdict().signerName())))
                .compose(x -> engine.complete(target.getLong("id"), target.getInteger("version"), outcome,
                    "申请人已电子签名（证书 " + signed.verdict().certificateSerial() + "）", citizen.userId()));
          });
        }))
        .compose(t -> progressOf(ctx.pathParam("id")));
  }

  /** 容缺受理: the citizen supplies materials accepted as missing (uploads they own); decisions waiting for them go ahead. */
  private void supplyMaterials(RoutingContext ctx) {
    Caller citizen = Access.withRole(ctx, Role.CITIZEN);
    JsonObject body = JsonBodies.object(ctx);
    if (!(body.getValue("materials") instanceof JsonObject supplied) || supplied.isEmpty()) {
      throw Problems.invalidInput("/materials", "请提供要补齐的材料：材料编号 → 已上传文件的 SHA-256");
    }
    ownApplication(ctx, citizen).compose(app -> applications.ownedUploads(citizen.userId(),
        supplied.stream().map(e -> String.valueOf(e.getValue())).toList()).compose(owned -> {
          List<FieldError> errors = new ArrayList<>();
          List<Future<?>> updates = new ArrayList<>();
          supplied.forEach(e -> {
            String sha = String.valueOf(e.getValue());
            if (!owned.contains(sha)) {
              errors.add(new FieldError("/materials/" + e.getKey(), "找不到您上传的这份文件，请重新上传"));
            }
          });
          if (!errors.isEmpty()) {
            return Future.failedFuture(Problems.invalidInput(errors));
          }
          supplied.forEach(e -> updates.add(pool.preparedQuery(ProcessEngine.SQL.get("fillMaterial"))
              .execute(Tuple.of(app.getString("id"), e.getKey(), citizen.userId(), String.valueOf(e.getValue())))));
          return Future.all(updates).compose(x -> engine.materialsSupplied(app.getString("id"), citizen.userId()));
        }))
        .compose(x -> progressOf(ctx.pathParam("id"))).onSuccess(p -> Responses.ok(ctx, p)).onFailure(ctx::fail);
  }

  /** What a pay step asks: the matter's fee, or the deed tax the form carries. */
  static Double amountFor(JsonObject release, String branch, JsonObject data) {
    for (Object b : release.getJsonObject("process", new JsonObject()).getJsonArray("branches", new JsonArray())) {
      JsonObject br = (JsonObject) b;
      if (branch.equals(br.getString("matter")) && br.getValue("fee") instanceof Number fee) {
        return fee.doubleValue();
      }
    }
    for (var e : release.getJsonObject("provenance", new JsonObject())) {
      if ("tax.deedTaxAmount".equals(((JsonObject) e.getValue()).getString("element"))
          && data.getValue(e.getKey()) instanceof Number tax) {
        return tax.doubleValue();
      }
    }
    return null;
  }

  /** 在线支付: an order with the payment platform for the step waiting on the applicant's payment. */
  private void pay(RoutingContext ctx) {
    Caller citizen = Access.withRole(ctx, Role.CITIZEN);
    payFor(ctx, citizen).onSuccess(order -> Responses.ok(ctx, order)).onFailure(ctx::fail);
  }

  /** Orders the payment the application at path parameter {@code id} waits for; answers {orderId, amount, payUrl}. */
  public Future<JsonObject> payFor(RoutingContext ctx, Caller citizen) {
    if (payments == null) {
      throw Problems.unavailable("本环境没有接入统一支付平台");
    }
    return ownApplication(ctx, citizen).compose(app -> applicantStep(app, citizen, "pay", null)
        .compose(waiting -> {
          Row row = waiting.application().row();
          JsonObject step = waiting.step();
          JsonObject applicant = waiting.applicant();
          if (step == null) {
            return Future.failedFuture(Problems.conflict("这件申请当前没有需要缴纳的费用"));
          }
          Double amount = amountFor(waiting.application().release(), step.getString("branch"), row.getJsonObject("data"));
          if (amount == null) {
            return Future.failedFuture(Problems.conflict("无法确定应缴金额，请联系办理部门"));
          }
          String orderId = app.getString("id") + "-S" + step.getLong("id");
          JsonObject target = step;
          return payments.order(orderId, amount, step.getString("name") + "（" + app.getString("title") + "）",
                  applicant.getString("idNumber"))
              .compose(order -> pool.preparedQuery(ProcessEngine.SQL.get("insertEvent")).execute(Tuple.of(app.getString("id"),
                  "payment-ordered", citizen.userId(), new JsonObject().put("step", target.getLong("id")).put("orderId", orderId)
                      .put("amount", amount))).map(x -> new JsonObject().put("orderId", orderId).put("amount", amount)
                  .put("payUrl", order.getString("payUrl")).put("status", order.getString("status"))));
        }));
  }

  /** The payment platform's callback: authentic (HMAC), for our order and amount; completes the step once. */
  private void paymentCallback(RoutingContext ctx) {
    if (payments == null || !payments.authentic(ctx.body().buffer(), ctx.request().getHeader("X-Pay-Signature"))) {
      throw cn.onething.http.Problem.of("callback-unverified", "回调签名无效", 401, "支付回调的签名不符，已拒绝。").exception();
    }
    JsonObject body = JsonBodies.object(ctx);
    String orderId = body.getValue("orderId") instanceof String o ? o : "";
    int at = orderId.lastIndexOf("-S");
    if (at < 0 || !orderId.substring(at + 2).matches("\\d{1,18}")) {
      throw Problems.invalidInput("/orderId", "不是本平台的订单");
    }
    String applicationId = orderId.substring(0, at);
    long stepId = Long.parseLong(orderId.substring(at + 2));
    Future<ProcessEngine.Application> application = engine.application(applicationId)
        .recover(e -> Future.failedFuture(Problems.notFound("没有这个订单")));
    Future.all(pool.preparedQuery(ProcessEngine.SQL.get("stepById")).execute(Tuple.of(stepId)), application)
        .compose(all -> {
          io.vertx.sqlclient.RowSet<Row> steps = all.resultAt(0);
          if (steps.size() == 0) {
            return Future.failedFuture(Problems.notFound("没有这个订单"));
          }
          JsonObject step = StepRows.json(steps.iterator().next());
          Row app = application.result().row();
          JsonObject release = application.result().release();
          if (!applicationId.equals(step.getString("application_id")) || !"pay".equals(step.getString("type"))) {
            return Future.failedFuture(Problems.notFound("没有这个订单"));
          }
          Double expected = amountFor(release, step.getString("branch"), app.getJsonObject("data"));
          double paid = body.getValue("amount") instanceof Number n ? n.doubleValue() : -1;
          if (!"PAID".equals(body.getValue("status")) || expected == null || Math.abs(expected - paid) > 0.001) {
            return Future.failedFuture(Problems.invalidInput("/amount", "订单状态或金额与应缴不符"));
          }
          if (!"active".equals(step.getString("status"))) {
            return Future.succeededFuture();  // a repeated callback: already counted
          }
          JsonObject def = engine.definition(application.result()).step(step.getString("branch"), step.getString("step_id"));
          String outcome = ProcessDefinition.outcomes(def).getJsonObject(0).getString("id");
          return pool.preparedQuery(ProcessEngine.SQL.get("insertEvent")).execute(Tuple.of(applicationId, "paid",
                  "payment-platform", body))
              .compose(x -> engine.complete(stepId, step.getInteger("version"), outcome,
                  "已缴费 " + expected + " 元（订单 " + orderId + "）", "payment-platform"))
              .mapEmpty()
              .recover(e -> e instanceof cn.onething.http.ProblemException p && p.problem().status() == 409
                  ? Future.succeededFuture() : Future.failedFuture(e));
        })
        .onSuccess(x -> Responses.ok(ctx, new JsonObject().put("ok", true))).onFailure(ctx::fail);
  }

  /** 补正: the citizen changes what the department asked for; checked like a submission, then the steps resume. */
  private void supplement(RoutingContext ctx) {
    Caller citizen = Access.withRole(ctx, Role.CITIZEN);
    JsonObject body = JsonBodies.object(ctx);
    if (!(body.getValue("data") instanceof JsonObject changes)) {
      throw Problems.invalidInput("/data", "请以 JSON 对象提交要补正的内容（data）");
    }
    ownApplication(ctx, citizen).compose(app -> {
      if (!"supplement".equals(app.getString("status"))) {
        return Future.failedFuture(Problems.conflict("这件申请当前不需要补正"));
      }
      return engine.application(app.getString("id"))
          .compose(application -> {
            JsonObject data = app.getJsonObject("data").copy();
            changes.forEach(e -> data.put(e.getKey(), e.getValue()));
            return submissions.check(application.release(), data,
                Submissions.ruleContext(app.getString("region"), app.getString("channel"), null)).compose(check -> {
                  if (!check.ok()) {
                    return Future.failedFuture(cn.onething.http.Problem.of("application-invalid", "补正内容需要修改", 422,
                        "补正后仍有 " + check.errors().size() + " 处需要修改，详见 errors。").withErrors(check.errors().stream()
                            .map(e -> new FieldError(e.pointer().isEmpty() ? "" : "/data" + e.pointer(), e.message())).toList())
                        .exception());
                  }
                  return engine.supplemented(app.getString("id"), check.data(), citizen.userId());
                });
          });
    }).compose(x -> progressOf(ctx.pathParam("id"))).onSuccess(p -> Responses.ok(ctx, p)).onFailure(ctx::fail);
  }

  private void rate(RoutingContext ctx) {
    Caller citizen = Access.withRole(ctx, Role.CITIZEN);
    rateFor(ctx, citizen, JsonBodies.object(ctx)).onSuccess(r -> Responses.json(ctx, 201, r)).onFailure(ctx::fail);
  }

  /** Rates the application at path parameter {@code id} once it is complete. */
  public Future<JsonObject> rateFor(RoutingContext ctx, Caller citizen, JsonObject body) {
    List<FieldError> errors = new ArrayList<>();
    if (!(body.getValue("score") instanceof Integer score) || score < 1 || score > 5) {
      errors.add(new FieldError("/score", "请给出 1 到 5 分的评价"));
    }
    JsonArray tags = body.getValue("tags") instanceof JsonArray t ? t : new JsonArray();
    if (tags.size() > 10 || !tags.stream().allMatch(t -> t instanceof String s && s.length() <= 20)) {
      errors.add(new FieldError("/tags", "标签最多 10 个，每个不超过 20 字"));
    }
    if (body.containsKey("comment") && !(body.getValue("comment") instanceof String c && c.length() <= 500)) {
      errors.add(new FieldError("/comment", "评价内容不超过 500 字"));
    }
    if (!errors.isEmpty()) {
      return Future.failedFuture(Problems.invalidInput(errors));
    }
    return ownApplication(ctx, citizen).compose(app -> {
      if (!Set.of("completed", "partly-completed", "rejected").contains(app.getString("status"))) {
        return Future.failedFuture(Problems.conflict("办结后才能评价"));
      }
      return engine.application(app.getString("id"))
          .compose(application -> {
            String[] matters = engine.definition(application).branches().keySet().toArray(String[]::new);
            return pool.preparedQuery(ProcessEngine.SQL.get("insertRating")).execute(Tuple.tuple()
                .addString(app.getString("id")).addString(app.getString("region")).addString(app.getString("service"))
                .addArrayOfString(matters).addInteger(body.getInteger("score"))
                .addArrayOfString(tags.stream().map(String::valueOf).toArray(String[]::new))
                .addString(body.getString("comment")));
          })
          .compose(inserted -> inserted.rowCount() == 0
              ? Future.failedFuture(Problems.conflict("这件申请已经评价过了"))
              : Future.succeededFuture(new JsonObject().put("application", app.getString("id"))
                  .put("score", body.getInteger("score"))));
    });
  }
}
