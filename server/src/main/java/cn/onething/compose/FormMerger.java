package cn.onething.compose;

import cn.onething.catalogue.CatalogueIndex;
import cn.onething.catalogue.Diagnostic;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * 一表申请 — merges the forms of the member matters into one: every field that refers to the
 * same data element under the same role becomes one field whose constraints are the
 * intersection of all (the stricter wins; required if any member requires it); local fields stay
 * per matter under a namespaced key. Pure.
 */
final class FormMerger {
  private static final List<String> SENSITIVITY = List.of("public", "internal", "personal", "sensitive");

  /** One merged field while it is being built. */
  private static final class Merged {
    final String key;
    final String role;
    final String element;
    String type;
    String format;
    String label;
    String help;
    String sensitivity;
    boolean required;
    Integer minLength;
    Integer maxLength;
    Double minimum;
    Double maximum;
    final Set<String> patterns = new LinkedHashSet<>();
    /** Allowed option values (null = unrestricted) and their labels. */
    Map<Object, String> options;
    final JsonArray provenance = new JsonArray();
    String firstSource;
    /** Which source last narrowed each kind of constraint, to name it when a later one contradicts it. */
    final Map<String, String> narrowedBy = new LinkedHashMap<>();
    /** The member fields that lock this one (the publisher said a province may not remove or loosen it). */
    final List<String> lockedBy = new ArrayList<>();
    boolean hidden;
    /**
     * True when some member produces it in its process (the ID number 落户 allocates, the USCC
     * 设立登记 assigns): then no member asks the applicant for it, the later ones take it from there.
     */
    boolean producedByProcess;

    Merged(String key, String role, String element) {
      this.key = key;
      this.role = role;
      this.element = element;
    }
  }

  /** What merging produced: the schema, the layout, provenance, and any conflicts. */
  record Result(JsonObject schema, JsonArray layout, JsonObject provenance, int fieldsAsked, int memberFieldSum,
      Map<String, String> keyOfMemberField) {}

  private final CatalogueIndex index;
  private final List<Diagnostic> diagnostics;

  FormMerger(CatalogueIndex index, List<Diagnostic> diagnostics) {
    this.index = index;
    this.diagnostics = diagnostics;
  }

  /** {@code members} in a fixed order (the compiler sorts them), each with its pointer prefix for diagnostics. */
  Result merge(List<Member> members) {
    return merge(members, List.of());
  }

  /** Merges, then applies the province's field overrides (by stable key) in order. */
  Result merge(List<Member> members, List<JsonObject> overrides) {
    Map<String, Merged> fields = new LinkedHashMap<>();
    Map<String, Section> sections = new LinkedHashMap<>();
    Map<String, String> keyOfMemberField = new LinkedHashMap<>();
    int memberFieldSum = 0;
    for (Member member : members) {
      JsonArray memberSections = member.template().getJsonObject("form").getJsonArray("sections");
      for (int s = 0; s < memberSections.size(); s++) {
        JsonObject section = memberSections.getJsonObject(s);
        Section target = sections.computeIfAbsent(section.getString("title"), Section::new);
        JsonArray list = section.getJsonArray("fields");
        for (int f = 0; f < list.size(); f++) {
          JsonObject field = list.getJsonObject(f);
          memberFieldSum++;
          String source = member.ref() + "#" + field.getString("id");
          String key = keyOf(member, field);
          keyOfMemberField.put(source, key);
          Merged merged = fields.get(key);
          if (merged == null) {
            merged = start(key, field);
            merged.firstSource = source;
            fields.put(key, merged);
            target.keys.add(key);
          }
          absorb(merged, field, member, source, member.pointer() + "/form/sections/" + s + "/fields/" + f);
        }
      }
    }
    applyOverrides(fields, sections, overrides);
    JsonObject properties = new JsonObject();
    JsonArray required = new JsonArray();
    JsonObject provenance = new JsonObject();
    fields.values().removeIf(m -> m.hidden);
    sections.values().forEach(section -> section.keys.removeIf(k -> !fields.containsKey(k)));
    for (Merged m : fields.values()) {
      properties.put(m.key, schemaOf(m));
      if (m.required) {
        required.add(m.key);
      }
      provenance.put(m.key, new JsonObject()
          .put("element", m.element).put("role", m.role).put("sensitivity", m.sensitivity).put("sources", m.provenance));
    }
    JsonObject schema = new JsonObject()
        .put("$schema", "https://json-schema.org/draft/2020-12/schema")
        .put("type", "object")
        .put("properties", properties)
        .put("required", required)
        .put("additionalProperties", false);
    JsonArray layout = new JsonArray();
    int n = 0;
    for (Section section : sections.values()) {
      if (section.keys.isEmpty()) {
        continue;
      }
      JsonArray entries = new JsonArray();
      for (String key : section.keys) {
        Merged m = fields.get(key);
        JsonObject entry = new JsonObject().put("key", key).put("label", m.label).put("help", m.help)
            .put("widget", widget(m)).put("required", m.required);
        if (m.producedByProcess) {
          entry.put("origin", "process");
        }
        if (m.options != null) {
          JsonArray options = new JsonArray();
          m.options.forEach((value, label) -> options.add(new JsonObject().put("value", value).put("label", label)));
          entry.put("options", options);
        }
        entries.add(entry);
      }
      layout.add(new JsonObject().put("id", "section-" + (++n)).put("title", section.title).put("fields", entries));
    }
    int asked = (int) fields.values().stream().filter(m -> !m.producedByProcess).count();
    return new Result(schema, layout, provenance, asked, memberFieldSum, keyOfMemberField);
  }

  /** The province's changes to the merged form; every problem becomes a diagnostic at the override. */
  private void applyOverrides(Map<String, Merged> fields, Map<String, Section> sections, List<JsonObject> overrides) {
    for (int i = 0; i < overrides.size(); i++) {
      JsonObject o = overrides.get(i);
      String at = "/overrides/" + o.getInteger("$index", i);
      String op = o.getString("op");
      if ("addField".equals(op)) {
        JsonObject field = o.getJsonObject("field");
        String key = field.getString("element") != null
            ? field.getString("role", "applicant") + "_" + field.getString("element").replace('.', '_')
            : "local__" + field.getString("id");
        if (fields.containsKey(key)) {
          diagnostics.add(new Diagnostic(at + "/field", "要添加的字段与已有字段“" + fields.get(key).label + "”是同一事实，无需重复添加"));
          continue;
        }
        if (field.getString("element") != null && index.element(field.getString("element")).isEmpty()) {
          diagnostics.add(new Diagnostic(at + "/field/element", "数据元“" + field.getString("element") + "”不存在"));
          continue;
        }
        Merged m = start(key, field);
        m.firstSource = "本地覆盖 " + o.getString("id");
        m.label = field.getString("label", m.label);
        m.help = field.getString("help");
        m.required = field.getBoolean("required", false);
        m.producedByProcess = false;
        constrain(m, field.getJsonObject("constraints"), m.firstSource, at + "/field");
        m.provenance.add(new JsonObject().put("override", o.getString("id")));
        fields.put(key, m);
        sections.computeIfAbsent(o.getString("section", "本地补充信息"), Section::new).keys.add(key);
        continue;
      }
      Merged target = fields.get(o.getString("field"));
      if (target == null) {
        diagnostics.add(new Diagnostic(at + "/field", "覆盖“" + o.getString("id") + "”的目标字段“" + o.getString("field")
            + "”不存在（模板升级后可能已被删除或改名）"));
        continue;
      }
      switch (op) {
        case "relabel" -> target.label = o.getString("label");
        case "help" -> target.help = o.getString("help");
        case "require" -> target.required = true;
        case "tighten" -> {
          JsonObject c = o.getJsonObject("constraints", new JsonObject());
          java.util.Optional<String> unsafe = c.getValue("pattern") instanceof String p
              ? cn.onething.forms.RegexSafety.problem(p) : java.util.Optional.empty();
          if (unsafe.isPresent()) {
            diagnostics.add(new Diagnostic(at + "/constraints/pattern", unsafe.get()));
          } else if (loosens(target, c)) {
            diagnostics.add(new Diagnostic(at + "/constraints", target.lockedBy.isEmpty()
                ? "覆盖只能收紧约束，不能放宽字段“" + target.label + "”的约束"
                : "字段“" + target.label + "”由 " + target.lockedBy.get(0) + " 锁定，不能放宽"));
          } else {
            constrain(target, c, "本地覆盖 " + o.getString("id"), at);
          }
        }
        case "hide" -> {
          if (!target.lockedBy.isEmpty()) {
            diagnostics.add(new Diagnostic(at, "字段“" + target.label + "”由 " + target.lockedBy.get(0) + " 锁定，不能隐藏"));
          } else if (target.required) {
            diagnostics.add(new Diagnostic(at, "字段“" + target.label + "”是必填项，只有可选字段可以隐藏"));
          } else {
            target.hidden = true;
          }
        }
        default -> diagnostics.add(new Diagnostic(at + "/op", "不支持的字段覆盖“" + op + "”"));
      }
    }
  }

  /** Whether constraints would widen what the field accepts now. */
  private static boolean loosens(Merged m, JsonObject c) {
    return (c.containsKey("maxLength") && m.maxLength != null && c.getInteger("maxLength") > m.maxLength)
        || (c.containsKey("minLength") && m.minLength != null && c.getInteger("minLength") < m.minLength)
        || (c.containsKey("maximum") && m.maximum != null && c.getDouble("maximum") > m.maximum)
        || (c.containsKey("minimum") && m.minimum != null && c.getDouble("minimum") < m.minimum)
        || (c.containsKey("options") && m.options != null && c.getJsonArray("options").stream()
            .anyMatch(opt -> !m.options.containsKey(((JsonObject) opt).getValue("value"))));
  }

  private static final class Section {
    final String title;
    final List<String> keys = new ArrayList<>();

    Section(String title) {
      this.title = title;
    }
  }

  /** The unified key: {@code role_element} for shared facts, {@code publisher_slug__field} for local ones. */
  static String keyOf(Member member, JsonObject field) {
    String element = field.getString("element");
    if (element != null) {
      return field.getString("role", "applicant") + "_" + element.replace('.', '_');
    }
    return member.ref().replace('/', '_').replace('-', '_') + "__" + field.getString("id");
  }

  private Merged start(String key, JsonObject field) {
    String elementId = field.getString("element");
    Merged m = new Merged(key, elementId == null ? null : field.getString("role", "applicant"), elementId);
    if (elementId != null) {
      Optional<CatalogueIndex.Definition> def = index.element(elementId);
      JsonObject element = def.map(CatalogueIndex.Definition::json).orElse(new JsonObject());
      m.type = element.getString("type", "string");
      m.format = element.getString("format");
      m.label = element.getString("label", elementId);
      m.sensitivity = element.getString("sensitivity", "personal");
      constrain(m, element.getJsonObject("constraints"), null, null);
    } else {
      m.type = field.getString("type");
      m.format = field.getString("format");
      m.label = field.getString("label");
      m.sensitivity = field.getString("sensitivity", "personal");
    }
    return m;
  }

  private void absorb(Merged m, JsonObject field, Member member, String source, String pointer) {
    m.provenance.add(new JsonObject().put("template", member.ref()).put("version", member.version())
        .put("field", field.getString("id")).put("required", field.getBoolean("required", false))
        .put("locked", field.getBoolean("locked", false)));
    if (field.getString("label") != null && m.provenance.size() == 1) {
      m.label = field.getString("label");
    }
    if (m.help == null) {
      m.help = field.getString("help");
    }
    m.required |= field.getBoolean("required", false);
    m.producedByProcess |= "process".equals(field.getString("origin"));
    if (field.getBoolean("locked", false)) {
      m.lockedBy.add(source);
    }
    String declared = field.getString("sensitivity");
    if (declared != null && SENSITIVITY.indexOf(declared) > SENSITIVITY.indexOf(m.sensitivity)) {
      m.sensitivity = declared;
    }
    constrain(m, field.getJsonObject("constraints"), source, pointer);
  }

  /** Intersects constraints; an empty intersection is an error naming both sources. */
  private void constrain(Merged m, JsonObject c, String source, String pointer) {
    if (c == null) {
      return;
    }
    String by = source == null ? "数据元 " + m.element : source;
    Map<String, String> before = new LinkedHashMap<>(m.narrowedBy);
    if (c.containsKey("maxLength") && (m.maxLength == null || c.getInteger("maxLength") < m.maxLength)) {
      m.maxLength = c.getInteger("maxLength");
      m.narrowedBy.put("length", by);
    }
    if (c.containsKey("minLength") && (m.minLength == null || c.getInteger("minLength") > m.minLength)) {
      m.minLength = c.getInteger("minLength");
      m.narrowedBy.put("length", by);
    }
    if (c.containsKey("maximum") && (m.maximum == null || c.getDouble("maximum") < m.maximum)) {
      m.maximum = c.getDouble("maximum");
      m.narrowedBy.put("range", by);
    }
    if (c.containsKey("minimum") && (m.minimum == null || c.getDouble("minimum") > m.minimum)) {
      m.minimum = c.getDouble("minimum");
      m.narrowedBy.put("range", by);
    }
    if (c.containsKey("pattern")) {
      m.patterns.add(c.getString("pattern"));
    }
    if (c.containsKey("options")) {
      Map<Object, String> offered = new LinkedHashMap<>();
      c.getJsonArray("options").forEach(o -> offered.put(((JsonObject) o).getValue("value"), ((JsonObject) o).getString("label")));
      if (m.options == null) {
        m.options = offered;
        m.narrowedBy.put("options", by);
      } else if (m.options.keySet().retainAll(offered.keySet())) {
        m.narrowedBy.put("options", by);
      }
    }
    if (source == null) {
      return;
    }
    String conflict = null;
    if (m.minLength != null && m.maxLength != null && m.minLength > m.maxLength) {
      conflict = "length";
    } else if (m.minimum != null && m.maximum != null && m.minimum > m.maximum) {
      conflict = "range";
    } else if (m.options != null && m.options.isEmpty()) {
      conflict = "options";
    }
    if (conflict != null) {
      String other = before.getOrDefault(conflict, m.firstSource);
      diagnostics.add(new Diagnostic(pointer + "/constraints", "字段“" + m.label + "”在 " + other + " 与 " + source
          + " 中的约束互相矛盾，合并后没有任何取值同时满足两者"));
    }
  }

  private static JsonObject schemaOf(Merged m) {
    JsonObject s = new JsonObject().put("title", m.label);
    switch (m.type == null ? "string" : m.type) {
      case "integer" -> s.put("type", "integer");
      case "number" -> s.put("type", "number");
      case "boolean" -> s.put("type", "boolean");
      case "date" -> s.put("type", "string").put("format", "date");
      default -> s.put("type", "string");
    }
    if (m.format != null) {
      s.put("format", m.format);
    }
    if (m.minLength != null) {
      s.put("minLength", m.minLength);
    }
    if (m.maxLength != null) {
      s.put("maxLength", m.maxLength);
    }
    if (m.minimum != null) {
      s.put("minimum", m.minimum);
    }
    if (m.maximum != null) {
      s.put("maximum", m.maximum);
    }
    if (m.patterns.size() == 1) {
      s.put("pattern", m.patterns.iterator().next());
    } else if (m.patterns.size() > 1) {
      JsonArray all = new JsonArray();
      m.patterns.forEach(p -> all.add(new JsonObject().put("pattern", p)));
      s.put("allOf", all);
    }
    if (m.options != null) {
      s.remove("type");
      s.put("enum", new JsonArray(new ArrayList<>(m.options.keySet())));
    }
    return s;
  }

  private static String widget(Merged m) {
    if (m.options != null) {
      return m.options.size() <= 4 ? "radio" : "select";
    }
    return switch (m.type == null ? "string" : m.type) {
      case "date" -> "date";
      case "boolean" -> "checkbox";
      case "integer", "number" -> "number";
      default -> m.maxLength != null && m.maxLength > 200 ? "textarea" : "text";
    };
  }
}
