package cn.onething.identity;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.Jwts;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens are verified once and then remembered: what is remembered must still expire and must not admit forgeries. */
class TokensTest {
  private static final String SECRET = "tokens-test-secret-of-enough-length-0123456789";
  private static Vertx vertx;
  private static Tokens tokens;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    tokens = new Tokens(vertx, SECRET, 3600);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aTokenIsCheckedInFullOnceAndThenRemembered() throws Exception {
    String token = tokens.issue(new Caller("clerk-d", "办事员", "330000", TenantKind.PROVINCE, "data", java.util.EnumSet.of(Role.CLERK)));
    long before = tokens.fullChecks();
    for (int i = 0; i < 3; i++) {
      assertThat(tokens.verify(token).await(10, TimeUnit.SECONDS).department()).isEqualTo("data");
    }
    assertThat(tokens.fullChecks() - before).isEqualTo(1);
  }

  @Test
  void aRememberedTokenIsRefusedOnceItHasExpired() throws Exception {
    String shortLived = Jwts.sign(SECRET, "clerk-a", "330000", "clerk", Instant.now().plusSeconds(2));
    assertThat(tokens.verify(shortLived).await(10, TimeUnit.SECONDS).userId()).isEqualTo("clerk-a");
    assertThat(tokens.verify(shortLived).await(10, TimeUnit.SECONDS).userId()).isEqualTo("clerk-a");
    // Past its expiry and the verifier's 5 s leeway, the remembered token must be checked again and refused.
    Thread.sleep(8_000);
    Throwable refused = tokens.verify(shortLived).toCompletionStage().toCompletableFuture().handle((c, e) -> e).get();
    assertThat(refused).isInstanceOf(Tokens.RejectedToken.class);
    assertThat(((Tokens.RejectedToken) refused).expired()).isTrue();
  }

  @Test
  void aForgeryOfARememberedTokenIsRefused() throws Exception {
    String real = Jwts.sign(SECRET, "clerk-b", "330000", "clerk", Instant.now().plusSeconds(600));
    assertThat(tokens.verify(real).await(10, TimeUnit.SECONDS).roles()).containsExactly(Role.CLERK);
    String[] parts = real.split("\\.");
    String otherRole = Jwts.sign(SECRET, "clerk-b", "330000", "admin", Instant.now().plusSeconds(600)).split("\\.")[1];
    String forged = parts[0] + "." + otherRole + "." + parts[2];
    Throwable refused = tokens.verify(forged).toCompletionStage().toCompletableFuture().handle((c, e) -> e).get();
    assertThat(refused).isInstanceOf(Tokens.RejectedToken.class);
    assertThat(((Tokens.RejectedToken) refused).expired()).isFalse();
    // And the real one is still the clerk it was.
    assertThat(tokens.verify(real).await(10, TimeUnit.SECONDS).roles()).containsExactly(Role.CLERK);
  }

  @Test
  void aTokenFromAServerWithAnotherSecretIsRefused() throws Exception {
    String foreign = Jwts.sign("another-secret-of-enough-length-0123456789abc", "clerk-c", "330000", "clerk",
        Instant.now().plusSeconds(600));
    Throwable refused = tokens.verify(foreign).toCompletionStage().toCompletableFuture().handle((c, e) -> e).get();
    assertThat(refused).isInstanceOf(Tokens.RejectedToken.class);
  }
}
