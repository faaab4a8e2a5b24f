package cn.onething.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each kind of defect is found, at the right place, with a message a person can act on. */
class TemplateValidatorTest {

  @Test
  void theValidFixturesPass() {
    CatalogueIndex index = Fixtures.index();
    for (String name : List.of("elements", "binding", "matter", "package")) {
      assertThat(TemplateValidator.validate(Fixtures.load(name), index)).as(name).isEmpty();
    }
  }

  @Test
  void aBindingSchemaThatWouldHangOrFetchIsRefusedAtLintNotCompiled() {
    CatalogueIndex index = Fixtures.index();
    JsonObject fanOut = Fixtures.load("binding").put("request", new JsonObject(cn.onething.forms.SchemaLimitsTest.fanOut(30)));
    assertThat(TemplateValidator.validate(fanOut, index)).anySatisfy(d -> {
      assertThat(d.pointer()).isEqualTo("/request");
      assertThat(d.message()).contains("展开引用后过大");
    });
    JsonObject remote = Fixtures.load("binding").put("response", new JsonObject()
        .put("properties", new JsonObject().put("x", new JsonObject().put("$ref", "http://169.254.169.254/latest"))));
    assertThat(TemplateValidator.validate(remote, index)).anySatisfy(d -> {
      assertThat(d.pointer()).isEqualTo("/response/properties/x/$ref");
      assertThat(d.message()).contains("不能引用其他文件或网址");
    });
  }

  static Stream<Arguments> defects() {
    return Stream.of(
        defect("matter", "missing title", t -> t.remove("title"), "/title", "title"),
        defect("matter", "unknown property", t -> field(t, 0, 0).put("colour", "red"), "/form/sections/0/fields/0/colour", "colour"),
        defect("matter", "malformed version", t -> t.put("version", "1.0"), "/version", ""),
        defect("matter", "field with element and type", t -> field(t, 0, 0).put("type", "string"), "/form/sections/0/fields/0", "二选一"),
        defect("matter", "duplicate field id", t -> field(t, 1, 0).put("id", "applicantName"), "/form/sections/1/fields/0/id", "重复"),
        defect("matter", "unknown data element", t -> field(t, 0, 1).put("element", "tperson.shoeSize"), "/form/sections/0/fields/1/element", "tperson.shoeSize"),
        defect("matter", "same fact asked twice", t -> field(t, 1, 0).remove("role"), "/form/sections/1/fields/0/element", "同一事实"),
        defect("matter", "constraint loosened", t -> field(t, 1, 0).put("constraints", new JsonObject().put("maxLength", 80)), "/form/sections/1/fields/0/constraints/maxLength", "只能收紧"),
        defect("matter", "unknown e-licence type", t -> material(t, 0).put("eLicence", "passport"), "/materials/0/eLicence", "passport"),
        defect("matter", "duplicate material id", t -> material(t, 1).put("id", "mother-id-card"), "/materials/1/id", "重复"),
        defect("matter", "next step that does not exist", t -> outcome(t, 0, 0).put("next", new JsonArray().add("review")), "/steps/0/outcomes/0/next/0", "review"),
        defect("matter", "cycle between steps", t -> outcome(t, 2, 1).put("next", new JsonArray().add("accept")).remove("result"), "/steps/0", "循环"),
        defect("matter", "unreachable step", t -> outcome(t, 0, 0).put("next", new JsonArray().add("decide")), "/steps/1", "无法从第一个环节"),
        defect("matter", "verify step without binding", t -> step(t, 1).remove("binding"), "/steps/1/binding", "verify"),
        defect("matter", "sensitivity lowered", t -> field(t, 0, 1).put("sensitivity", "public"), "/form/sections/0/fields/1/sensitivity", "只能提高"),
        defect("matter", "outcome that leads nowhere", t -> outcome(t, 2, 1).remove("result"), "/steps/2/outcomes/1", "result"),
        defect("matter", "verify step calling a prefill binding", t -> use(t).put("purpose", "prefill"), "/steps/1/binding", "verify"),
        defect("matter", "step limits exceed the promise", t -> step(t, 2).put("timeLimitDays", 10), "/guide/timeLimitDays", "超过了承诺时限"),
        defect("matter", "binding template that does not exist", t -> use(t).put("binding", "mps/no-such-system"), "/bindings/0/binding", "不存在"),
        defect("matter", "binding version range not published", t -> use(t).put("version", "^2.0.0"), "/bindings/0/binding", "^2.0.0"),
        defect("matter", "binding parameter that does not exist", t -> use(t).getJsonObject("outputs").put("shoeSize", "newbornName"), "/bindings/0/outputs/shoeSize", "shoeSize"),
        defect("matter", "binding mapped to a missing field", t -> use(t).getJsonObject("inputs").put("idNumber", "motherIdNumber"), "/bindings/0/inputs/idNumber", "motherIdNumber"),
        defect("matter", "required binding input unmapped", t -> use(t).put("inputs", new JsonObject()), "/bindings/0/inputs", "idNumber"),
        defect("matter", "rule that is not an expression", t -> rule(t, 0).put("expression", "form.newbornBirthDate >"), "/rules/0/expression", "不是合法的"),
        defect("matter", "rule with a statement after it", t -> rule(t, 0).put("expression", "1; while (true) {}"), "/rules/0/expression", "多余"),
        defect("matter", "rule reaching for the host", t -> rule(t, 0).put("expression", "Java.type('java.lang.Runtime')"), "/rules/0/expression", "Java"),
        defect("matter", "rule climbing to the constructor", t -> rule(t, 0).put("expression", "form.constructor.constructor('return this')()"), "/rules/0/expression", "constructor"),
        defect("matter", "rule defining a function", t -> rule(t, 0).put("expression", "(() => 1)()"), "/rules/0/expression", "函数"),
        defect("matter", "rule assigning", t -> rule(t, 0).put("expression", "form.applicantName = 'x'"), "/rules/0/expression", "赋值"),
        defect("matter", "rule naming a missing field", t -> rule(t, 1).put("expression", "form.fatherName !== ''"), "/rules/1/expression", "form.fatherName"),
        defect("matter", "rule target missing", t -> rule(t, 1).put("target", "fatherName"), "/rules/1/target", "fatherName"),
        defect("matter", "eligible rule without message", t -> rule(t, 0).remove("message"), "/rules/0/message", "message"),
        defect("package", "member that does not exist", t -> t.getJsonArray("members").getJsonObject(1).put("matter", "nhc/no-such-matter"), "/members/1/matter", "不存在"),
        defect("package", "ordering cycle", t -> t.getJsonArray("ordering").add(new JsonObject().put("before", "nhc/test-matter-two").put("after", "nhc/test-matter")), "/ordering/0", "循环"),
        defect("package", "ordering with a non-member", t -> t.getJsonArray("ordering").getJsonObject(0).put("after", "mps/birth-registration"), "/ordering/0/after", "不是本事项包的成员"),
        defect("elements", "minimum above maximum", t -> t.getJsonArray("elements").getJsonObject(0).put("constraints", new JsonObject().put("minLength", 9).put("maxLength", 3)), "/elements/0/constraints/minLength", "大于"),
        defect("elements", "enum without options", t -> t.getJsonArray("elements").getJsonObject(3).remove("constraints"), "/elements/3/constraints", "options"),
        defect("binding", "pointer outside the schema", t -> t.getJsonArray("outputs").getJsonObject(0).put("pointer", "/person/age"), "/outputs/0/pointer", "/person/age"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("defects")
  void eachDefectIsReportedWhereItIs(String fixture, String what, Consumer<JsonObject> damage, String pointer, String words) {
    JsonObject template = Fixtures.load(fixture);
    damage.accept(template);
    List<Diagnostic> found = TemplateValidator.validate(template, Fixtures.index());
    assertThat(found).as(what).anySatisfy(d -> {
      assertThat(d.pointer()).isEqualTo(pointer);
      assertThat(d.message()).contains(words).matches("(?s).*\\p{IsHan}.*");
    });
  }

  @Test
  void everyDefectIsReportedAtOnce() {
    JsonObject template = Fixtures.load("matter");
    field(template, 0, 1).put("element", "tperson.shoeSize");
    material(template, 0).put("eLicence", "passport");
    rule(template, 1).put("target", "fatherName");
    use(template).getJsonObject("outputs").put("shoeSize", "newbornName");
    List<Diagnostic> found = TemplateValidator.validate(template, Fixtures.index());
    assertThat(found).extracting(Diagnostic::pointer).contains(
        "/form/sections/0/fields/1/element", "/materials/0/eLicence", "/rules/1/target", "/bindings/0/outputs/shoeSize");
  }

  private static Arguments defect(String fixture, String what, Consumer<JsonObject> damage, String pointer, String words) {
    return Arguments.of(fixture, what, damage, pointer, words);
  }

  private static JsonObject field(JsonObject t, int section, int field) {
    return t.getJsonObject("form").getJsonArray("sections").getJsonObject(section).getJsonArray("fields").getJsonObject(field);
  }

  private static JsonObject material(JsonObject t, int i) {
    return t.getJsonArray("materials").getJsonObject(i);
  }

  private static JsonObject step(JsonObject t, int i) {
    return t.getJsonArray("steps").getJsonObject(i);
  }

  private static JsonObject outcome(JsonObject t, int step, int i) {
    return step(t, step).getJsonArray("outcomes").getJsonObject(i);
  }

  private static JsonObject use(JsonObject t) {
    return t.getJsonArray("bindings").getJsonObject(0);
  }

  private static JsonObject rule(JsonObject t, int i) {
    return t.getJsonArray("rules").getJsonObject(i);
  }
}
