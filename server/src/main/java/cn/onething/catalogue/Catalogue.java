package cn.onething.catalogue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import cn.onething.http.Problems;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * 模板目录 — validation against what is published now. The linter runs GraalJS (rule parsing),
 * so it runs on a worker thread, never on the event loop.
 */
public final class Catalogue {
  /**
   * Each thread that checks rules keeps its own GraalJS context with acorn loaded (about two
   * seconds to make), so validation runs on a small dedicated pool rather than on any worker.
   */
  static final int VALIDATION_THREADS = 2;
  static final String VALIDATION_POOL = "onething-template-validation";
  /**
   * How long a publisher waits for a verdict at most. A template within the body limit and the
   * schema limits is checked in well under a second once the pool is warm (a cold context takes
   * about two); past the deadline the answer is a 503 and the worker's result is dropped.
   */
  static final Duration VALIDATION_DEADLINE = Duration.ofSeconds(20);
  private final WorkerExecutor validators;
  private final TemplateStore store;
  private final Duration deadline;

  public Catalogue(Vertx vertx, TemplateStore store) {
    this(vertx, store, VALIDATION_DEADLINE);
  }

  Catalogue(Vertx vertx, TemplateStore store, Duration deadline) {
    this.validators = vertx.createSharedWorkerExecutor(VALIDATION_POOL, VALIDATION_THREADS);
    this.store = store;
    this.deadline = deadline;
  }

  public TemplateStore store() {
    return store;
  }

  public Future<CatalogueIndex> index() {
    return store.allPublished().map(CatalogueIndex::of);
  }

  /** How long a loaded catalogue serves the runtime before it is read again. */
  static final long INDEX_TTL_NANOS = TimeUnit.SECONDS.toNanos(60);
  private volatile CachedIndex cached;

  private record CachedIndex(CatalogueIndex index, long at) {}

  /**
   * The published catalogue for the runtime, which resolves pinned versions in it: loading it reads
   * every published template, so one load serves for a minute, and a fresh one is read sooner when
   * the kept one is not {@code enough} (a binding published since is not in it yet). Published
   * versions never change, so a kept catalogue is never wrong about what it holds.
   */
  public Future<CatalogueIndex> current(java.util.function.Predicate<CatalogueIndex> enough) {
    CachedIndex kept = this.cached;
    long now = System.nanoTime();
    if (kept != null && now - kept.at() < INDEX_TTL_NANOS && enough.test(kept.index())) {
      return Future.succeededFuture(kept.index());
    }
    return index().map(index -> {
      this.cached = new CachedIndex(index, now);
      return index;
    });
  }

  /** Every problem with {@code template}, checked against the published catalogue. */
  public Future<List<Diagnostic>> validate(JsonObject template) {
    return index().compose(index -> validate(template, index));
  }

  Future<List<Diagnostic>> validate(JsonObject template, CatalogueIndex index) {
    return validators.executeBlocking(() -> TemplateValidator.validate(template, index), false)
        .timeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(e instanceof TimeoutException
            ? Problems.unavailable("模板校验超过 " + deadline.toSeconds() + " 秒仍未完成，已放弃；请稍后重试，或拆分过大的模板。")
            : e));
  }
}
