package cn.onething.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.http.ProblemException;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Validation that outlives its deadline is a 503 for the publisher, not a request left hanging. */
class ValidationDeadlineTest {
  @Test
  void pastTheDeadlineTheAnswerIsA503() throws Exception {
    Vertx vertx = Vertx.vertx();
    CountDownLatch release = new CountDownLatch(1);
    try {
      CatalogueIndex index = Fixtures.index();
      Catalogue hurried = new Catalogue(vertx, null, Duration.ofMillis(300));
      // Both validation threads busy (as with two huge templates before it): this one waits past its deadline.
      WorkerExecutor pool = vertx.createSharedWorkerExecutor(Catalogue.VALIDATION_POOL, Catalogue.VALIDATION_THREADS);
      for (int i = 0; i < Catalogue.VALIDATION_THREADS; i++) {
        pool.executeBlocking(() -> release.await(30, TimeUnit.SECONDS), false);
      }
      long started = System.nanoTime();
      Throwable failure = hurried.validate(Fixtures.load("matter"), index).toCompletionStage().toCompletableFuture()
          .handle((ok, e) -> e).get(30, TimeUnit.SECONDS);
      assertThat(failure).isInstanceOf(ProblemException.class);
      assertThat(((ProblemException) failure).problem().status()).isEqualTo(503);
      assertThat(failure.getMessage()).contains("模板校验超过");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered at the deadline, not when a thread came free")
          .isLessThan(Duration.ofSeconds(10));
      release.countDown();
      // With the threads free again the same template gets its verdict.
      Catalogue patient = new Catalogue(vertx, null);
      assertThat(patient.validate(Fixtures.load("matter"), index).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS)).isEmpty();
    } finally {
      release.countDown();
      vertx.close().await();
    }
  }
}
