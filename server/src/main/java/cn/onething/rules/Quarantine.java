package cn.onething.rules;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * 规则隔离 — a rule that ran into the sandbox's time or statement limit twice within ten minutes
 * is not run again for ten minutes: every batch holding it is refused at once. A hostile rule
 * that slipped past the checker then costs the rule threads two time limits per ten minutes
 * instead of one for every request that reaches it, and honest rules keep their threads. One
 * strike is forgiven: an honest rule may miss the limit once on a machine that stalled.
 */
final class Quarantine {
  static final Duration LENGTH = Duration.ofMinutes(10);
  static final int STRIKES = 2;
  /** Rules remembered at most; beyond that the oldest memories are dropped, never the sandbox's limits. */
  static final int MAX_RULES = 10_000;

  private record Record(int strikes, long since, long until) {}

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

  /** Counts a strike against the rule; true when this strike quarantines it. */
  boolean strike(String expression) {
    if (expression == null) {
      return false;
    }
    long now = clock.getAsLong();
    if (rules.size() >= MAX_RULES) {
      rules.entrySet().removeIf(e -> now - Math.max(e.getValue().since() + LENGTH.toNanos(), e.getValue().until()) > 0);
    }
    Record after = rules.compute(expression, (k, r) -> {
      int strikes = r == null || now - r.since() > LENGTH.toNanos() ? 1 : r.strikes() + 1;
      long since = strikes == 1 ? now : r.since();
      return strikes >= STRIKES ? new Record(0, now, now + LENGTH.toNanos()) : new Record(strikes, since, 0);
    });
    return after.until() != 0 && after.strikes() == 0 && after.since() == now;
  }
}
