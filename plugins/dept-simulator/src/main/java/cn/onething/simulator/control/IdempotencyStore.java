package cn.onething.simulator.control;

import cn.onething.simulator.http.Reply;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** 幂等 — the stored reply of each write, by endpoint and {@code X-Request-Id}. Unbounded: it is a simulator. */
public final class IdempotencyStore {

  private final Map<String, Reply> replies = new ConcurrentHashMap<>();

  public Optional<Reply> find(String endpoint, String requestId) {
    return Optional.ofNullable(replies.get(endpoint + "\n" + requestId));
  }

  public void store(String endpoint, String requestId, Reply reply) {
    replies.putIfAbsent(endpoint + "\n" + requestId, reply);
  }

  public void clear() {
    replies.clear();
  }
}
