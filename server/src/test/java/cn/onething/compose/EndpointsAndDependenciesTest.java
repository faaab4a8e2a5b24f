package cn.onething.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Endpoints decide what e-licences can waive; a licence one member issues orders the one that needs it. */
class EndpointsAndDependenciesTest {

  @BeforeAll
  static void load() {
    NationalPackagesCompileTest.loadCatalogue();
  }

  static ReleaseCompiler.Compilation newborn(JsonObject endpoints) {
    ServiceDefinition d = NationalPackagesCompileTest.fromPackage("national/newborn", Set.of());
    return ReleaseCompiler.compile(new ServiceDefinition(d.region(), d.title(), d.members(), d.ordering(),
        d.sharedAcceptance(), Set.of(), List.of(), endpoints), NationalPackagesCompileTest.index);
  }

  @Test
  void configuringTheELicenceLookupWaivesTheMaterialsItCanAnswerFor() {
    long without = newborn(new JsonObject()).release().getJsonObject("figures").getJsonObject("materials").getLong("waived");
    ReleaseCompiler.Compilation with = newborn(new JsonObject().put("national/e-licence-lookup",
        new JsonObject().put("baseUrl", "https://elicence.zj.example/api").put("secretRef", "ZJ_ELICENCE_KEY")));
    assertThat(with.diagnostics()).isEmpty();
    assertThat(without).isZero();
    assertThat(with.release().getJsonObject("figures").getJsonObject("materials").getLong("waived")).isPositive();
    JsonObject lookup = with.release().getJsonArray("bindings").stream().map(b -> (JsonObject) b)
        .filter(b -> b.getString("binding").equals("national/e-licence-lookup")).findFirst().orElseThrow();
    assertThat(lookup.getJsonObject("endpoint").getString("secretRef")).isEqualTo("ZJ_ELICENCE_KEY");
  }

  @Test
  void badEndpointsAreDiagnosedAtTheirPointer() {
    ReleaseCompiler.Compilation bad = newborn(new JsonObject()
        .put("national/e-licence-lookup", new JsonObject().put("baseUrl", "ftp://nowhere"))
        .put("mps/population-identity", new JsonObject().put("baseUrl", "https://rk.example").put("secret", "s3cret"))
        .put("sta/deed-tax-calculation", new JsonObject().put("baseUrl", "https://tax.example")));
    assertThat(bad.diagnostics()).extracting(d -> d.pointer()).containsExactlyInAnyOrder(
        "/endpoints/national~1e-licence-lookup/baseUrl", "/endpoints/mps~1population-identity", "/endpoints/sta~1deed-tax-calculation");
  }

  @Test
  void aMatterNeedingAnIssuedLicenceWaitsForItsIssuerEvenUnordered() {
    ServiceDefinition d = NationalPackagesCompileTest.fromPackage("national/newborn", Set.of());
    JsonObject release = ReleaseCompiler.compile(new ServiceDefinition(d.region(), d.title(), d.members(), List.of(),
        d.sharedAcceptance(), Set.of()), NationalPackagesCompileTest.index).release();
    JsonObject registration = release.getJsonObject("process").getJsonArray("branches").stream().map(b -> (JsonObject) b)
        .filter(b -> b.getString("matter").equals("mps/birth-registration")).findFirst().orElseThrow();
    assertThat(registration.getJsonArray("after").stream().map(a -> (JsonObject) a))
        .anySatisfy(a -> {
          assertThat(a.getString("matter")).isEqualTo("nhc/birth-medical-certificate");
          assertThat(a.getString("reason")).startsWith("数据依赖");
        });
  }

  @Test
  void aCycleInTheOrderingIsAnErrorNamingIt() {
    ServiceDefinition d = NationalPackagesCompileTest.fromPackage("national/newborn", Set.of());
    List<JsonObject> ordering = new java.util.ArrayList<>(d.ordering());
    ordering.add(new JsonObject().put("before", "mps/birth-registration").put("after", "nhc/birth-medical-certificate"));
    ReleaseCompiler.Compilation compiled = ReleaseCompiler.compile(new ServiceDefinition(d.region(), d.title(), d.members(),
        ordering, d.sharedAcceptance(), Set.of()), NationalPackagesCompileTest.index);
    assertThat(compiled.ok()).isFalse();
    assertThat(compiled.diagnostics()).anySatisfy(diag -> {
      assertThat(diag.pointer()).isEqualTo("/ordering");
      assertThat(diag.message()).contains("循环").contains("mps/birth-registration").contains("nhc/birth-medical-certificate");
    });
  }
}
