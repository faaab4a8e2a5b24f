package cn.onething.compose;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.catalogue.Diagnostic;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A province adapts a package by stable ids; what the publisher locked stays locked. */
class OverridesCompileTest {

  @BeforeAll
  static void load() {
    NationalPackagesCompileTest.loadCatalogue();
  }

  static ReleaseCompiler.Compilation compile(List<JsonObject> overrides) {
    ServiceDefinition newborn = NationalPackagesCompileTest.fromPackage("national/newborn", NationalPackagesCompileTest.allLicences);
    return ReleaseCompiler.compile(new ServiceDefinition(newborn.region(), newborn.title(), newborn.members(),
        newborn.ordering(), newborn.sharedAcceptance(), newborn.licencesAvailable(), overrides), NationalPackagesCompileTest.index);
  }

  @Test
  void aLocalFieldAndAStreetOfficeStepAreAdded() {
    int before = compile(List.of()).release().getJsonObject("figures").getJsonObject("fields").getInteger("asked");
    ReleaseCompiler.Compilation compiled = compile(List.of(
        new JsonObject().put("id", "ov-street").put("op", "addField").put("section", "申请人联系方式")
            .put("field", new JsonObject().put("id", "streetOffice").put("type", "string").put("label", "户籍所在街道（乡镇）")
                .put("required", true).put("constraints", new JsonObject().put("maxLength", 40))),
        new JsonObject().put("id", "ov-check").put("op", "addStep").put("after", "mps/birth-registration")
            .put("step", new JsonObject().put("id", "street-check").put("name", "街道（乡镇）核查").put("type", "inspect")
                .put("department", "civil-affairs").put("timeLimitDays", 2)),
        new JsonObject().put("id", "ov-label").put("op", "relabel").put("field", "applicant_person_mobile").put("label", "联系手机")));
    assertThat(compiled.diagnostics()).isEmpty();
    JsonObject release = compiled.release();
    assertThat(release.getJsonObject("schema").getJsonObject("properties").getJsonObject("local__streetOffice")
        .getInteger("maxLength")).isEqualTo(40);
    assertThat(release.getJsonObject("schema").getJsonArray("required")).contains("local__streetOffice");
    assertThat(release.getJsonObject("figures").getJsonObject("fields").getInteger("asked")).isEqualTo(before + 1);
    JsonObject branch = release.getJsonObject("process").getJsonArray("branches").stream().map(b -> (JsonObject) b)
        .filter(b -> b.getString("matter").equals("local/street-check")).findFirst().orElseThrow();
    assertThat(branch.getJsonArray("after").getJsonObject(0).getString("matter")).isEqualTo("mps/birth-registration");
    assertThat(release.getJsonObject("responsibilities").getJsonObject("civil-affairs").getJsonArray("steps").encode())
        .contains("street-check");
    assertThat(release.getJsonObject("schema").getJsonObject("properties").getJsonObject("applicant_person_mobile")
        .getString("title")).isEqualTo("联系手机");
  }

  @Test
  void hidingALockedFieldNamesTheLock() {
    ReleaseCompiler.Compilation compiled = compile(List.of(
        new JsonObject().put("id", "ov-hide").put("op", "hide").put("field", "mother_person_idNumber")));
    assertThat(compiled.ok()).isFalse();
    Diagnostic d = compiled.diagnostics().get(0);
    assertThat(d.pointer()).isEqualTo("/overrides/0");
    assertThat(d.message()).contains("锁定").contains("#");
    JsonObject sources = compile(List.of()).release().getJsonObject("provenance").getJsonObject("mother_person_idNumber");
    assertThat(sources.getJsonArray("sources").stream().map(s -> (JsonObject) s))
        .as("the designer shows the lock: provenance says which member locked the field")
        .anySatisfy(s -> assertThat(s.getBoolean("locked")).isTrue());
  }

  @Test
  void looseningAConstraintIsRefusedAndTighteningIsApplied() {
    JsonObject field = compile(List.of()).release().getJsonObject("schema").getJsonObject("properties")
        .getJsonObject("newborn_person_name");
    int max = field.getInteger("maxLength");
    ReleaseCompiler.Compilation loose = compile(List.of(new JsonObject().put("id", "ov-loose").put("op", "tighten")
        .put("field", "newborn_person_name").put("constraints", new JsonObject().put("maxLength", max + 10))));
    assertThat(loose.ok()).isFalse();
    assertThat(loose.diagnostics().get(0).pointer()).isEqualTo("/overrides/0/constraints");

    ReleaseCompiler.Compilation tight = compile(List.of(new JsonObject().put("id", "ov-tight").put("op", "tighten")
        .put("field", "newborn_person_name").put("constraints", new JsonObject().put("maxLength", 10))));
    assertThat(tight.diagnostics()).isEmpty();
    assertThat(tight.release().getJsonObject("schema").getJsonObject("properties").getJsonObject("newborn_person_name")
        .getInteger("maxLength")).isEqualTo(10);
  }

  @Test
  void anOverrideWhoseTargetIsGoneIsReported() {
    ReleaseCompiler.Compilation compiled = compile(List.of(
        new JsonObject().put("id", "ov-old").put("op", "relabel").put("field", "applicant_person_faxNumber").put("label", "传真")));
    assertThat(compiled.diagnostics()).singleElement().satisfies(d -> {
      assertThat(d.pointer()).isEqualTo("/overrides/0/field");
      assertThat(d.message()).contains("ov-old").contains("不存在");
    });
  }

  @Test
  void suggestionsComeWithTheirEvidence() {
    ServiceDefinition newborn = NationalPackagesCompileTest.fromPackage("national/newborn", java.util.Set.of());
    JsonObject release = ReleaseCompiler.compile(newborn, NationalPackagesCompileTest.index).release();
    var suggestions = release.getJsonArray("suggestions").stream().map(s -> (JsonObject) s).toList();
    assertThat(suggestions).anySatisfy(s -> {
      assertThat(s.getString("type")).isEqualTo("e-licence");
      assertThat(s.getJsonObject("evidence").getString("licenceType")).isNotBlank();
    });
    assertThat(suggestions).allSatisfy(s -> assertThat(s.getString("kind")).isEqualTo("suggestion"));
    JsonObject withLookups = ReleaseCompiler.compile(NationalPackagesCompileTest.fromPackage("national/newborn",
        NationalPackagesCompileTest.allLicences), NationalPackagesCompileTest.index).release();
    assertThat(withLookups.getJsonArray("suggestions").stream().map(s -> ((JsonObject) s).getString("type")))
        .as("once every licence can be looked up there is nothing to suggest about them").doesNotContain("e-licence");
  }

  @Test
  void aPackageOrderingWithoutDataPassingIsFlaggedAndOneWithItIsNot() {
    JsonObject release = ReleaseCompiler.compile(NationalPackagesCompileTest.fromPackage("national/company-opening",
        NationalPackagesCompileTest.allLicences), NationalPackagesCompileTest.index).release();
    var parallel = release.getJsonArray("suggestions").stream().map(s -> (JsonObject) s)
        .filter(s -> s.getString("type").equals("parallel")).toList();
    JsonObject newborn = ReleaseCompiler.compile(NationalPackagesCompileTest.fromPackage("national/newborn",
        NationalPackagesCompileTest.allLicences), NationalPackagesCompileTest.index).release();
    assertThat(newborn.getJsonArray("suggestions").stream().map(s -> (JsonObject) s)
        .filter(s -> s.getString("type").equals("parallel"))
        .map(s -> s.getJsonObject("evidence").getString("after")))
        .as("落户 uses the birth certificate the first matter issues").doesNotContain("mps/birth-registration");
    parallel.forEach(p -> assertThat(p.getJsonObject("evidence").getString("before")).isNotBlank());
  }
}
