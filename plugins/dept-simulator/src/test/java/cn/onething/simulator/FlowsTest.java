package cn.onething.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.simulator.data.ChinaTime;
import cn.onething.simulator.data.IdNumbers;
import cn.onething.simulator.data.SeedData;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo stories end to end: 李娜's newborn, and 陈杰 selling his flat to 张伟. */
class FlowsTest {

  private static Vertx vertx;
  private static DeptSimulator simulator;
  private static SimClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    simulator = DeptSimulator.start(vertx, SimulatorConfig.onPort(0)).await();
    client = new SimClient(simulator);
  }

  @AfterAll
  static void stop() {
    simulator.close().await();
    vertx.close().await();
  }

  @BeforeEach
  void reseed() {
    client.post("/_sim/reset", new JsonObject());
  }

  @Test
  void birthCertificateThenHouseholdRegistrationThenThePopulationRegistryFindsTheChild() {
    String birthDate = ChinaTime.today().minusDays(3).toString();
    SimClient.Response certificate = client.write("/nhc/v1/birth-certificates", new JsonObject()
        .put("motherIdNumber", SeedData.LI_NA).put("fatherIdNumber", SeedData.ZHANG_WEI).put("childName", "张小满")
        .put("gender", "2").put("birthDate", birthDate).put("hospital", "浙江大学医学院附属妇产科医院")
        .put("birthPlace", "浙江省杭州市上城区"));
    assertThat(certificate.status()).as(certificate.body()).isEqualTo(200);
    String certificateNo = certificate.json().getString("certificateNo");
    assertThat(certificateNo).matches("[A-Z][0-9]{9}");

    SimClient.Response licence = client.post("/licence/v1/types/birth-certificate/query",
        new JsonObject().put("holderId", SeedData.LI_NA).put("licenceType", "birth-certificate"));
    assertThat(licence.json().getBoolean("found")).isTrue();
    assertThat(licence.json().getJsonObject("licence").getString("licenceNo")).isEqualTo(certificateNo);
    assertThat(licence.json().getJsonObject("licence").getString("holderName")).isEqualTo("张小满");

    SimClient.Response registration = client.write("/mps/v1/household-registrations", new JsonObject()
        .put("birthCertificateNo", certificateNo).put("childName", "张小满").put("gender", "2")
        .put("birthDate", birthDate).put("guardianIdNumber", SeedData.ZHANG_WEI).put("regionCode", "330106"));
    assertThat(registration.status()).as(registration.body()).isEqualTo(200);
    String childId = registration.json().getString("idNumber");
    assertThat(IdNumbers.isValid(childId)).isTrue();
    assertThat(childId).startsWith("330106" + birthDate.replace("-", ""));
    assertThat(IdNumbers.gender(childId)).isEqualTo("2");
    assertThat(registration.json().getString("householdNo"))
        .isEqualTo(simulator.world().person(SeedData.ZHANG_WEI).orElseThrow().householdNo());

    SimClient.Response child = client.post("/population/v1/identity/query",
        new JsonObject().put("idNumber", childId).put("name", "张小满"));
    assertThat(child.json().getBoolean("verified")).isTrue();
    assertThat(child.json().getJsonObject("person").getString("birthDate")).isEqualTo(birthDate);
    assertThat(child.json().getJsonObject("person").getString("householdRegion")).isEqualTo("330106");

    SimClient.Response again = client.write("/mps/v1/household-registrations", new JsonObject()
        .put("birthCertificateNo", certificateNo).put("childName", "张小满").put("gender", "2")
        .put("birthDate", birthDate).put("guardianIdNumber", SeedData.LI_NA).put("regionCode", "330106"));
    assertThat(again.json().getString("idNumber")).as("one certificate, one registration").isEqualTo(childId);

    SimClient.Response card = client.write("/hrss/v1/social-security-cards",
        new JsonObject().put("idNumber", childId).put("name", "张小满"));
    assertThat(card.status()).isEqualTo(200);
    SimClient.Response cardLicence = client.post("/licence/v1/types/social-security-card/query",
        new JsonObject().put("holderId", childId).put("licenceType", "social-security-card"));
    assertThat(cardLicence.json().getJsonObject("licence").getString("licenceNo"))
        .isEqualTo(card.json().getString("cardNo"));

    SimClient.Response enrolment = client.write("/medical-insurance/v1/enrolments", new JsonObject()
        .put("insured", new JsonObject().put("idNumber", childId).put("name", "张小满"))
        .put("insuranceType", "390").put("insuredRegion", "330106"));
    assertThat(enrolment.json().getString("effectiveDate")).as("a newborn is covered from birth").isEqualTo(birthDate);
  }

  @Test
  void householdRegistrationChecksTheCertificate() {
    SimClient.Response unknown = client.write("/mps/v1/household-registrations", new JsonObject()
        .put("birthCertificateNo", "Z999999999").put("childName", "张小满").put("gender", "2")
        .put("birthDate", "2025-01-01").put("guardianIdNumber", SeedData.ZHANG_WEI).put("regionCode", "330106"));
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.json().getString("code")).isEqualTo("BIRTH_CERTIFICATE_NOT_FOUND");
  }

  @Test
  void chenJieSellsHisFlatToZhangWei() {
    JsonObject calculation = client.post("/tax/v1/deed-tax/calculations", new JsonObject()
        .put("house", new JsonObject().put("transactionPrice", 3_000_000).put("area", 98.76))
        .put("buyer", new JsonObject().put("idNumber", SeedData.ZHANG_WEI))).json();
    assertThat(calculation.getBoolean("firstHome")).isTrue();
    assertThat(calculation.getDouble("deedTaxAmount")).isEqualTo(30_000.0);

    SimClient.Response tax = client.write("/tax/v1/deed-tax/payments", new JsonObject()
        .put("buyerIdNumber", SeedData.ZHANG_WEI).put("certificateNo", SeedData.CHEN_JIE_CERTIFICATE)
        .put("amount", 30_000));
    assertThat(tax.status()).as(tax.body()).isEqualTo(200);
    assertThat(tax.json().getString("taxReceiptNo")).isNotBlank();

    SimClient.Response early = client.write("/utilities/v1/units/" + SeedData.CHEN_JIE_UNIT + "/transfers",
        new JsonObject().put("unitNo", SeedData.CHEN_JIE_UNIT)
            .put("newOwner", new JsonObject().put("idNumber", SeedData.ZHANG_WEI).put("name", "张伟")));
    assertThat(early.status()).as("utilities follow the title").isEqualTo(422);

    SimClient.Response transfer = client.write("/realty/v1/transfers", new JsonObject()
        .put("certificateNo", SeedData.CHEN_JIE_CERTIFICATE).put("sellerIdNumber", SeedData.CHEN_JIE)
        .put("buyerIdNumber", SeedData.ZHANG_WEI).put("buyerName", "张伟"));
    assertThat(transfer.status()).as(transfer.body()).isEqualTo(200);
    String newCertificate = transfer.json().getString("newCertificateNo");
    assertThat(newCertificate).startsWith("浙（").contains("杭州市不动产权第");

    JsonObject lookup = client.post("/realty/v1/registrations/query", new JsonObject()
        .put("certificateNo", newCertificate).put("ownerIdNumber", SeedData.ZHANG_WEI)).json();
    assertThat(lookup.getBoolean("found")).isTrue();
    assertThat(lookup.getJsonObject("owner").getString("name")).isEqualTo("张伟");
    assertThat(lookup.getJsonObject("unit").getString("unitNo")).isEqualTo(SeedData.CHEN_JIE_UNIT);
    JsonObject old = client.post("/realty/v1/registrations/query",
        new JsonObject().put("certificateNo", SeedData.CHEN_JIE_CERTIFICATE)).json();
    assertThat(old.getBoolean("found")).isFalse();
    assertThat(old.getBoolean("cancelled")).isTrue();

    JsonObject licence = client.post("/licence/v1/types/realty-certificate/query", new JsonObject()
        .put("holderId", SeedData.ZHANG_WEI).put("licenceType", "realty-certificate")).json();
    assertThat(licence.getJsonObject("licence").getString("licenceNo")).isEqualTo(newCertificate);
    JsonObject sellers = client.post("/licence/v1/types/realty-certificate/query", new JsonObject()
        .put("holderId", SeedData.CHEN_JIE).put("licenceType", "realty-certificate")).json();
    assertThat(sellers.getJsonObject("licence").getBoolean("valid")).isFalse();

    SimClient.Response utilities = client.write("/utilities/v1/units/" + SeedData.CHEN_JIE_UNIT + "/transfers",
        new JsonObject().put("unitNo", SeedData.CHEN_JIE_UNIT)
            .put("newOwner", new JsonObject().put("idNumber", SeedData.ZHANG_WEI).put("name", "张伟"))
            .put("accounts", new JsonObject().put("power", "3300123456").put("gas", "HZRQ-01023456")));
    assertThat(utilities.status()).as(utilities.body()).isEqualTo(200);
    assertThat(utilities.json().getJsonArray("services")).hasSize(2);

    SimClient.Response secondHome = client.post("/tax/v1/deed-tax/calculations", new JsonObject()
        .put("house", new JsonObject().put("transactionPrice", 5_000_000).put("area", 150))
        .put("buyer", new JsonObject().put("idNumber", SeedData.ZHANG_WEI)));
    assertThat(secondHome.json().getDouble("rate")).isEqualTo(0.02);
  }

  @Test
  void theNameCheckFindsTakenAndRestrictedNames() {
    JsonObject taken = client.post("/samr/v1/name-checks", new JsonObject()
        .put("proposedName", SeedData.CHEN_JIE_COMPANY_NAME).put("regionCode", "330102").put("industry", "信息技术")).json();
    assertThat(taken.getBoolean("available")).isFalse();
    JsonObject restricted = client.post("/samr/v1/name-checks", new JsonObject()
        .put("proposedName", "中国杭州云端科技有限公司").put("regionCode", "330106").put("industry", "信息技术")).json();
    assertThat(restricted.getBoolean("available")).isFalse();
    JsonObject free = client.post("/samr/v1/name-checks", new JsonObject()
        .put("proposedName", "杭州青禾数据科技有限公司").put("regionCode", "330106").put("industry", "信息技术")).json();
    assertThat(free.getBoolean("available")).isTrue();
  }

  @Test
  void anIssuedLicenceIsFoundByTheLookup() {
    SimClient.Response issued = client.write("/licence/v1/types/residence-permit/licences", new JsonObject()
        .put("holderId", SeedData.CHEN_JIE).put("licenceType", "residence-permit").put("licenceNo", "JZZ330102000001"));
    assertThat(issued.status()).isEqualTo(200);
    JsonObject found = client.post("/licence/v1/types/residence-permit/query", new JsonObject()
        .put("holderId", SeedData.CHEN_JIE).put("licenceType", "residence-permit")).json();
    assertThat(found.getJsonObject("licence").getString("licenceNo")).isEqualTo("JZZ330102000001");
    assertThat(found.getJsonObject("licence").getString("holderName")).isEqualTo("陈杰");
    SimClient.Response idCard = client.write("/licence/v1/types/id-card/licences", new JsonObject()
        .put("holderId", SeedData.CHEN_JIE).put("licenceType", "id-card").put("licenceNo", "x"));
    assertThat(idCard.status()).isEqualTo(422);
  }
}
