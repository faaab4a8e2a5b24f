package cn.onething.process;

import cn.onething.apply.ReleaseContents;
import cn.onething.apply.Submissions;
import cn.onething.calendar.WorkingCalendar;
import cn.onething.db.NamedStatements;
import cn.onething.db.Transactions;
import cn.onething.http.Problem;
import cn.onething.http.Problems;
import cn.onething.rules.RuleSandbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * 流程引擎 — runs a release's compiled process on an application, durably: step instances live in
 * PostgreSQL, each transition is one transaction that locks the application's process row, changes
 * one step only if its {@code version} is still the one the caller saw (else 409), activates what
 * follows (parallel branches, joins, orderings between matters, steps a route rule leaves out) and
 * appends an event. A step exists once per application and step, so it advances exactly once.
 * Automatic steps (verification, issuance) become outbox rows for {@link ProcessWorker}.
 */
public final class ProcessEngine {
  static final NamedStatements SQL = NamedStatements.load(ProcessEngine.class, "process.sql");
  static final Set<String> OPEN = Set.of("waiting", "active", "claimed", "supplement");
  static final Set<String> ENDED = Set.of("done", "skipped", "rejected", "cancelled");

  private final Pool pool;
  private final RuleSandbox sandbox;
  private final WorkerExecutor rules;
  private final WorkingCalendar calendar = WorkingCalendar.china();
  /**
   * Parsed processes by release (region/slug/number): a release never changes once published, and
   * reading and parsing its content (about 70 KB of JSON for 新生儿出生一件事) was most of a transition's cost.
   */
  private final Map<String, ProcessDefinition> definitions = new ConcurrentHashMap<>();
  private final ReleaseContents releases;

  /** Whether signing and paying steps go to the applicant (the e-signature service and payment platform are there). */
  private final boolean citizenSigns;

  public ProcessEngine(Vertx vertx, Pool pool, RuleSandbox sandbox, boolean citizenSigns) {
    this.citizenSigns = citizenSigns;
    this.releases = new ReleaseContents(pool);
    this.pool = pool;
    this.sandbox = sandbox;
    this.rules = vertx.createSharedWorkerExecutor("onething-rules", 2);
  }

  /** Published releases' contents, read once each; shared with the submission path. */
  public ReleaseContents releases() {
    return releases;
  }

  /** An application as the process sees it: its row ({@code applicationForProcess}) and its release's content (shared: read-only). */
  public record Application(Row row, JsonObject release) {}

  /** The application {@code id} with its release's content; a 404 problem when there is no such application. */
  public Future<Application> application(String id) {
    return pool.preparedQuery(SQL.get("applicationForProcess")).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(Problems.notFound("没有申请 " + id));
      }
      Row row = rows.iterator().next();
      return releases.get(row.getString("region"), row.getString("service_slug"), row.getInteger("release_number"))
          .map(content -> new Application(row, content));
    });
  }

  /** The process of the application's release, parsed once per release. */
  ProcessDefinition definition(Application app) {
    return definitions.computeIfAbsent(releaseKey(app.row()), k -> ProcessDefinition.of(app.release()));
  }

  private static String releaseKey(Row app) {
    return releaseKey(app.getString("region"), app.getString("service_slug"), app.getInteger("release_number"));
  }

  private static String releaseKey(String region, String slug, int release) {
    return region + "/" + slug + "/" + release;
  }

  // --- start -----------------------------------------------------------------------------------

  /** Starts the process of a stored application; a second start does nothing. */
  public Future<Void> start(String applicationId) {
    return application(applicationId).compose(application -> {
      Row app = application.row();
      JsonObject release = application.release();
      return skippedSteps(release, app).compose(skipped -> Transactions.run(pool, conn -> {
        ProcessDefinition def = definition(application);
        JsonObject branches = new JsonObject().put(ProcessDefinition.SHARED, "running");
        def.branches().keySet().forEach(m -> branches.put(m, "waiting"));
        return conn.preparedQuery(SQL.get("insertProcess")).execute(Tuple.of(applicationId, branches, skipped))
            .compose(inserted -> {
              if (inserted.rowCount() == 0) {
                return Future.succeededFuture();
              }
              JsonObject accept = def.step(ProcessDefinition.SHARED, null);
              LocalDate today = Submissions.today();
              int promised = release.getJsonObject("figures", new JsonObject()).getJsonObject("workingDays", new JsonObject())
                  .getInteger("promised", 0);
              LocalDate due = calendar.addWorkingDays(app.getLocalDate("submitted_day"), promised);
              return conn.preparedQuery(SQL.get("insertStep")).execute(Tuple.from(new Object[] {applicationId,
                      app.getString("region"), ProcessDefinition.SHARED, accept.getString("id"), accept.getString("name"),
                      "accept", accept.getString("department", "data"), "active", false,
                      calendar.addWorkingDays(today, accept.getInteger("timeLimitDays", 0))}))
                  .compose(x -> conn.preparedQuery(SQL.get("setApplicationStatus"))
                      .execute(Tuple.of(applicationId, "accepting", due, null)))
                  .compose(x -> event(conn, applicationId, "process-started", "system",
                      new JsonObject().put("due", due.toString()).put("skipped", skipped)));
            });
      }));
    });
  }

  /** The steps route rules leave out for this application ({@code matter#step}). */
  private Future<JsonArray> skippedSteps(JsonObject release, Row app) {
    Map<String, String> routes = new LinkedHashMap<>();
    for (Object o : release.getJsonArray("rules", new JsonArray())) {
      JsonObject rule = (JsonObject) o;
      if ("route".equals(rule.getString("kind"))) {
        routes.put(rule.getString("target"), rule.getString("expression"));
      }
    }
    if (routes.isEmpty()) {
      return Future.succeededFuture(new JsonArray());
    }
    JsonObject data = app.getJsonObject("data");
    JsonObject form = new JsonObject();
    release.getJsonObject("schema").getJsonObject("properties").fieldNames().forEach(k -> form.put(k, data.getValue(k)));
    JsonObject ctx = Submissions.ruleContext(app.getString("region"), "online", null);
    return rules.executeBlocking(() -> {
      Map<String, RuleSandbox.Outcome> outcomes = sandbox.evaluate(routes, form, ctx);
      JsonArray skipped = new JsonArray();
      // A rule that cannot run leaves its step in: a clerk can always decide, skipping cannot be undone.
      outcomes.forEach((target, outcome) -> {
        if (!outcome.failed() && !outcome.value()) {
          skipped.add(target);
        }
      });
      return skipped;
    }, false);
  }

  // --- transitions -------------------------------------------------------------------------------

  /** What a transition did, for the caller and the tests. */
  public record Transition(JsonObject step, List<Long> activated, List<Long> automatic, String processStatus) {}

  /** What a workbench action writes besides the process, in the same transaction (its audit entry). */
  public interface Alongside {
    Alongside NOTHING = transaction -> Future.succeededFuture();

    Future<Void> write(SqlConnection transaction);
  }

  public Future<Transition> claim(long stepId, int version, String actor) {
    return change(stepId, version, actor, claiming(actor));
  }

  public Future<Transition> release(long stepId, int version, String actor) {
    return change(stepId, version, actor, releasing(actor));
  }

  /**
   * 补正: sends the application back to the citizen with what to change; the step waits (its time
   * limit paused in spirit: a new due date is set when the citizen resubmits).
   */
  public Future<Transition> requestSupplement(long stepId, int version, String comment, String actor) {
    return change(stepId, version, actor, supplementing(comment, actor));
  }

  /**
   * 工作台办理: a clerk's claim, release, supplement request or completion ({@code action}) of a
   * step they have just read, so its application is known (one query fewer); {@code alongside} is
   * written in the same transaction, so the act and its record commit together.
   */
  public Future<Transition> act(String action, long stepId, int version, String outcome, String comment, String actor,
      Consumer<JsonObject> admit, Alongside alongside) {
    Change change = switch (action) {
      case "claim" -> claiming(actor);
      case "release" -> releasing(actor);
      case "supplement" -> supplementing(comment, actor);
      case "complete" -> completion(outcome, comment, actor);
      default -> throw new IllegalArgumentException(action);
    };
    return change(ofStep(stepId), stepId, version, admit, change, alongside);
  }

  private static Change claiming(String actor) {
    return (tx, step) -> {
      if (!"active".equals(step.getString("status"))) {
        throw Problems.conflict("该任务当前状态为“" + label(step.getString("status")) + "”，不能认领");
      }
      return tx.transition(step, "claimed", null, null, actor, null);
    };
  }

  private static Change releasing(String actor) {
    return (tx, step) -> {
      if (!"claimed".equals(step.getString("status")) || !actor.equals(step.getString("assignee"))) {
        throw Problems.conflict("只能退回自己认领的任务");
      }
      return tx.transition(step, "active", null, null, null, null);
    };
  }

  private static Change supplementing(String comment, String actor) {
    return (tx, step) -> {
      String status = step.getString("status");
      if (!"active".equals(status) && !"claimed".equals(status)) {
        throw Problems.conflict("该任务已经“" + label(status) + "”，不能要求补正");
      }
      if (comment == null || comment.isBlank()) {
        throw Problems.invalidInput("/comment", "请写明需要申请人补正的内容");
      }
      return tx.transition(step, "supplement", "supplement", comment, actor, null)
          .compose(s -> tx.event("supplement-requested", actor, new JsonObject().put("step", s.getLong("id"))
              .put("comment", comment)).map(s));
    };
  }

  /** An unpaid order past its day: the step's refusing outcome, if it has one. */
  public Future<Transition> expireUnpaid(long stepId, int version) {
    return change(stepId, version, "system", (tx, step) -> {
      JsonObject def = tx.def.step(step.getString("branch"), step.getString("step_id"));
      for (Object o : ProcessDefinition.outcomes(def)) {
        JsonObject outcome = (JsonObject) o;
        if ("rejected".equals(outcome.getString("result"))) {
          return tx.transition(step, "rejected", outcome.getString("id"), "逾期未缴费，订单已失效", "system", null)
              .compose(done -> tx.event("payment-expired", "system", new JsonObject().put("step", stepId)).map(done))
              .compose(done -> tx.after(done, outcome, true));
        }
      }
      return Future.succeededFuture(step);
    });
  }

  /** The citizen supplied missing materials (容缺): decisions that waited for them may go ahead. */
  public Future<Void> materialsSupplied(String applicationId, String actor) {
    return pool.withTransaction(conn -> openTx(conn, applicationId).compose(tx -> {
      Future<Void> chain = tx.event("materials-supplied", actor, new JsonObject());
      for (String branch : tx.def.branches().keySet()) {
        if ("running".equals(tx.branches.getString(branch))) {
          chain = chain.compose(x -> tx.resolveBranch(branch));
        }
      }
      return chain.compose(x -> tx.finish()).mapEmpty();
    }));
  }

  /** The citizen resubmitted: the steps that asked for it are open again, due anew. */
  public Future<Void> supplemented(String applicationId, JsonObject data, String actor) {
    return pool.withTransaction(conn -> openTx(conn, applicationId).compose(tx -> {
      Future<Void> chain = conn.preparedQuery(SQL.get("updateApplicationData")).execute(Tuple.of(applicationId, data)).mapEmpty();
      for (JsonObject step : tx.steps.values()) {
        if ("supplement".equals(step.getString("status"))) {
          JsonObject def = tx.def.step(step.getString("branch"), step.getString("step_id"));
          LocalDate due = calendar.addWorkingDays(Submissions.today(), def == null ? 0 : def.getInteger("timeLimitDays", 0));
          chain = chain.compose(x -> tx.transition(step, "active", null, "申请人已补正", null, due).mapEmpty());
        }
      }
      return chain.compose(x -> tx.event("supplemented", actor, new JsonObject())).compose(x -> tx.finish()).mapEmpty();
    }));
  }

  /**
   * Completes a step with one of its outcomes. A clerk may complete a task that is open or that
   * they claimed; the system completes automatic steps.
   */
  public Future<Transition> complete(long stepId, int version, String outcomeId, String comment, String actor) {
    return change(stepId, version, actor, completion(outcomeId, comment, actor));
  }

  private Change completion(String outcomeId, String comment, String actor) {
    return (ctx, step) -> {
      String status = step.getString("status");
      if (!"active".equals(status) && !"claimed".equals(status)) {
        throw Problems.conflict("该任务已经“" + label(status) + "”，不能再办理");
      }
      if ("claimed".equals(status) && !actor.equals(step.getString("assignee")) && !"system".equals(actor)) {
        throw Problems.conflict("该任务已由他人认领");
      }
      JsonObject def = ctx.def.step(step.getString("branch"), step.getString("step_id"));
      JsonObject outcome = null;
      for (Object o : ProcessDefinition.outcomes(def)) {
        if (((JsonObject) o).getString("id").equals(outcomeId)) {
          outcome = (JsonObject) o;
        }
      }
      if (outcome == null) {
        throw Problems.invalidInput("/outcome", "该环节没有“" + outcomeId + "”这个办理结果，可选："
            + String.join("、", ProcessDefinition.outcomes(def).stream().map(o -> ((JsonObject) o).getString("id")).toList()));
      }
      boolean rejected = "rejected".equals(outcome.getString("result"));
      JsonObject chosen = outcome;
      // The step and its event go out together: if the step turns out stale, the transaction rolls both back.
      Future<JsonObject> transitioned = ctx.transition(step, rejected ? "rejected" : "done", outcomeId, comment, actor, null);
      Future<Void> recorded = ctx.event("step-completed", actor, new JsonObject().put("step", step.getLong("id"))
          .put("branch", step.getString("branch")).put("stepId", step.getString("step_id"))
          .put("outcome", outcomeId).put("comment", comment));
      return Future.all(transitioned, recorded).compose(x -> ctx.after(transitioned.result(), chosen, rejected));
    };
  }

  private interface Change {
    Future<JsonObject> apply(Tx tx, JsonObject step);
  }

  private Future<Transition> change(long stepId, int version, String actor, Change change) {
    return pool.preparedQuery(SQL.get("stepById")).execute(Tuple.of(stepId)).compose(found -> {
      if (found.size() == 0) {
        return Future.failedFuture(Problems.notFound("没有这个任务"));
      }
      return change(ofApplication(found.iterator().next().getString("application_id")), stepId, version, step -> {},
          change, Alongside.NOTHING);
    });
  }

  /**
   * A change of step {@code stepId} of the application {@code target} names (its id, or the step's):
   * {@code admit} sees the step first and may refuse it (throw a problem), then its version is checked.
   */
  private Future<Transition> change(Tuple target, long stepId, int version, Consumer<JsonObject> admit, Change change,
      Alongside alongside) {
    return Transactions.run(pool, conn -> openTx(conn, target).compose(tx -> {
      JsonObject step = tx.steps.get(stepId);
      if (step == null) {
        return Future.failedFuture(Problems.notFound("没有这个任务"));
      }
      try {
        admit.accept(step);
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
      if (step.getInteger("version") != version) {
        return Future.failedFuture(Problem.of("stale-version", "任务已被更新", 409,
            "任务在您打开后已有变化（版本 " + version + " → " + step.getInteger("version") + "），请刷新后再办理。").exception());
      }
      Future<JsonObject> changed;
      try {
        changed = change.apply(tx, step);
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
      return changed.compose(result -> tx.finish(alongside).map(status -> new Transition(result, tx.activated, tx.automatic,
          status)));
    }));
  }

  static String label(String status) {
    return switch (status) {
      case "waiting" -> "等待前序环节";
      case "active" -> "待办";
      case "claimed" -> "办理中";
      case "supplement" -> "待申请人补正";
      case "done" -> "已办结";
      case "skipped" -> "无需办理";
      case "rejected" -> "不予办理";
      case "cancelled" -> "已取消";
      default -> status;
    };
  }

  /**
   * Locks the process and reads what a transition needs. The two statements go out at once
   * (pipelined on the connection: one round trip); PostgreSQL runs them in order, so the read (the
   * application, its missing materials and its steps, in one statement: each statement costs
   * PostgreSQL's CPU, shared with everything else) starts after the lock is held and sees
   * everything committed before it.
   */
  private Future<Tx> openTx(SqlConnection conn, String applicationId) {
    return openTx(conn, ofApplication(applicationId));
  }

  /** The parameters of the statements a transition starts with: the application, or a step of it. */
  static Tuple ofApplication(String applicationId) {
    return Tuple.tuple().addString(applicationId).addLong(null);
  }

  static Tuple ofStep(long stepId) {
    return Tuple.tuple().addString(null).addLong(stepId);
  }

  private Future<Tx> openTx(SqlConnection conn, Tuple id) {
    Future<RowSet<Row>> locked = conn.preparedQuery(SQL.get("lockProcess")).execute(id);
    Future<RowSet<Row>> view = conn.preparedQuery(SQL.get("transitionView")).execute(id);
    return Future.all(locked, view).compose(all -> {
      if (locked.result().size() == 0) {
        // Named by a step that does not exist, or an application whose process has not started.
        return Future.failedFuture(id.getValue(0) == null ? Problems.notFound("没有这个任务")
            : Problems.conflict("申请尚未开始办理"));
      }
      Row process = locked.result().iterator().next();
      String applicationId = process.getString("application_id");
      Row app = view.result().iterator().next();
      Set<String> skipped = new java.util.HashSet<>();
      process.getJsonArray("skipped").forEach(s -> skipped.add((String) s));
      return definition(app.getString("app_region"), app.getString("service_slug"), app.getInteger("release_number"))
          .map(def -> {
            Tx tx = new Tx(conn, applicationId, def, process.getJsonObject("branches"), skipped,
                process.getInteger("version"), app.getString("app_region"), app.getString("app_status"),
                def.mattersNeeding(List.of(app.getArrayOfStrings("missing"))));
            view.result().forEach(r -> {
              if (r.getLong("id") != null) {
                tx.steps.put(r.getLong("id"), StepRows.json(r));
              }
            });
            return tx;
          });
    });
  }

  private Future<ProcessDefinition> definition(String region, String slug, int release) {
    String key = releaseKey(region, slug, release);
    ProcessDefinition cached = definitions.get(key);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return releases.get(region, slug, release).map(content -> definitions.computeIfAbsent(key, k -> ProcessDefinition.of(content)));
  }

  /** One transition's view of the application: its locked process row and all its steps. */
  private final class Tx {
    final SqlConnection conn;
    final String applicationId;
    final ProcessDefinition def;
    final JsonObject branches;
    final Set<String> skipped;
    final int processVersion;
    final String region;
    /** Matters with a material still missing (容缺): their decision waits for it. */
    final Set<String> gaps;
    /** The application's status as this transaction read it. */
    final String storedApplicationStatus;
    final Map<Long, JsonObject> steps = new LinkedHashMap<>();
    final List<Long> activated = new ArrayList<>();
    final List<Long> automatic = new ArrayList<>();

    private Tx(SqlConnection conn, String applicationId, ProcessDefinition def, JsonObject branches, Set<String> skipped,
        int processVersion, String region, String applicationStatus, Set<String> gaps) {
      this.gaps = gaps;
      this.conn = conn;
      this.applicationId = applicationId;
      this.def = def;
      this.branches = branches;
      this.skipped = skipped;
      this.processVersion = processVersion;
      this.region = region;
      this.storedApplicationStatus = applicationStatus;
    }

    Future<JsonObject> transition(JsonObject step, String status, String outcome, String comment, String assignee,
        LocalDate due) {
      return conn.preparedQuery(SQL.get("transitionStep")).execute(Tuple.from(new Object[] {step.getLong("id"),
          step.getInteger("version"), status, outcome, comment, assignee, due})).compose(rows -> {
            if (rows.size() == 0) {
              return Future.failedFuture(Problem.of("stale-version", "任务已被更新", 409, "任务已被他人办理，请刷新后再看。").exception());
            }
            step.put("status", status).put("outcome", outcome).put("comment", comment).put("assignee", assignee)
                .put("version", rows.iterator().next().getInteger("version"));
            if (due != null) {
              step.put("dueDate", due.toString());
            }
            return Future.succeededFuture(step);
          });
    }

    Future<Void> event(String type, String actor, JsonObject payload) {
      return ProcessEngine.event(conn, applicationId, type, actor, payload);
    }

    /** What follows a completed step: the outcome's next steps, the branch's end, the process's end. */
    Future<JsonObject> after(JsonObject done, JsonObject outcome, boolean rejected) {
      String branch = done.getString("branch");
      if (ProcessDefinition.SHARED.equals(branch)) {
        branches.put(ProcessDefinition.SHARED, rejected ? "rejected" : "done");
        if (rejected) {
          def.branches().keySet().forEach(m -> branches.put(m, "cancelled"));
          return Future.succeededFuture(done);
        }
        return startReadyBranches().map(done);
      }
      if (rejected) {
        branches.put(branch, "rejected");
        return cancelOpen(branch).compose(x -> cancelDependents(branch)).map(done);
      }
      Future<Void> chain = Future.succeededFuture();
      ProcessDefinition.Branch b = def.branches().get(branch);
      if (b != null && b.commitment() && "decide".equals(done.getString("type"))) {
        // 告知承诺: approved on the applicant's commitment now, checked afterwards within its time limit.
        chain = chain.compose(x -> create(branch, ProcessDefinition.COMMITMENT_CHECK))
            .compose(x -> event("commitment-accepted", "system", new JsonObject().put("branch", branch)));
      }
      for (Object n : outcome.getJsonArray("next", new JsonArray())) {
        chain = chain.compose(x -> create(branch, (String) n));
      }
      return chain.compose(x -> resolve(branch)).map(done);
    }

    private Future<Void> startReadyBranches() {
      Future<Void> chain = Future.succeededFuture();
      for (ProcessDefinition.Branch b : def.branches().values()) {
        if ("waiting".equals(branches.getString(b.matter()))
            && b.after().stream().allMatch(m -> "done".equals(branches.getString(m)))) {
          branches.put(b.matter(), "running");
          for (String entry : b.entries()) {
            chain = chain.compose(x -> create(b.matter(), entry));
          }
          chain = chain.compose(x -> resolve(b.matter()));
        }
      }
      return chain;
    }

    /**
     * A step instance, unless it exists: skipped when a route rule leaves it out, active at once when
     * what precedes it has ended (one statement, not an insert and then an activation), otherwise waiting.
     */
    private Future<Void> create(String branch, String stepId) {
      if (find(branch, stepId) != null) {
        return Future.succeededFuture();
      }
      JsonObject def = this.def.step(branch, stepId);
      if (def == null) {
        return Future.succeededFuture();
      }
      boolean skip = skipped.contains(branch + "#" + stepId);
      // Only when every predecessor exists and has ended: one not made yet may still be on its way in this transition.
      boolean ready = !skip && ready(branch, stepId, def.getString("type"), false);
      String status = skip ? "skipped" : ready ? "active" : "waiting";
      LocalDate due = ready ? dueOf(def) : null;
      boolean auto = ready && automatic(branch, def);
      return conn.preparedQuery(SQL.get("insertStep")).execute(Tuple.from(new Object[] {applicationId, region, branch,
          stepId, def.getString("name"), def.getString("type"), def.getString("department"), status, auto, due}))
          .compose(rows -> {
            if (rows.size() == 0) {
              return Future.succeededFuture();
            }
            long id = rows.iterator().next().getLong("id");
            JsonObject step = new JsonObject().put("id", id).put("branch", branch).put("step_id", stepId)
                .put("status", status).put("version", 0).put("type", def.getString("type"))
                .put("department", def.getString("department")).put("name", def.getString("name"));
            if (due != null) {
              step.put("dueDate", due.toString());
            }
            steps.put(id, step);
            if (ready) {
              return activated(branch, def, step, auto);
            }
            if (!skip) {
              return Future.succeededFuture();
            }
            // Left out by a route rule: as if its first outcome happened.
            JsonObject first = ProcessDefinition.outcomes(def).getJsonObject(0);
            Future<Void> chain = event("step-skipped", "system", new JsonObject().put("branch", branch).put("stepId", stepId));
            for (Object n : first.getJsonArray("next", new JsonArray())) {
              chain = chain.compose(x -> create(branch, (String) n));
            }
            return chain;
          });
    }

    /**
     * Whether a step may be open now: every predecessor has ended (one that was never made, on a path
     * not taken, counts as ended when {@code absentEnded}), and a decision waits for missing materials.
     */
    private boolean ready(String branch, String stepId, String type, boolean absentEnded) {
      return def.branches().get(branch).predecessors(stepId).stream().map(p -> find(branch, p))
          .allMatch(p -> p == null ? absentEnded : ENDED.contains(p.getString("status")))
          && !("decide".equals(type) && gaps.contains(branch));
    }

    private LocalDate dueOf(JsonObject def) {
      return calendar.addWorkingDays(Submissions.today(), def.getInteger("timeLimitDays", 0));
    }

    Future<Void> resolveBranch(String branch) {
      return resolve(branch);
    }

    /** Activates the branch's waiting steps whose predecessors are all finished; ends the branch when nothing is open. */
    private Future<Void> resolve(String branch) {
      Future<Void> chain = Future.succeededFuture();
      for (JsonObject step : new ArrayList<>(steps.values())) {
        if (branch.equals(step.getString("branch")) && "waiting".equals(step.getString("status"))
            && ready(branch, step.getString("step_id"), step.getString("type"), true)) {
          chain = chain.compose(x -> activate(branch, step));
        }
      }
      return chain.compose(x -> {
        boolean open = steps.values().stream().anyMatch(s -> branch.equals(s.getString("branch"))
            && OPEN.contains(s.getString("status")) && !ProcessDefinition.COMMITMENT_CHECK.equals(s.getString("step_id")));
        if (!open && "running".equals(branches.getString(branch))) {
          branches.put(branch, "done");
          return event("branch-completed", "system", new JsonObject().put("branch", branch))
              .compose(y -> startReadyBranches());
        }
        return Future.succeededFuture();
      });
    }

    private Future<Void> activate(String branch, JsonObject step) {
      JsonObject def = this.def.step(branch, step.getString("step_id"));
      boolean auto = automatic(branch, def);
      return transition(step, "active", null, null, null, dueOf(def)).compose(s -> {
        if (!auto) {
          return activated(branch, def, s, false);
        }
        return conn.query("UPDATE step_instance SET automatic = true WHERE id = " + s.getLong("id")).execute()
            .compose(x -> activated(branch, def, s, true));
      });
    }

    /** Signing and paying are the applicant's turn (when the e-signature service and payment platform are there). */
    private boolean citizensTurn(JsonObject def) {
      return citizenSigns && ("sign".equals(def.getString("type")) || "pay".equals(def.getString("type")));
    }

    /** A step a department system does (verification, issuance through a binding), unless it is the applicant's turn. */
    private boolean automatic(String branch, JsonObject def) {
      return !citizensTurn(def) && !this.def.automaticUses(branch, def).isEmpty();
    }

    /** What follows a step's opening: the applicant's turn (sign, pay), or the department system's call (outbox). */
    private Future<Void> activated(String branch, JsonObject def, JsonObject s, boolean auto) {
      activated.add(s.getLong("id"));
      if (citizensTurn(def)) {
        s.put("waitsOn", "citizen");
        return conn.preparedQuery(SQL.get("waitOnCitizen")).execute(Tuple.of(s.getLong("id")))
            .compose(x -> event("waiting-on-applicant", "system", new JsonObject().put("step", s.getLong("id"))
                .put("what", def.getString("type"))));
      }
      if (!auto) {
        return Future.succeededFuture();
      }
      automatic.add(s.getLong("id"));
      return conn.preparedQuery(SQL.get("insertOutbox")).execute(Tuple.of(applicationId, s.getLong("id"),
          applicationId + ":" + branch + "#" + s.getString("step_id"))).mapEmpty();
    }

    private Future<Void> cancelOpen(String branch) {
      Future<Void> chain = Future.succeededFuture();
      for (JsonObject s : steps.values()) {
        if (branch.equals(s.getString("branch")) && OPEN.contains(s.getString("status"))) {
          chain = chain.compose(x -> transition(s, "cancelled", null, "同一事项已不予办理", null, null).mapEmpty());
        }
      }
      return chain;
    }

    /** Branches that wait for a rejected one can never start. */
    private Future<Void> cancelDependents(String rejected) {
      for (ProcessDefinition.Branch b : def.branches().values()) {
        if (b.after().contains(rejected) && "waiting".equals(branches.getString(b.matter()))) {
          branches.put(b.matter(), "cancelled");
          return cancelDependents(b.matter()).compose(x -> cancelDependents(rejected));
        }
      }
      return Future.succeededFuture();
    }

    private JsonObject find(String branch, String stepId) {
      for (JsonObject s : steps.values()) {
        if (branch.equals(s.getString("branch")) && stepId.equals(s.getString("step_id"))) {
          return s;
        }
      }
      return null;
    }

    /** Stores the branches' states and, when every branch has ended, ends the process and the application. */
    Future<String> finish() {
      return finish(Alongside.NOTHING);
    }

    Future<String> finish(Alongside alongside) {
      boolean ended = branches.stream().allMatch(e -> Set.of("done", "rejected", "cancelled").contains((String) e.getValue()));
      String status = "running";
      String applicationStatus = "in-progress";
      if (ended) {
        long done = def.branches().keySet().stream().filter(m -> "done".equals(branches.getString(m))).count();
        status = done == def.branches().size() ? "completed" : done == 0 ? "rejected" : "partly-completed";
        applicationStatus = status;
      } else if (!"done".equals(branches.getString(ProcessDefinition.SHARED))) {
        applicationStatus = "accepting";
      }
      if (!ended && steps.values().stream().anyMatch(st -> "supplement".equals(st.getString("status")))) {
        applicationStatus = "supplement";
      }
      String finalStatus = status;
      String appStatus = applicationStatus;
      java.time.OffsetDateTime now = ended ? java.time.OffsetDateTime.now() : null;
      // The application row is written only when its status changes (most transitions leave it as it was).
      boolean unchanged = appStatus.equals(storedApplicationStatus) && now == null;
      // Independent writes, sent together (pipelined).
      List<Future<?>> writes = new ArrayList<>();
      writes.add(conn.preparedQuery(SQL.get("updateProcess")).execute(Tuple.of(applicationId, branches, finalStatus, now,
          processVersion)));
      if (!unchanged) {
        writes.add(conn.preparedQuery(SQL.get("setApplicationStatus")).execute(Tuple.of(applicationId, appStatus, null, now)));
      }
      if (ended) {
        writes.add(event("process-" + finalStatus, "system", new JsonObject()));
      }
      writes.add(alongside.write(conn));
      return Future.all(writes).map(finalStatus);
    }
  }

  static Future<Void> event(SqlConnection conn, String applicationId, String type, String actor, JsonObject payload) {
    return conn.preparedQuery(SQL.get("insertEvent")).execute(Tuple.of(applicationId, type, actor, payload)).mapEmpty();
  }
}
