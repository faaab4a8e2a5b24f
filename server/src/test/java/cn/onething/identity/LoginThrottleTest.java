package cn.onething.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** 登录限流: ten failed sign-ins from one address within the window, and the next attempt waits. */
class LoginThrottleTest {
  @Test
  void failuresWithinTheWindowCountAndAgeOut() {
    AtomicLong now = new AtomicLong();
    LoginThrottle throttle = new LoginThrottle(now::get);
    for (int i = 0; i < LoginThrottle.MAX_FAILURES - 1; i++) {
      throttle.failed("10.0.0.1");
    }
    assertThat(throttle.retryAfterSeconds("10.0.0.1")).as("nine failures: still allowed").isZero();
    throttle.failed("10.0.0.1");
    assertThat(throttle.retryAfterSeconds("10.0.0.1")).isEqualTo(LoginThrottle.WINDOW.toSeconds() + 1);
    assertThat(throttle.retryAfterSeconds("10.0.0.2")).as("another address").isZero();
    now.addAndGet(LoginThrottle.WINDOW.toNanos() + 1);
    assertThat(throttle.retryAfterSeconds("10.0.0.1")).as("the failures aged out").isZero();
  }
}
