package cn.onething.identity;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * 登录限流 — after {@value #MAX_FAILURES} failed sign-ins from one address within
 * {@link #WINDOW}, that address may not try again until the oldest failure leaves the window.
 * Successful sign-ins are not counted (a clerk signing in all day is not an attack). Per process:
 * behind a load balancer each process counts its own share, so the limit is per process.
 */
public final class LoginThrottle {
  static final int MAX_FAILURES = 10;
  static final Duration WINDOW = Duration.ofMinutes(5);
  private static final int MAX_ADDRESSES = 100_000;

  private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();
  private final java.util.function.LongSupplier clock;

  public LoginThrottle() {
    this(System::nanoTime);
  }

  LoginThrottle(java.util.function.LongSupplier clock) {
    this.clock = clock;
  }

  /** Seconds until {@code address} may try again, or 0 when it may now. */
  public long retryAfterSeconds(String address) {
    Deque<Long> times = failures.get(address);
    if (times == null) {
      return 0;
    }
    synchronized (times) {
      long now = clock.getAsLong();
      while (!times.isEmpty() && now - times.peekFirst() > WINDOW.toNanos()) {
        times.pollFirst();
      }
      if (times.size() < MAX_FAILURES) {
        return 0;
      }
      return Math.max(1, (WINDOW.toNanos() - (now - times.peekFirst())) / 1_000_000_000L + 1);
    }
  }

  public void failed(String address) {
    if (failures.size() > MAX_ADDRESSES) {
      failures.clear();  // a flood of addresses: forget rather than grow without bound
    }
    Deque<Long> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
    synchronized (times) {
      times.addLast(clock.getAsLong());
      while (times.size() > MAX_FAILURES) {
        times.pollFirst();
      }
    }
  }
}
