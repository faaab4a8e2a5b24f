package cn.onething.rules;

import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The rules' time limit: one daemon thread for every sandbox that looks at the running
 * evaluations every few milliseconds and stops those past their deadline. Starting an evaluation
 * is two field writes, not a task scheduled and cancelled per batch; the thread sleeps when no
 * evaluation has run for a second and the next one wakes it. It holds what it watches weakly: a
 * sandbox of a thread that has ended, or of a {@link RuleSandbox} no longer used, is dropped.
 */
final class Watchdog {
  /** How late a stop may come, at most: a few milliseconds on limits of hundreds. */
  static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** What the watchdog watches: an evaluation with a deadline, which it can stop. */
  interface Watched {
    /** The running evaluation's deadline ({@link System#nanoTime}), or 0 when none runs. */
    long deadline();

    /** Stops the evaluation if it is still running and late at {@code now}. */
    void stopIfLate(long now);
  }

  private final Set<WeakReference<Watched>> watched = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile boolean sleeping;

  Watchdog(String name) {
    thread = Thread.ofPlatform().name(name).daemon().unstarted(this::watch);
    thread.start();
  }

  void add(Watched w) {
    watched.add(new WeakReference<>(w));
  }

  void remove(Watched w) {
    watched.removeIf(r -> r.get() == w);
  }

  /** Called after an evaluation has set its deadline: wakes the thread if it sleeps. */
  void started() {
    if (sleeping) {
      LockSupport.unpark(thread);
    }
  }

  private void watch() {
    long lastBusy = System.nanoTime();
    while (true) {
      long now = System.nanoTime();
      boolean busy = false;
      for (WeakReference<Watched> ref : watched) {
        Watched w = ref.get();
        if (w == null) {
          watched.remove(ref);
          continue;
        }
        long deadline = w.deadline();
        if (deadline != 0) {
          busy = true;
          if (now - deadline >= 0) {
            w.stopIfLate(now);
          }
        }
      }
      if (busy) {
        lastBusy = now;
      }
      if (now - lastBusy < IDLE_NANOS) {
        LockSupport.parkNanos(TICK_NANOS);
        continue;
      }
      // Idle: sleep until an evaluation starts. The flag is set before looking again, and an
      // evaluation sets its deadline before reading the flag, so one of the two sees the other.
      sleeping = true;
      boolean anyRunning = watched.stream().map(WeakReference::get).anyMatch(w -> w != null && w.deadline() != 0);
      if (!anyRunning) {
        LockSupport.park(this);
      }
      sleeping = false;
      lastBusy = System.nanoTime();
    }
  }
}
