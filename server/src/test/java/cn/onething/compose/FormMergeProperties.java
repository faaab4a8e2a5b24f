package cn.onething.compose;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.catalogue.CatalogueIndex;
import cn.onething.forms.JsonSchemas;
import com.networknt.schema.Schema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.ObjectMapper;

/** What merging forms must always do, on generated member forms. */
class FormMergeProperties {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final JsonObject ELEMENTS = new JsonObject()
      .put("kind", "element").put("publisher", "mps").put("slug", "prop").put("version", "1.0.0").put("title", "属性测试")
      .put("elements", new JsonArray()
          .add(new JsonObject().put("id", "p.name").put("label", "姓名").put("type", "string").put("sensitivity", "personal")
              .put("constraints", new JsonObject().put("maxLength", 30)))
          .add(new JsonObject().put("id", "p.age").put("label", "年龄").put("type", "integer").put("sensitivity", "personal")
              .put("constraints", new JsonObject().put("minimum", 0).put("maximum", 150)))
          .add(new JsonObject().put("id", "p.kind").put("label", "类别").put("type", "enum").put("sensitivity", "public")
              .put("constraints", new JsonObject().put("options", options(List.of("1", "2", "3", "4", "5")))))
          .add(new JsonObject().put("id", "p.note").put("label", "备注").put("type", "string").put("sensitivity", "public")));
  static final CatalogueIndex INDEX = CatalogueIndex.of(List.of(ELEMENTS));
  static final List<String> ELEMENT_IDS = List.of("p.name", "p.age", "p.kind", "p.note");

  /** A generated member field: element, role, required, and tighter constraints. */
  record GenField(String element, String role, boolean required, int a, int b, Set<String> kinds) {}

  @Provide
  Arbitrary<List<List<GenField>>> services() {
    Arbitrary<GenField> field = Combinators.combine(
        Arbitraries.of(ELEMENT_IDS), Arbitraries.of("applicant", "spouse"), Arbitraries.of(true, false),
        Arbitraries.integers().between(0, 40), Arbitraries.integers().between(0, 160),
        Arbitraries.of("1", "2", "3", "4", "5").set().ofMinSize(1).ofMaxSize(5))
        .as(GenField::new);
    return field.list().ofMinSize(1).ofMaxSize(6).uniqueElements(f -> f.element() + f.role())
        .list().ofMinSize(1).ofMaxSize(5);
  }

  @Property(tries = 200)
  void noFactIsAskedTwiceAndEveryRequiredFieldStaysRequired(@ForAll("services") List<List<GenField>> service) {
    List<Member> members = members(service);
    FormMerger.Result result = new FormMerger(INDEX, new ArrayList<>()).merge(members);
    Set<String> facts = new HashSet<>();
    result.provenance().forEach(e -> {
      JsonObject p = (JsonObject) e.getValue();
      assertThat(facts.add(p.getString("role") + ":" + p.getString("element"))).isTrue();
    });
    JsonArray required = result.schema().getJsonArray("required");
    for (List<GenField> member : service) {
      for (GenField f : member) {
        if (f.required()) {
          assertThat(required).contains(f.role() + "_" + f.element().replace('.', '_'));
        }
      }
    }
  }

  @Property(tries = 150)
  void theMergedFieldAcceptsExactlyWhatEveryMemberAccepts(@ForAll("services") List<List<GenField>> service,
      @ForAll("values") List<Object> values) {
    List<Member> members = members(service);
    List<cn.onething.catalogue.Diagnostic> diagnostics = new ArrayList<>();
    FormMerger.Result result = new FormMerger(INDEX, diagnostics).merge(members);
    JsonObject properties = result.schema().getJsonObject("properties");
    for (String key : properties.fieldNames()) {
      Schema merged = schema(properties.getJsonObject(key));
      List<Schema> own = new ArrayList<>();
      for (Member member : members) {
        for (Object s : member.template().getJsonObject("form").getJsonArray("sections")) {
          for (Object f : ((JsonObject) s).getJsonArray("fields")) {
            JsonObject field = (JsonObject) f;
            if (FormMerger.keyOf(member, field).equals(key)) {
              own.add(schema(memberSchema(field)));
            }
          }
        }
      }
      for (Object value : values) {
        var node = MAPPER.valueToTree(value);
        boolean everyMember = own.stream().allMatch(schema -> schema.validate(node).isEmpty());
        boolean mergedAccepts = merged.validate(node).isEmpty();
        assertThat(mergedAccepts).as(key + " ← " + value).isEqualTo(everyMember);
      }
    }
  }

  @Property(tries = 100)
  void compilingIsDeterministicAndIndependentOfMemberOrder(@ForAll("services") List<List<GenField>> service, @ForAll long seed) {
    List<Member> members = members(service);
    List<Member> shuffled = new ArrayList<>(members);
    Collections.shuffle(shuffled, new Random(seed));
    JsonObject a = ReleaseCompiler.compile(definition(members), INDEX).release();
    JsonObject b = ReleaseCompiler.compile(definition(shuffled), INDEX).release();
    if (a == null || b == null) {
      assertThat(a).isEqualTo(b);
      return;
    }
    assertThat(b.encode()).isEqualTo(a.encode());
  }

  @Provide
  Arbitrary<List<Object>> values() {
    Arbitrary<Object> strings = Arbitraries.strings().withChars("张李王一二三").ofMaxLength(45).map(s -> (Object) s);
    Arbitrary<Object> ints = Arbitraries.integers().between(-5, 170).map(i -> (Object) i);
    Arbitrary<Object> kinds = Arbitraries.of("1", "2", "3", "4", "5", "6").map(s -> (Object) s);
    return Arbitraries.oneOf(strings, ints, kinds).list().ofMinSize(5).ofMaxSize(20);
  }

  /** What one member alone would accept: its element's schema and its own constraints, both. */
  private static JsonObject memberSchema(JsonObject field) {
    JsonObject element = INDEX.element(field.getString("element")).orElseThrow().json();
    return new JsonObject().put("allOf", new JsonArray()
        .add(constraintSchema(element.getString("type"), element.getJsonObject("constraints", new JsonObject())))
        .add(constraintSchema(element.getString("type"), field.getJsonObject("constraints", new JsonObject()))));
  }

  private static JsonObject constraintSchema(String type, JsonObject c) {
    JsonObject s = new JsonObject();
    switch (type) {
      case "integer" -> s.put("type", "integer");
      case "enum" -> { }
      default -> s.put("type", "string");
    }
    for (String k : List.of("minLength", "maxLength", "minimum", "maximum")) {
      if (c.containsKey(k)) {
        s.put(k, c.getValue(k));
      }
    }
    if (c.containsKey("options")) {
      JsonArray values = new JsonArray();
      c.getJsonArray("options").forEach(o -> values.add(((JsonObject) o).getValue("value")));
      s.put("enum", values);
    }
    return s;
  }

  private static Schema schema(JsonObject json) {
    return JsonSchemas.registry().getSchema(MAPPER.readTree(json.encode()));
  }

  static List<Member> members(List<List<GenField>> service) {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < service.size(); i++) {
      JsonArray fields = new JsonArray();
      for (GenField f : service.get(i)) {
        JsonObject field = new JsonObject().put("id", "f" + fields.size()).put("element", f.element())
            .put("role", f.role()).put("required", f.required());
        switch (f.element()) {
          case "p.name" -> field.put("constraints", new JsonObject().put("maxLength", Math.max(1, f.a())).put("minLength", f.a() / 3));
          case "p.age" -> field.put("constraints", new JsonObject().put("minimum", f.a()).put("maximum", f.b()));
          case "p.kind" -> field.put("constraints", new JsonObject().put("options", options(List.copyOf(f.kinds()))));
          default -> { }
        }
        fields.add(field);
      }
      JsonObject matter = new JsonObject().put("kind", "matter").put("publisher", "nhc").put("slug", "m" + i)
          .put("version", "1.0.0").put("title", "事项" + i).put("department", "health")
          .put("guide", new JsonObject().put("timeLimitDays", 3).put("offlineVisits", 0))
          .put("form", new JsonObject().put("sections", new JsonArray().add(new JsonObject()
              .put("id", "s").put("title", "信息").put("fields", fields))))
          .put("steps", new JsonArray().add(new JsonObject().put("id", "decide").put("name", "决定").put("type", "decide")
              .put("department", "health").put("timeLimitDays", 3)
              .put("outcomes", new JsonArray().add(new JsonObject().put("id", "ok").put("label", "准予").put("result", "approved")))));
      members.add(new Member("nhc/m" + i, "1.0.0", matter, "/members/" + i));
    }
    return members;
  }

  private static ServiceDefinition definition(List<Member> members) {
    return new ServiceDefinition("330000", "属性测试", members, List.of(), new JsonObject(), Set.of());
  }

  static JsonArray options(List<String> values) {
    JsonArray out = new JsonArray();
    values.stream().sorted().forEach(v -> out.add(new JsonObject().put("value", v).put("label", "选项" + v)));
    return out;
  }
}
