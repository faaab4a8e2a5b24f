package cn.onething.forms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * 结构限制 — what a JSON Schema written by a template's author (an interface binding's request
 * and response) may be, checked before the schema is ever compiled. The validator follows
 * {@code $ref}s wherever they lead: to another machine or a local file, round a cycle until the
 * stack overflows, or through a chain of definitions that each refer to the next twice, so that
 * thirty definitions become a billion checks (an OutOfMemoryError after minutes, measured). So:
 * at most 64 KiB and 32 levels; references only within the document ({@code #…}) and to places
 * that exist; no cycles; at most 20,000 schema nodes once every reference is expanded; no
 * {@code $id}, anchors or dynamic references; patterns of at most 300 characters.
 *
 * <p>Patterns here are not held to {@link RegexSafety}, which is for the patterns run on every
 * citizen's input: its rule refuses the national bindings' own slug pattern
 * ({@code ^[a-z][a-z0-9]*(-[a-z0-9]+)*$}, safe because each repetition starts with a hyphen the
 * inner class cannot match), and binding schemas are written by the central bodies only.
 */
public final class SchemaLimits {
  public static final int MAX_BYTES = 64 * 1024;
  public static final int MAX_DEPTH = 32;
  public static final long MAX_EXPANDED_NODES = 20_000;
  public static final int MAX_PATTERN = 300;
  static final String DRAFT = "https://json-schema.org/draft/2020-12/schema";
  private static final Set<String> REFUSED = Set.of("$id", "id", "$anchor", "$dynamicAnchor", "$dynamicRef", "$recursiveRef",
      "$recursiveAnchor", "$vocabulary");

  /** A limit broken, at a JSON pointer inside the schema. */
  public record Problem(String pointer, String message) {}

  private final JsonObject root;
  private final List<Problem> problems = new ArrayList<>();
  private final Map<String, Long> expanded = new HashMap<>();
  private final Set<String> expanding = new HashSet<>();
  private boolean cycleReported;

  private SchemaLimits(JsonObject root) {
    this.root = root;
  }

  /** Every limit the schema breaks; empty when it may be compiled. */
  public static List<Problem> check(JsonObject schema) {
    SchemaLimits limits = new SchemaLimits(schema);
    if (schema.encode().getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return List.of(new Problem("", "JSON Schema 过大：不能超过 " + MAX_BYTES / 1024 + " KiB"));
    }
    limits.walk(schema, "", 0);
    if (limits.problems.isEmpty()) {
      long nodes = limits.size(schema, "");
      if (!limits.cycleReported && nodes > MAX_EXPANDED_NODES) {
        limits.problems.add(new Problem("", "JSON Schema 展开引用后过大（超过 " + MAX_EXPANDED_NODES + " 个节点）：请减少相互引用"));
      }
    }
    return List.copyOf(limits.problems);
  }

  // --- the document as written ---------------------------------------------------------------

  private void walk(Object node, String at, int depth) {
    if (depth > MAX_DEPTH) {
      problems.add(new Problem(at, "JSON Schema 嵌套过深：不能超过 " + MAX_DEPTH + " 层"));
      return;
    }
    if (node instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        walk(array.getValue(i), at + "/" + i, depth + 1);
      }
      return;
    }
    if (!(node instanceof JsonObject object)) {
      return;
    }
    for (String key : object.fieldNames()) {
      Object value = object.getValue(key);
      String keyAt = at + "/" + escape(key);
      if (REFUSED.contains(key)) {
        problems.add(new Problem(keyAt, "不支持“" + key + "”：只能用 $ref 引用本文档 $defs 中的定义"));
      } else if (key.equals("$schema") && !DRAFT.equals(value)) {
        problems.add(new Problem(keyAt, "$schema 只能是 " + DRAFT));
      } else if (key.equals("$ref")) {
        reference(value, keyAt);
      } else if ((key.equals("pattern") && value instanceof String pattern && pattern.length() > MAX_PATTERN)
          || (key.equals("patternProperties") && value instanceof JsonObject patterns
              && patterns.fieldNames().stream().anyMatch(p -> p.length() > MAX_PATTERN))) {
        problems.add(new Problem(keyAt, "正则表达式过长（超过 " + MAX_PATTERN + " 个字符）"));
      }
      walk(value, keyAt, depth + 1);
    }
  }

  private void reference(Object value, String at) {
    if (!(value instanceof String ref) || !(ref.equals("#") || ref.startsWith("#/"))) {
      problems.add(new Problem(at, "$ref 只能引用本文档内的位置（以 # 开头，如 #/$defs/地址），不能引用其他文件或网址"));
    } else if (resolve(ref) == null) {
      problems.add(new Problem(at, "$ref 引用的位置“" + ref + "”不存在"));
    }
  }

  /** The node a local reference points at, or null. */
  private Object resolve(String ref) {
    Object node = root;
    if (ref.equals("#")) {
      return node;
    }
    for (String raw : ref.substring(2).split("/", -1)) {
      String token = java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8)
          .replace("~1", "/").replace("~0", "~");
      if (node instanceof JsonObject o && o.containsKey(token)) {
        node = o.getValue(token);
      } else if (node instanceof JsonArray a && token.matches("\\d{1,6}") && Integer.parseInt(token) < a.size()) {
        node = a.getValue(Integer.parseInt(token));
      } else {
        return null;
      }
    }
    return node;
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  // --- the document as the validator sees it ---------------------------------------------------

  /**
   * Nodes once every reference is replaced by what it points at (saturating at just over the
   * limit); a reference back to one being expanded is a cycle.
   */
  private long size(Object node, String at) {
    long n = 1;
    if (node instanceof JsonArray array) {
      for (int i = 0; i < array.size() && n <= MAX_EXPANDED_NODES; i++) {
        n += size(array.getValue(i), at + "/" + i);
      }
    } else if (node instanceof JsonObject object) {
      for (String key : object.fieldNames()) {
        if (n > MAX_EXPANDED_NODES) {
          break;
        }
        Object value = object.getValue(key);
        if (key.equals("$ref") && value instanceof String ref) {
          n += expand(ref, at + "/$ref");
        } else if (!key.equals("$defs") && !key.equals("definitions")) {
          n += size(value, at + "/" + escape(key));
        }
      }
    }
    return Math.min(n, MAX_EXPANDED_NODES + 1);
  }

  private long expand(String ref, String at) {
    Long known = expanded.get(ref);
    if (known != null) {
      return known;
    }
    if (!expanding.add(ref)) {
      if (!cycleReported) {
        cycleReported = true;
        problems.add(new Problem(at, "$ref 形成循环（“" + ref + "”引用了自身）：不支持递归的结构"));
      }
      return 0;
    }
    long n = size(resolve(ref), ref.substring(1));
    expanding.remove(ref);
    expanded.put(ref, n);
    return n;
  }
}
