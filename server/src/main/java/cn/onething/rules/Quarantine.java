package cn.onething.rules;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * 规则隔离 — a rule that ran into the sandbox's time or statement limit twice within ten minutes,
 * or took more than {@link #SLOW} of its thread's processor time five times within ten minutes, is
 * not run again for ten minutes: every batch holding it is refused at once. Honest rules take
 * microseconds; a hostile one that slipped past the checker then costs the two rule threads a
 * few evaluations per ten minutes instead of one for every request that reaches it, and honest
 * rules of every service keep their threads. A strike or a few slow runs are forgiven: an honest
 * rule may be caught once by a stalled machine (processor time, not the clock, is what counts as
 * slow, so waiting for a processor or a garbage collection does not).
 */
final class Quarantine {
  static final Duration LENGTH = Duration.ofMinutes(10);
  static final Duration SLOW = Duration.ofMillis(20);
  static final int STRIKES = 2;
  static final int SLOW_STRIKES = 5;
  /** Rules remembered at most; beyond that the oldest memories are dropped, never the sandbox's limits. */
  static final int MAX_RULES = 10_000;

  /** Strikes and slow runs counted since {@code since}; {@code until} is the end of a quarantine, or 0. */
  private record Record(int strikes, int slow, long since, long until) {}

  private final Map<String, Record> rules = new ConcurrentHashMap<>();
  private final LongSupplier clock;

  Quarantine() {
    this(System::nanoTime);
  }

  Quarantine(LongSupplier clock) {
    this.clock = clock;
  }

  /** Whether the rule is quarantined now. */
  boolean holds(String expression) {
    if (rules.isEmpty()) {
      return false;
    }
    Record r = rules.get(expression);
    return r != null && r.until() != 0 && clock.getAsLong() - r.until() < 0;
  }

  /** The rule hit a limit; true when this quarantines it. */
  boolean strike(String expression) {
    return count(expression, 1, 0);
  }

  /** The rule ran slowly; true when this quarantines it. */
  boolean slow(String expression) {
    return count(expression, 0, 1);
  }

  private boolean count(String expression, int strikes, int slow) {
    if (expression == null) {
      return false;
    }
    long now = clock.getAsLong();
    if (rules.size() >= MAX_RULES) {
      rules.entrySet().removeIf(e -> now - Math.max(e.getValue().since() + LENGTH.toNanos(), e.getValue().until()) > 0);
    }
    boolean[] quarantined = new boolean[1];
    rules.compute(expression, (k, r) -> {
      if (r != null && r.until() != 0 && now - r.until() < 0) {
        return r;  // already quarantined
      }
      boolean fresh = r == null || now - r.since() > LENGTH.toNanos();
      Record next = fresh ? new Record(strikes, slow, now, 0) : new Record(r.strikes() + strikes, r.slow() + slow, r.since(), 0);
      if (next.strikes() >= STRIKES || next.slow() >= SLOW_STRIKES) {
        quarantined[0] = true;
        return new Record(0, 0, now, now + LENGTH.toNanos());
      }
      return next;
    });
    return quarantined[0];
  }
}
