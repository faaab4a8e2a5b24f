package cn.onething.apply;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;

/** A complete, valid 新生儿出生一件事 form as 李娜 (the mother) fills it in, for tests. */
public final class NewbornForm {
  public static final String LI_NA = "330106199208151424";
  public static final String ZHANG_WEI = "330106199003071236";

  private NewbornForm() {}

  public static LocalDate today() {
    return LocalDate.now(ZoneId.of("Asia/Shanghai"));
  }

  public static JsonObject data() {
    String born = today().minusDays(5).toString();
    return new JsonObject()
        .put("applicant_person_name", "李娜").put("applicant_person_idNumber", LI_NA)
        .put("applicant_person_relationship", "52").put("applicant_person_mobile", "13800138000")
        .put("mother_person_name", "李娜").put("mother_person_idNumber", LI_NA).put("mother_person_ethnicity", "01")
        .put("mother_person_nationality", "CHN").put("mother_person_householdAddress", "浙江省杭州市西湖区文三路 100 号")
        .put("father_person_name", "张伟").put("father_person_idNumber", ZHANG_WEI).put("father_person_ethnicity", "01")
        .put("newborn_person_name", "张小满").put("newborn_person_gender", "2").put("newborn_person_birthDate", born)
        .put("newborn_person_ethnicity", "01")
        .put("newborn_birth_time", "08:30").put("newborn_birth_place", "浙江省杭州市西湖区")
        .put("newborn_birth_length", 50.5).put("newborn_birth_weight", 3300).put("newborn_birth_gestationalWeeks", 39)
        .put("newborn_birth_institution", "浙江大学医学院附属妇产科医院")
        .put("nhc_birth_medical_certificate__birthPlaceCategory", "1").put("nhc_birth_medical_certificate__newbornHealth", "1")
        .put("mps_birth_registration__settleWith", "father").put("mps_birth_registration__relationToHouseholder", "女")
        .put("newborn_person_householdAddress", "浙江省杭州市西湖区文三路 100 号")
        .put("newborn_person_residenceAddress", "浙江省杭州市西湖区文三路 100 号")
        .put("newborn_health_vaccinationClinic", "西湖区北山街道社区卫生服务中心")
        .put("newborn_medical_insuranceType", "390").put("newborn_medical_insuredRegion", "330106")
        .put("newborn_social_cardBank", "中国工商银行杭州分行")
        .put("mohrss_social_security_card_application__deliveryMethod", "branch");
  }

  /** The smallest PDF a sniffing check accepts, made distinct by {@code text}. */
  public static byte[] pdf(String text) {
    return ("%PDF-1.4\n% " + text + "\n%%EOF\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
