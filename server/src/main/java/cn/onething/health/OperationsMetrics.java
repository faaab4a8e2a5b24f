package cn.onething.health;

import cn.onething.db.NamedStatements;
import cn.onething.rules.RuleSandbox;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 运行指标 — what Vert.x does not measure by itself: the outbox backlog (calls to department
 * systems waiting, due, given up), clerks' steps overdue now, and the rule sandbox (rules
 * evaluated, time spent, failures by kind). Backlog figures are read from PostgreSQL every
 * {@value #REFRESH_MILLIS} ms, so a scrape never waits on the database; -1 until the first read.
 */
public final class OperationsMetrics {
  static final long REFRESH_MILLIS = 15_000;
  private static final Logger LOG = LoggerFactory.getLogger(OperationsMetrics.class);
  private static final NamedStatements SQL = NamedStatements.load(OperationsMetrics.class, "backlog.sql");

  private final Vertx vertx;
  private final Pool pool;
  private final AtomicLong outboxPending = new AtomicLong(-1);
  private final AtomicLong outboxDue = new AtomicLong(-1);
  private final AtomicLong outboxFailed = new AtomicLong(-1);
  private final AtomicLong stepsOverdue = new AtomicLong(-1);
  private long timer = -1;

  public OperationsMetrics(Vertx vertx, Pool pool, MeterRegistry registry, RuleSandbox sandbox) {
    this.vertx = vertx;
    this.pool = pool;
    Gauge.builder("onething.outbox.pending", outboxPending, AtomicLong::get)
        .description("待调用的部门系统接口（outbox 中 pending 的行）").register(registry);
    Gauge.builder("onething.outbox.due", outboxDue, AtomicLong::get)
        .description("已到重试时间仍未调用的 outbox 行：持续增长说明处理跟不上").register(registry);
    Gauge.builder("onething.outbox.failed", outboxFailed, AtomicLong::get)
        .description("重试用尽、已放弃的 outbox 行（需人工处理）").register(registry);
    Gauge.builder("onething.steps.overdue", stepsOverdue, AtomicLong::get)
        .description("已超过办理期限仍未办结的人工环节").register(registry);
    RuleSandbox.Figures rules = sandbox.figures();
    FunctionTimer.builder("onething.rules.evaluation", rules, RuleSandbox.Figures::batches, RuleSandbox.Figures::seconds,
        TimeUnit.SECONDS).description("规则求值批次（一次表单校验或一次环节判断）及其耗时").register(registry);
    FunctionCounter.builder("onething.rules.evaluated", rules, r -> r.rules())
        .description("求值的规则条数").register(registry);
    FunctionCounter.builder("onething.rules.failures", rules, r -> r.errors()).tag("kind", "error")
        .description("出错或无法编译的规则").register(registry);
    FunctionCounter.builder("onething.rules.failures", rules, r -> r.timeouts()).tag("kind", "limit")
        .description("因超时或语句上限被中止的规则批次").register(registry);
    FunctionCounter.builder("onething.rules.slow", rules, r -> r.slow())
        .description("执行超过 20 毫秒处理器时间的规则（10 分钟内 5 次即隔离）").register(registry);
    FunctionCounter.builder("onething.rules.refused", rules, r -> r.refused())
        .description("含被隔离规则（两次超限或五次过慢，暂停 10 分钟）而未执行的规则批次").register(registry);
  }

  public OperationsMetrics start() {
    refresh();
    timer = vertx.setPeriodic(REFRESH_MILLIS, id -> refresh());
    return this;
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Reads the backlog now (tests call it instead of waiting for the timer). */
  public io.vertx.core.Future<Void> refresh() {
    return pool.query(SQL.get("backlog")).execute().<Void>map(rows -> {
      Row row = rows.iterator().next();
      outboxPending.set(row.getLong("outbox_pending"));
      outboxDue.set(row.getLong("outbox_due"));
      outboxFailed.set(row.getLong("outbox_failed"));
      stepsOverdue.set(row.getLong("steps_overdue"));
      return null;
    }).onFailure(e -> LOG.debug("backlog figures not read: {}", e.toString()));
  }
}
