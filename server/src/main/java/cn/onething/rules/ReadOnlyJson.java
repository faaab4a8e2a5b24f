package cn.onething.rules;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * The nested values of a form or context (lists, objects) handed to a rule without copying them
 * into the guest (the top-level fields are copied, see {@link RuleSandbox}): read-only views whose
 * members come back as strings, numbers, booleans, null, or further read-only views. A rule that
 * tries to change one fails. Nothing of the host but these values is reachable.
 */
final class ReadOnlyJson implements ProxyObject {
  private final Map<String, Object> map;

  private ReadOnlyJson(Map<String, Object> map) {
    this.map = map;
  }

  static Object of(Object value) {
    return switch (value) {
      case null -> null;
      case JsonObject o -> new ReadOnlyJson(o.getMap());
      case Map<?, ?> m -> new ReadOnlyJson(castMap(m));
      case JsonArray a -> new Elements(a.getList());
      case List<?> l -> new Elements(l);
      case String s -> s;
      case Boolean b -> b;
      case Number n -> n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e15
          ? (Object) n.longValue() : (Object) n.doubleValue();
      default -> String.valueOf(value);
    };
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  @Override
  public Object getMember(String key) {
    return of(map.get(key));
  }

  @Override
  public Object getMemberKeys() {
    return new Elements(List.copyOf(map.keySet()));
  }

  @Override
  public boolean hasMember(String key) {
    return map.containsKey(key);
  }

  @Override
  public void putMember(String key, Value value) {
    throw new UnsupportedOperationException("规则不能修改表单数据");
  }

  @Override
  public boolean removeMember(String key) {
    throw new UnsupportedOperationException("规则不能修改表单数据");
  }

  /** A read-only list. */
  private record Elements(List<?> list) implements ProxyArray {
    @Override
    public Object get(long index) {
      return of(list.get((int) index));
    }

    @Override
    public void set(long index, Value value) {
      throw new UnsupportedOperationException("规则不能修改表单数据");
    }

    @Override
    public long getSize() {
      return list.size();
    }
  }
}
