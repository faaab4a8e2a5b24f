package cn.onething.pages;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.RunningSimulator;
import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The citizen pages without JavaScript, through HTTP, against the department simulator: log in,
 * the form pre-filled from the population registry and e-licences, errors summarised and shown at
 * their fields, one submission, the receipt, and nobody else's applications; CSRF and CSP on every page.
 */
@ExtendWith(ServerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CitizenPagesTest {
  static final String LI_NA = "330106199208151424";
  static final String ZHANG_WEI = "330106199003071236";
  static RunningSimulator simulator;
  static String receipt;

  static Map<String, String> serverEnv() {
    simulator = new RunningSimulator();
    return simulator.serverEnv(true);
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  static String base(TestServer server) {
    return "http://127.0.0.1:" + server.server().port();
  }

  static Map<String, String> formFields(String csrf, String key, String action) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("_csrf", csrf);
    f.put("submissionKey", key);
    f.put("action", action);
    return f;
  }

  static Map<String, String> newborn() {
    String born = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(5).toString();
    Map<String, String> f = new LinkedHashMap<>();
    f.put("applicant_person_relationship", "52");
    f.put("applicant_person_mobile", "13800138000");
    f.put("mother_person_idNumber", LI_NA);
    f.put("mother_person_nationality", "CHN");
    f.put("father_person_idNumber", ZHANG_WEI);
    f.put("newborn_person_name", "张小满");
    f.put("newborn_person_gender", "2");
    f.put("newborn_person_birthDate", born);
    f.put("newborn_person_ethnicity", "01");
    f.put("newborn_birth_time", "08:30");
    f.put("newborn_birth_place", "浙江省杭州市西湖区");
    f.put("newborn_birth_length", "50.5");
    f.put("newborn_birth_weight", "3300");
    f.put("newborn_birth_gestationalWeeks", "39");
    f.put("newborn_birth_institution", "浙江大学医学院附属妇产科医院");
    f.put("nhc_birth_medical_certificate__birthPlaceCategory", "1");
    f.put("nhc_birth_medical_certificate__newbornHealth", "1");
    f.put("mps_birth_registration__settleWith", "father");
    f.put("mps_birth_registration__relationToHouseholder", "女");
    f.put("newborn_person_householdAddress", "浙江省杭州市西湖区文三路478号2幢1单元601室");
    f.put("newborn_person_residenceAddress", "浙江省杭州市西湖区文三路478号2幢1单元601室");
    f.put("newborn_health_vaccinationClinic", "西湖区北山街道社区卫生服务中心");
    f.put("newborn_medical_insuranceType", "390");
    f.put("newborn_medical_insuredRegion", "330106");
    f.put("newborn_social_cardBank", "中国工商银行杭州分行");
    f.put("mohrss_social_security_card_application__deliveryMethod", "branch");
    return f;
  }

  @Test
  @Order(1)
  void theServicesAndTheGuideAreThereForAnyoneWithAPolicyWithoutEval(TestServer server) {
    Browser b = new Browser(base(server));
    HttpResponse<String> list = b.get("/s/330000");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("新生儿出生一件事", "企业开办一件事", "<h2 id=\"stage-");
    assertThat(list.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'").doesNotContain("unsafe-eval").doesNotContain("unsafe-inline")
        .as("the designer (same origin) previews the pages in a frame; no other site may").contains("frame-ancestors 'self'");
    HttpResponse<String> guide = b.get("/s/330000/newborn");
    assertThat(guide.body()).contains("办理条件", "可由电子证照代替", "个工作日办结", "跑动 <strong>1</strong> 次",
        "出生登记（落户）");
    assertThat(b.get("/s/330000?q=" + java.net.URLEncoder.encode("出生", java.nio.charset.StandardCharsets.UTF_8)).body())
        .contains("新生儿出生一件事").doesNotContain("企业开办一件事");
    assertThat(b.get("/s/330000/nothing-here").statusCode()).isEqualTo(404);
    assertThat(b.get("/s/330000/newborn/apply").statusCode()).as("login first").isEqualTo(303);
  }

  @Test
  @Order(2)
  void aCitizenLogsInFindsTheFormPrefilledSubmitsOnceAndSeesTheReceipt(TestServer server) {
    Browser b = new Browser(base(server));
    b.login("citizen-lina", "/s/330000/newborn/apply");
    HttpResponse<String> form = b.get("/s/330000/newborn/apply");
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("value=\"" + LI_NA + "\"")  // the applicant's own ID, from the login
        .contains("已由电子证照代替").contains("J330106-2019-000518")  // her marriage certificate e-licence
        .contains("新生儿公民身份号码").contains("无需填写");
    String key = Browser.submissionKey(form.body());

    // 带出信息: the parents' ID numbers bring their names and addresses from the population registry.
    Map<String, String> fields = formFields(b.csrf, key, "prefill");
    fields.put("mother_person_idNumber", LI_NA);
    fields.put("father_person_idNumber", ZHANG_WEI);
    HttpResponse<String> prefilled = b.postMultipart("/s/330000/newborn/apply", fields, Map.of());
    assertThat(prefilled.statusCode()).isEqualTo(200);
    assertThat(prefilled.body()).contains("来自全国人口信息管理系统").contains("value=\"张伟\"")
        .contains("浙江省杭州市西湖区文三路478号");

    // Missing things: all at once, summarised at the top and at each field.
    Map<String, String> partial = formFields(b.csrf, key, "submit");
    partial.putAll(newborn());
    partial.remove("newborn_person_name");
    partial.put("mohrss_social_security_card_application__deliveryMethod", "post");
    HttpResponse<String> errors = b.postMultipart("/s/330000/newborn/apply", partial, Map.of());
    assertThat(errors.statusCode()).isEqualTo(422);
    assertThat(errors.body()).contains("class=\"error-summary\"").contains("href=\"#f-newborn_person_name\"")
        .contains("id=\"e-newborn_person_name\"").contains("aria-describedby=\"h-newborn_person_name e-newborn_person_name\"")
        .contains("href=\"#f-applicant_address_region\"").contains("请上传“新生儿出生时疫苗接种记录”")
        .contains("value=\"张伟\"");  // what was typed and prefilled is still there

    Map<String, String> full = formFields(b.csrf, key, "submit");
    full.putAll(newborn());
    HttpResponse<String> done = b.postMultipart("/s/330000/newborn/apply", full, Map.of("material-6",
        new AbstractMap.SimpleEntry<>("接种记录.pdf", "%PDF-1.4\n%vaccination\n%%EOF\n".getBytes())));
    assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
    receipt = done.headers().firstValue("Location").orElseThrow();
    assertThat(receipt).matches("/s/me/applications/330000-\\d{8}-\\d{6}\\?submitted=1");

    HttpResponse<String> shown = b.get(receipt);
    assertThat(shown.body()).contains("提交成功", "申请编号", "新生儿出生一件事", "已由电子证照代替", "接种记录.pdf");
    // A second click on the same form (same key) does not make a second application.
    assertThat(b.postMultipart("/s/330000/newborn/apply", full, Map.of()).headers().firstValue("Location").orElseThrow())
        .isEqualTo(receipt);
    assertThat(b.get("/s/me/applications").body().split("/s/me/applications/330000-").length - 1).isEqualTo(1);

    JsonObject stored = server.get("/api/applications/" + receipt.substring(receipt.lastIndexOf('/') + 1, receipt.indexOf('?')))
        .as("citizen-lina").send().json();
    assertThat(stored.getJsonObject("data").getString("mother_person_name")).isEqualTo("李娜");
    assertThat(stored.getJsonObject("prefilled").getJsonObject("father_person_name").getString("system"))
        .isEqualTo("全国人口信息管理系统");
  }

  @Test
  @Order(3)
  void anotherCitizenCannotSeeIt(TestServer server) {
    Browser other = new Browser(base(server));
    other.login("citizen-chenjie", "/s/me/applications");
    String path = receipt.substring(0, receipt.indexOf('?'));
    assertThat(other.get(path).statusCode()).isEqualTo(404);
    assertThat(other.get("/s/me/applications").body()).contains("您还没有提交过申请");
  }

  @Test
  @Order(4)
  void aFormPostedFromElsewhereIsRefused(TestServer server) {
    Browser b = new Browser(base(server));
    b.login("citizen-lina", "/s/me/applications");
    Map<String, String> forged = formFields("not-the-token", "00000000-0000-0000-0000-000000000000", "submit");
    forged.putAll(newborn());
    HttpResponse<String> r = b.postMultipart("/s/330000/newborn/apply", forged, Map.of());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("页面已过期");
    assertThat(b.postForm("/s/login", Map.of("user", "citizen-chenjie")).statusCode()).isEqualTo(403);
  }

  @Test
  @Order(5)
  void aLoginNeverRedirectsAway() {
    assertThat(CitizenPages.safeNext("https://evil.example/")).isEqualTo("/s/me/applications");
    assertThat(CitizenPages.safeNext("//evil.example/s/")).isEqualTo("/s/me/applications");
    assertThat(CitizenPages.safeNext("/s/330000/newborn/apply")).isEqualTo("/s/330000/newborn/apply");
  }
}
