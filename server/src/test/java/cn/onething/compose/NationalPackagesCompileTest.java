package cn.onething.compose;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.catalogue.CatalogueFiles;
import cn.onething.catalogue.CatalogueIndex;
import cn.onething.catalogue.Diagnostic;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The national packages compiled into one form, one set of materials, one parallel process. */
class NationalPackagesCompileTest {
  static CatalogueIndex index;
  static Map<String, JsonObject> templates = new LinkedHashMap<>();
  static Set<String> allLicences = new HashSet<>();

  @BeforeAll
  static void loadCatalogue() {
    if (index != null) {
      return;
    }
    List<JsonObject> all = new ArrayList<>();
    for (CatalogueFiles.TemplateFile file : CatalogueFiles.read(Path.of("..", "templates"))) {
      all.add(file.template());
      templates.put(file.template().getString("publisher") + "/" + file.template().getString("slug"), file.template());
      file.template().getJsonArray("licenceTypes", new JsonArray()).forEach(l -> {
        if (l instanceof JsonObject licence) {
          allLicences.add(licence.getString("id"));
        }
      });
    }
    index = CatalogueIndex.of(all);
  }

  static ServiceDefinition fromPackage(String ref, Set<String> licences) {
    JsonObject pack = templates.get(ref);
    List<Member> members = new ArrayList<>();
    JsonArray list = pack.getJsonArray("members");
    for (int i = 0; i < list.size(); i++) {
      String matter = list.getJsonObject(i).getString("matter");
      JsonObject template = templates.get(matter);
      members.add(new Member(matter, template.getString("version"), template, "/members/" + i));
    }
    List<JsonObject> ordering = new ArrayList<>();
    pack.getJsonArray("ordering", new JsonArray()).forEach(o -> ordering.add((JsonObject) o));
    return new ServiceDefinition("330000", pack.getString("title"), members, ordering,
        pack.getJsonObject("sharedAcceptance", new JsonObject()), licences);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"national/newborn", "national/company-opening", "national/second-hand-housing-transfer",
      "national/investment-project", "national/restaurant-opening", "national/retirement",
      "national/school-enrolment", "national/disability-services"})
  void eachNationalPackageCompilesAndAsksLessThanItsMembers(String ref) {
    ReleaseCompiler.Compilation compiled = ReleaseCompiler.compile(fromPackage(ref, allLicences), index);
    assertThat(compiled.diagnostics()).isEmpty();
    JsonObject figures = compiled.release().getJsonObject("figures");
    System.out.println(ref + " " + figures.encode());
    assertThat(figures.getJsonObject("fields").getInteger("asked"))
        .isLessThan(figures.getJsonObject("fields").getInteger("memberSum"));
    assertThat(figures.getJsonObject("workingDays").getInteger("promised"))
        .isLessThanOrEqualTo(figures.getJsonObject("workingDays").getInteger("memberSum"));
    assertThat(figures.getJsonObject("steps").getInteger("service"))
        .isLessThan(figures.getJsonObject("steps").getInteger("memberSum"));
  }

  @Test
  void newbornAsksEachFactOnceWaivesWhatELicencesCoverAndRegistersAfterTheCertificate() {
    JsonObject release = ReleaseCompiler.compile(fromPackage("national/newborn", allLicences), index).release();
    JsonObject provenance = release.getJsonObject("provenance");
    assertThat(provenance.getJsonObject("mother_person_idNumber").getJsonArray("sources").size())
        .as("the mother's ID number is asked by several matters, once in the form").isGreaterThanOrEqualTo(3);
    assertThat(release.getJsonObject("schema").getJsonArray("required")).contains("mother_person_idNumber");

    JsonObject figures = release.getJsonObject("figures");
    assertThat(figures.getJsonObject("materials").getInteger("asked"))
        .isLessThan(figures.getJsonObject("materials").getInteger("memberSum"));
    assertThat(figures.getJsonObject("materials").getLong("waived")).isPositive();

    JsonObject process = release.getJsonObject("process");
    assertThat(process.getJsonArray("startInParallel")).contains("nhc/birth-medical-certificate")
        .doesNotContain("mps/birth-registration");
    JsonObject registration = process.getJsonArray("branches").stream().map(b -> (JsonObject) b)
        .filter(b -> b.getString("matter").equals("mps/birth-registration")).findFirst().orElseThrow();
    assertThat(registration.getJsonArray("after").stream().map(a -> ((JsonObject) a).getString("matter")))
        .contains("nhc/birth-medical-certificate");
    assertThat(process.getJsonObject("criticalPath").getJsonArray("matters"))
        .startsWith("nhc/birth-medical-certificate");
  }

  @Test
  void withoutELicenceLookupNothingIsWaived() {
    JsonObject figures = ReleaseCompiler.compile(fromPackage("national/newborn", Set.of()), index).release()
        .getJsonObject("figures");
    assertThat(figures.getJsonObject("materials").getLong("waived")).isZero();
  }

  @Test
  void theInvestmentProjectRunsAsAChainWhoseDaysAddUp() {
    JsonObject process = ReleaseCompiler.compile(fromPackage("national/investment-project", allLicences), index)
        .release().getJsonObject("process");
    int chain = process.getJsonObject("acceptance").getInteger("timeLimitDays");
    for (Object ref : process.getJsonObject("criticalPath").getJsonArray("matters")) {
      chain += process.getJsonArray("branches").stream().map(b -> (JsonObject) b)
          .filter(b -> b.getString("matter").equals(ref)).findFirst().orElseThrow().getInteger("days");
    }
    assertThat(process.getJsonObject("criticalPath").getInteger("days")).isEqualTo(chain);
    assertThat(process.getJsonObject("criticalPath").getJsonArray("matters").size()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void theSameDefinitionGivesTheSameBytesWhateverTheMemberOrder() {
    ServiceDefinition original = fromPackage("national/company-opening", allLicences);
    List<Member> shuffled = new ArrayList<>(original.members());
    Collections.shuffle(shuffled, new Random(7));
    ServiceDefinition reordered = new ServiceDefinition(original.region(), original.title(), shuffled,
        original.ordering(), original.sharedAcceptance(), original.licencesAvailable());
    JsonObject a = ReleaseCompiler.compile(original, index).release();
    JsonObject b = ReleaseCompiler.compile(reordered, index).release();
    assertThat(b.encode()).isEqualTo(a.encode());
    assertThat(b.getString("contentHash")).isEqualTo(a.getString("contentHash"));
  }

  @Test
  void incompatibleDefinitionsOfOneElementNameBothSources() {
    ServiceDefinition newborn = fromPackage("national/newborn", allLicences);
    List<Member> members = new ArrayList<>(newborn.members());
    Member certificate = members.stream().filter(m -> m.ref().equals("nhc/birth-medical-certificate")).findFirst().orElseThrow();
    Member registration = members.stream().filter(m -> m.ref().equals("mps/birth-registration")).findFirst().orElseThrow();
    members.set(members.indexOf(certificate), restrictGender(certificate, "1"));
    members.set(members.indexOf(registration), restrictGender(registration, "2"));
    ReleaseCompiler.Compilation compiled = ReleaseCompiler.compile(new ServiceDefinition("330000", "冲突", members,
        newborn.ordering(), newborn.sharedAcceptance(), Set.of()), index);
    assertThat(compiled.ok()).isFalse();
    assertThat(compiled.release()).isNull();
    Diagnostic conflict = compiled.diagnostics().get(0);
    assertThat(conflict.message()).contains("nhc/birth-medical-certificate#").contains("mps/birth-registration#")
        .contains("矛盾");
    assertThat(conflict.pointer()).endsWith("/constraints");
  }

  /** The member with its newborn gender field allowed only one value. */
  private static Member restrictGender(Member member, String value) {
    JsonObject copy = member.template().copy();
    for (Object s : copy.getJsonObject("form").getJsonArray("sections")) {
      for (Object f : ((JsonObject) s).getJsonArray("fields")) {
        JsonObject field = (JsonObject) f;
        if ("person.gender".equals(field.getString("element")) && "newborn".equals(field.getString("role"))) {
          field.put("constraints", new JsonObject().put("options", new JsonArray()
              .add(new JsonObject().put("value", value).put("label", value.equals("1") ? "男" : "女"))));
        }
      }
    }
    return new Member(member.ref(), member.version(), copy, member.pointer());
  }

  @Test
  void whatTheProcessProducesIsNotAskedOfTheApplicant() {
    JsonObject newborn = ReleaseCompiler.compile(fromPackage("national/newborn", Set.of()), index).release();
    JsonObject company = ReleaseCompiler.compile(fromPackage("national/company-opening", Set.of()), index).release();
    assertThat(origins(newborn)).containsEntry("newborn_person_idNumber", "process")
        .containsEntry("mohrss_social_security_card_application__socialSecurityCardNo", "process")
        .doesNotContainKey("mother_person_idNumber");
    // 设立登记 assigns the USCC, so the later members (社保, 公积金, 税务) take it from there.
    assertThat(origins(company)).containsEntry("applicant_enterprise_uscc", "process");
    int produced = origins(newborn).size();
    JsonObject fields = newborn.getJsonObject("figures").getJsonObject("fields");
    assertThat(fields.getInteger("asked")).isEqualTo(newborn.getJsonObject("schema").getJsonObject("properties").size() - produced);
  }

  static Map<String, String> origins(JsonObject release) {
    Map<String, String> out = new LinkedHashMap<>();
    release.getJsonArray("layout").forEach(s -> ((JsonObject) s).getJsonArray("fields").forEach(f -> {
      JsonObject field = (JsonObject) f;
      if (field.getString("origin") != null) {
        out.put(field.getString("key"), field.getString("origin"));
      }
    }));
    return out;
  }
}
