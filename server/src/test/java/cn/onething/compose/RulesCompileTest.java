package cn.onething.compose;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.rules.RuleChecker;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Members' rules move onto the merged form; the province's own rules are checked against it. */
class RulesCompileTest {

  @BeforeAll
  static void load() {
    NationalPackagesCompileTest.loadCatalogue();
  }

  @Test
  void renamingTouchesOnlyRealFormReferences() {
    Map<String, String> names = Map.of("a", "applicant_person_name", "b", "local__b");
    String renamed = RuleChecker.renameFormReferences("form.a === 'form.a' && !isEmpty(form['b']) && ctx.a === form.c",
        names::get);
    assertThat(renamed).isEqualTo("form.applicant_person_name === 'form.a' && !isEmpty(form[\"local__b\"]) && ctx.a === form.c");
  }

  @Test
  void membersRulesArePointedAtTheMergedFields() {
    JsonObject release = OverridesCompileTest.compile(List.of()).release();
    JsonObject visible = release.getJsonArray("rules").stream().map(r -> (JsonObject) r)
        .filter(r -> r.getString("id").equals("nhc/birth-medical-certificate#" + r.getJsonObject("source").getString("rule"))
            && r.getString("kind").equals("visible"))
        .findFirst().orElseThrow();
    assertThat(visible.getString("expression")).contains("form.nhc_birth_medical_certificate__birthPlaceCategory")
        .doesNotContain("form.birthPlaceCategory");
    assertThat(release.getJsonObject("schema").getJsonObject("properties").containsKey(visible.getString("target"))).isTrue();
    assertThat(release.getJsonArray("rules").stream().map(r -> (JsonObject) r).filter(r -> r.getString("kind").equals("route")))
        .allSatisfy(r -> assertThat(r.getString("target")).contains("#"));
  }

  @Test
  void aProvinceRuleIsCheckedAgainstTheMergedForm() {
    ReleaseCompiler.Compilation good = OverridesCompileTest.compile(List.of(new JsonObject().put("id", "ov-rule").put("op", "addRule")
        .put("rule", new JsonObject().put("kind", "valid").put("target", "applicant_person_mobile")
            .put("expression", "startsWith(form.applicant_person_mobile, '1')").put("message", "请填写手机号码"))));
    assertThat(good.diagnostics()).isEmpty();
    assertThat(good.release().getJsonArray("rules").encode()).contains("local#ov-rule");

    ReleaseCompiler.Compilation bad = OverridesCompileTest.compile(List.of(new JsonObject().put("id", "ov-bad").put("op", "addRule")
        .put("rule", new JsonObject().put("kind", "eligible").put("expression", "form.mobile.constructor !== null")
            .put("message", "x"))));
    assertThat(bad.ok()).isFalse();
    assertThat(bad.diagnostics()).allSatisfy(d -> assertThat(d.pointer()).startsWith("/overrides/0/rule"));
  }
}
