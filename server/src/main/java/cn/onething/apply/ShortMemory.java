package cn.onething.apply;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * 短时记忆 — what this process learnt a moment ago and may take as still true for a short while
 * (an applicant's identity, the prefill snapshot it last wrote, a page's rule check), so that a
 * citizen viewing the form again does not cost the database or the rules again. Bounded: past
 * {@code capacity} entries the memory starts afresh; each entry is forgotten after {@code lifetime}.
 * Safe from any thread.
 */
final class ShortMemory<K, V> {
  private record Entry<V>(V value, long expires) {}

  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final int capacity;
  private final long lifetimeNanos;

  ShortMemory(int capacity, Duration lifetime) {
    this.capacity = capacity;
    this.lifetimeNanos = lifetime.toNanos();
  }

  /** The value remembered for {@code key}, or null when there is none or it is too old. */
  V get(K key) {
    Entry<V> entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (System.nanoTime() - entry.expires() >= 0) {
      entries.remove(key, entry);
      return null;
    }
    return entry.value();
  }

  void put(K key, V value) {
    if (entries.size() >= capacity) {
      entries.clear();
    }
    entries.put(key, new Entry<>(value, System.nanoTime() + lifetimeNanos));
  }

  void forget(K key) {
    entries.remove(key);
  }

  int size() {
    return entries.size();
  }
}
