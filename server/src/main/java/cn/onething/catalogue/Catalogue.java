package cn.onething.catalogue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.util.List;

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
  private final WorkerExecutor validators;
  private final TemplateStore store;

  public Catalogue(Vertx vertx, TemplateStore store) {
    this.validators = vertx.createSharedWorkerExecutor(VALIDATION_POOL, VALIDATION_THREADS);
    this.store = store;
  }

  public TemplateStore store() {
    return store;
  }

  public Future<CatalogueIndex> index() {
    return store.allPublished().map(CatalogueIndex::of);
  }

  /** Every problem with {@code template}, checked against the published catalogue. */
  public Future<List<Diagnostic>> validate(JsonObject template) {
    return index().compose(index -> validate(template, index));
  }

  Future<List<Diagnostic>> validate(JsonObject template, CatalogueIndex index) {
    return validators.executeBlocking(() -> TemplateValidator.validate(template, index), false);
  }
}
