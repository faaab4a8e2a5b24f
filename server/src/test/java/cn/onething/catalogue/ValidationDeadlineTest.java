package cn.onething.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.http.ProblemException;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Validation that outlives its deadline is a 503 for the publisher, not a request left hanging. */
class ValidationDeadlineTest {
  @Test
  void pastTheDeadlineTheAnswerIsA503() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      CatalogueIndex index = Fixtures.index();
      Catalogue hurried = new Catalogue(vertx, null, Duration.ofMillis(1));
      Throwable failure = hurried.validate(Fixtures.load("matter"), index).toCompletionStage().toCompletableFuture()
          .handle((ok, e) -> e).get(30, TimeUnit.SECONDS);
      assertThat(failure).isInstanceOf(ProblemException.class);
      assertThat(((ProblemException) failure).problem().status()).isEqualTo(503);
      assertThat(failure.getMessage()).contains("模板校验超过");
      // With the real deadline the same template gets its verdict.
      Catalogue patient = new Catalogue(vertx, null);
      assertThat(patient.validate(Fixtures.load("matter"), index).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS)).isEmpty();
    } finally {
      vertx.close().await();
    }
  }
}
