package cn.onething.process;

import cn.onething.bindings.BindingCalls;
import cn.onething.catalogue.Catalogue;
import cn.onething.catalogue.TemplateRef;
import cn.onething.connector.ConnectorException;
import cn.onething.connector.Outputs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 流程后台 — starts the process of every submitted application (from its 'submitted' event, which
 * stays unhandled until the process exists, so a crash loses nothing), and works the outbox:
 * department-system calls of automatic steps, leased so that two servers never make one at the
 * same time, retried with backoff, each with the request id the department de-duplicates on; a
 * call that keeps failing turns its step into a clerk's task.
 */
public final class ProcessWorker {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessWorker.class);
  static final int MAX_ATTEMPTS = 5;

  private final Vertx vertx;
  private final Pool pool;
  private final ProcessEngine engine;
  private final BindingCalls calls;
  private final Catalogue catalogue;
  private final AtomicBoolean busy = new AtomicBoolean();
  /** The round in progress (or the last one): a caller who asks for a round waits for it and then has its own. */
  private Future<Void> running = Future.succeededFuture();
  private long timer = -1;

  public ProcessWorker(Vertx vertx, Pool pool, ProcessEngine engine, BindingCalls calls, Catalogue catalogue) {
    this.vertx = vertx;
    this.pool = pool;
    this.engine = engine;
    this.calls = calls;
    this.catalogue = catalogue;
  }

  public void start(long periodMillis) {
    // The timer skips a beat while a round is still running; rounds never pile up.
    timer = vertx.setPeriodic(periodMillis, t -> {
      if (!busy.get()) {
        tick();
      }
    });
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /**
   * One round: start submitted applications, then make due department-system calls. Rounds run
   * one at a time; asked for during a round, the next one starts when it ends (so a caller that
   * waits for its round knows that everything submitted before it was looked at).
   */
  public synchronized Future<Void> tick() {
    Future<Void> round = running.transform(previous -> {
      busy.set(true);
      return startSubmitted().compose(x -> runOutbox()).compose(x -> expirePayments())
          .onFailure(e -> LOG.warn("流程后台本轮未完成，稍后重试：{}", e.toString()))
          .recover(e -> Future.succeededFuture())
          .onComplete(x -> busy.set(false));
    });
    running = round;
    return round;
  }

  private Future<Void> startSubmitted() {
    return pool.withTransaction(conn -> conn.preparedQuery(ProcessEngine.SQL.get("claimSubmitted")).execute()
        .compose(rows -> {
          Future<Void> chain = Future.succeededFuture();
          for (Row row : rows) {
            long event = row.getLong("id");
            String application = row.getString("application_id");
            chain = chain.compose(x -> engine.start(application))
                .compose(x -> conn.preparedQuery(ProcessEngine.SQL.get("markHandled")).execute(Tuple.of(event)).mapEmpty());
          }
          return chain;
        }));
  }

  /** Unpaid on the last day: the pay step ends with its refusing outcome (未缴纳), where it has one. */
  private Future<Void> expirePayments() {
    return pool.preparedQuery(ProcessEngine.SQL.get("expiredPayments")).execute(Tuple.of(cn.onething.apply.Submissions.today()))
        .compose(rows -> {
          Future<Void> chain = Future.succeededFuture();
          for (Row row : rows) {
            long id = row.getLong("id");
            int version = row.getInteger("version");
            chain = chain.compose(x -> engine.expireUnpaid(id, version).recover(e -> Future.succeededFuture()).mapEmpty());
          }
          return chain;
        });
  }

  private Future<Void> runOutbox() {
    return pool.preparedQuery(ProcessEngine.SQL.get("leaseOutbox")).execute().compose(rows -> {
      List<Future<Void>> done = new ArrayList<>();
      for (Row row : rows) {
        long id = row.getLong("id");
        done.add(call(id, row.getString("application_id"), row.getLong("step_instance_id"),
            row.getString("request_id"), row.getInteger("attempts"))
            .recover(e -> {
              // Not the department's failure (that is handled in the call): the database went away
              // mid-way. Try again in a few seconds rather than when the 30-second lease runs out; if
              // even this fails, the lease's end is the fallback.
              LOG.warn("部门系统调用 {} 本次未完成，稍后重试：{}", id, e.toString());
              return pool.preparedQuery(ProcessEngine.SQL.get("releaseOutboxLease")).execute(Tuple.of(id))
                  .<Void>mapEmpty().recover(again -> Future.succeededFuture());
            }));
      }
      return Future.join(done).mapEmpty();
    });
  }

  private Future<Void> call(long outboxId, String applicationId, long stepId, String requestId, int attempts) {
    Future<io.vertx.sqlclient.RowSet<Row>> stepRow = pool.preparedQuery(ProcessEngine.SQL.get("stepById")).execute(Tuple.of(stepId));
    Future<ProcessEngine.Application> application = engine.application(applicationId);
    return Future.all(stepRow, application)
        .compose(rows -> {
          JsonObject step = StepRows.json(stepRow.result().iterator().next());
          ProcessEngine.Application app = application.result();
          if (!"active".equals(step.getString("status"))) {
            return pool.preparedQuery(ProcessEngine.SQL.get("outboxDone")).execute(Tuple.of(outboxId)).mapEmpty();
          }
          ProcessDefinition def = engine.definition(app);
          JsonObject stepDef = def.step(step.getString("branch"), step.getString("step_id"));
          // The kept catalogue, unless a binding this step uses was published since it was read.
          return catalogue.current(index -> def.automaticUses(step.getString("branch"), stepDef).stream().allMatch(use ->
                  index.resolve(TemplateRef.parse(use.getString("binding")), use.getString("version")).isPresent()))
              .compose(index -> callDepartments(outboxId, applicationId, stepId, requestId, attempts, step, app, def, stepDef,
                  index));
        });
  }

  private Future<Void> callDepartments(long outboxId, String applicationId, long stepId, String requestId, int attempts,
      JsonObject step, ProcessEngine.Application app, ProcessDefinition def, JsonObject stepDef,
      cn.onething.catalogue.CatalogueIndex index) {
    JsonObject data = app.row().getJsonObject("data");
    JsonObject release = app.release();
    java.util.Set<String> produced = cn.onething.apply.FormCheck.processFields(release);
    JsonObject made = new JsonObject();
    List<Future<Outputs>> results = new ArrayList<>();
    for (JsonObject use : def.automaticUses(step.getString("branch"), stepDef)) {
      JsonObject binding = index.resolve(TemplateRef.parse(use.getString("binding")), use.getString("version")).orElse(null);
      if (binding == null) {
        results.add(Future.failedFuture(new ConnectorException(ConnectorException.Kind.REJECTED,
            "目录中没有接口 " + use.getString("binding"))));
        continue;
      }
      JsonObject inputs = use.getJsonObject("constants", new JsonObject()).copy();
      use.getJsonObject("inputs", new JsonObject()).forEach(e -> {
        String key = (String) e.getValue();
        Object v = key == null ? null : data.getValue(key);
        if (v == null && key != null && "licenceNo".equals(e.getKey()) && produced.contains(key)) {
          // This step makes the licence: its number is the process's to give.
          v = LicenceNumbers.next(inputs.getString("licenceType", "licence"), applicationId,
              release.getJsonObject("schema").getJsonObject("properties").getJsonObject(key));
          made.put(key, v);
        }
        if (v != null) {
          inputs.put(e.getKey(), v);
        }
      });
      results.add(calls.call(binding, use.getJsonObject("endpoint"), inputs, requestId + "/" + use.getString("use")));
    }
    return Future.all(results).compose(ok -> {
      boolean confirmed = results.stream().allMatch(f -> f.result().values().getBoolean("verified", true)
          && f.result().response().getBoolean("found", true));
      JsonArray outcomes = ProcessDefinition.outcomes(stepDef);
      String outcome = confirmed || outcomes.size() < 2 ? outcomes.getJsonObject(0).getString("id")
          : outcomes.getJsonObject(1).getString("id");
      String comment = "verify".equals(stepDef.getString("type"))
          ? (confirmed ? "部门系统自动核验一致" : "部门系统核验未通过，转人工核查") : "已推送部门系统";
      Future<Void> keep = made.isEmpty() ? Future.succeededFuture()
          : pool.preparedQuery(ProcessEngine.SQL.get("mergeApplicationData")).execute(Tuple.of(applicationId, made)).mapEmpty();
      return keep.compose(x -> engine.complete(stepId, step.getInteger("version"), outcome,
              made.isEmpty() ? comment : comment + "（证照编号 " + String.join("、", made.getMap().values().stream()
                  .map(String::valueOf).toList()) + "）", "system"))
          .compose(t -> pool.preparedQuery(ProcessEngine.SQL.get("outboxDone")).execute(Tuple.of(outboxId)))
          .mapEmpty();
    }, failure -> failed(outboxId, stepId, attempts, failure));
  }

  private Future<Void> failed(long outboxId, long stepId, int attempts, Throwable failure) {
    boolean retry = failure instanceof ConnectorException e && e.retryable() && attempts + 1 < MAX_ATTEMPTS;
    if (retry) {
      long seconds = Math.min(600, 5L << attempts);
      LOG.warn("自动环节调用失败，{} 秒后重试（第 {} 次）：{}", seconds, attempts + 1, failure.getMessage());
      return pool.preparedQuery(ProcessEngine.SQL.get("outboxRetry"))
          .execute(Tuple.of(outboxId, (double) seconds, String.valueOf(failure.getMessage()))).mapEmpty();
    }
    LOG.warn("自动环节无法完成，转人工办理：{}", failure.getMessage());
    return pool.withTransaction(conn -> conn.preparedQuery(ProcessEngine.SQL.get("outboxFailed"))
        .execute(Tuple.of(outboxId, String.valueOf(failure.getMessage())))
        .compose(x -> conn.preparedQuery(ProcessEngine.SQL.get("manualAfterAll"))
            .execute(Tuple.of(stepId, "自动办理未成功，请人工办理：" + failure.getMessage()))))
        .mapEmpty();
  }
}
