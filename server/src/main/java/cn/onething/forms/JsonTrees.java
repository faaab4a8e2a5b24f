package cn.onething.forms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Vert.x JSON value as the Jackson 3 tree the schema validator reads, built by walking it rather
 * than by writing it out as text and parsing that again (the form check's largest share of JSON
 * work). The tree is what parsing the encoded text would give: ints as int nodes, other whole
 * numbers as long nodes, fractions as doubles; anything else goes through the text.
 */
public final class JsonTrees {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonTrees() {}

  public static JsonNode of(JsonObject document) {
    try {
      return object(document.getMap());
    } catch (Unusual e) {
      return MAPPER.readTree(document.encode());
    }
  }

  /** A value this walk does not map itself (big numbers, floats, binary): the caller falls back to the text. */
  private static final class Unusual extends RuntimeException {
    Unusual() {
      super(null, null, false, false);
    }
  }

  private static ObjectNode object(Map<String, Object> map) {
    ObjectNode node = NODES.objectNode();
    map.forEach((k, v) -> node.set(k, value(v)));
    return node;
  }

  private static ArrayNode array(List<?> list) {
    ArrayNode node = NODES.arrayNode(list.size());
    list.forEach(v -> node.add(value(v)));
    return node;
  }

  private static JsonNode value(Object v) {
    return switch (v) {
      case null -> NODES.nullNode();
      case String s -> NODES.textNode(s);
      case Boolean b -> NODES.booleanNode(b);
      case Integer i -> NODES.numberNode(i.intValue());
      case Long l -> l == l.intValue() ? NODES.numberNode(l.intValue()) : NODES.numberNode(l.longValue());
      case Double d when Double.isFinite(d) -> NODES.numberNode(d.doubleValue());
      case JsonObject o -> object(o.getMap());
      case JsonArray a -> array(a.getList());
      case Map<?, ?> m -> object(stringKeys(m));
      case List<?> l -> array(l);
      default -> throw new Unusual();
    };
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stringKeys(Map<?, ?> m) {
    for (Object k : m.keySet()) {
      if (!(k instanceof String)) {
        throw new Unusual();
      }
    }
    return (Map<String, Object>) m;
  }
}
