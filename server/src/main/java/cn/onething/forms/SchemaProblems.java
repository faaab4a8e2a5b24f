package cn.onething.forms;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A JSON Schema's complaints about a document, as a person can act on them: a JSON pointer to
 * the place (to the missing or unknown property itself) and a Chinese message; the noise of
 * failed {@code oneOf}/{@code anyOf} alternatives is folded into their summary.
 */
public final class SchemaProblems {
  private static final Set<String> NOISY = Set.of("oneOf", "anyOf", "not", "if", "then", "allOf");

  /** One problem; {@code keyword} is the schema keyword that failed. */
  public record SchemaProblem(String pointer, String message, String keyword) {}

  private SchemaProblems() {}

  public static List<SchemaProblem> of(Schema schema, JsonObject document) {
    // The validator compares integral limits as longs and fails on a number beyond that range (a
    // bug in networknt 3.0.9): such numbers are reported here, before it sees them. No field of a
    // form or a template needs a magnitude above 9.2 × 10^18.
    List<SchemaProblem> outOfRange = new ArrayList<>();
    outOfRange(document, "", outOfRange);
    if (!outOfRange.isEmpty()) {
      return List.copyOf(outOfRange);
    }
    List<Error> errors = schema.validate(JsonTrees.of(document));
    Set<SchemaProblem> out = new LinkedHashSet<>();
    List<Error> summaries = new ArrayList<>();
    for (Error error : errors) {
      String path = String.valueOf(error.getEvaluationPath());
      if (path.contains("/oneOf/") || path.contains("/anyOf/")) {
        continue;  // a failed alternative's own complaints mislead; the oneOf summary speaks for it
      }
      if (NOISY.contains(error.getKeyword())) {
        summaries.add(error);
        continue;
      }
      out.add(new SchemaProblem(pointer(error), message(error), error.getKeyword()));
    }
    // oneOf/anyOf failures only speak for themselves when nothing more precise was found there.
    for (Error error : summaries) {
      String at = pointer(error);
      if (out.stream().noneMatch(d -> d.pointer().startsWith(at))) {
        out.add(new SchemaProblem(at, message(error), error.getKeyword()));
      }
    }
    return List.copyOf(out);
  }

  private static final double LONG_RANGE = 9.2e18;

  private static void outOfRange(Object value, String at, List<SchemaProblem> out) {
    if (value instanceof JsonObject o) {
      o.forEach(e -> outOfRange(e.getValue(), at + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), out));
    } else if (value instanceof io.vertx.core.json.JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        outOfRange(a.getValue(i), at + "/" + i, out);
      }
    } else if (value instanceof Number n && !(n instanceof Integer || n instanceof Long || n instanceof Short
        || n instanceof Byte)) {
      boolean tooBig = n instanceof java.math.BigInteger b ? b.bitLength() > 63
          : !Double.isFinite(n.doubleValue()) || Math.abs(n.doubleValue()) >= LONG_RANGE;
      if (tooBig) {
        out.add(new SchemaProblem(at, "数值超出范围：绝对值应小于 9.2×10¹⁸。", "range"));
      }
    }
  }

  private static String pointer(Error error) {
    String at = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
    String property = error.getProperty();
    if (property != null && Set.of("required", "additionalProperties", "unevaluatedProperties").contains(error.getKeyword())) {
      at = at + "/" + property.replace("~", "~0").replace("/", "~1");
    }
    return at;
  }

  private static String message(Error error) {
    String text = error.getMessage();
    String at = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
    // networknt puts the location in front of its message; the pointer already says where.
    if (!at.isEmpty() && text.startsWith(at)) {
      text = text.substring(at.length()).replaceFirst("^[:：]\\s*", "");
    }
    return switch (error.getKeyword()) {
      case "required" -> "缺少必填项“" + error.getProperty() + "”";
      case "additionalProperties", "unevaluatedProperties" -> "不认识的属性“" + error.getProperty() + "”：请检查拼写，或删除它";
      default -> text;
    };
  }
}
