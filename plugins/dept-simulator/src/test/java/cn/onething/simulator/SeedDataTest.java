package cn.onething.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.simulator.data.Enterprise;
import cn.onething.simulator.data.Flat;
import cn.onething.simulator.data.IdNumbers;
import cn.onething.simulator.data.Licence;
import cn.onething.simulator.data.Person;
import cn.onething.simulator.data.Region;
import cn.onething.simulator.data.SeedData;
import cn.onething.simulator.data.Uscc;
import cn.onething.simulator.data.World;
import org.junit.jupiter.api.Test;

/** The seed is deterministic and well-formed: check digits, regions, families, flats and the demo identities. */
class SeedDataTest {

  private final World world = SeedData.create();

  @Test
  void theDemoIdentitiesAreExact() {
    Person zhang = world.person(SeedData.ZHANG_WEI).orElseThrow();
    assertThat(zhang.name()).isEqualTo("张伟");
    assertThat(zhang.gender()).isEqualTo("1");
    assertThat(zhang.birthDate()).hasToString("1990-03-07");
    assertThat(zhang.ethnicity()).isEqualTo("01");
    assertThat(zhang.regionCode()).isEqualTo("330106");
    assertThat(zhang.spouseId()).isEqualTo(SeedData.LI_NA);
    Person li = world.person(SeedData.LI_NA).orElseThrow();
    assertThat(li.name()).isEqualTo("李娜");
    assertThat(li.birthDate()).hasToString("1992-08-15");
    assertThat(li.householdNo()).isEqualTo(zhang.householdNo());
    assertThat(li.householdAddress()).isEqualTo(zhang.householdAddress());
    assertThat(world.licences(SeedData.ZHANG_WEI, "marriage-certificate").getFirst().licenceNo())
        .isEqualTo(world.licences(SeedData.LI_NA, "marriage-certificate").getFirst().licenceNo());
    Person chen = world.person(SeedData.CHEN_JIE).orElseThrow();
    assertThat(chen.name()).isEqualTo("陈杰");
    assertThat(chen.birthDate()).hasToString("1985-11-20");
    assertThat(chen.regionCode()).isEqualTo("330102");
    Enterprise company = world.enterpriseNamed(SeedData.CHEN_JIE_COMPANY_NAME).orElseThrow();
    assertThat(company.legalRepresentativeId()).isEqualTo(SeedData.CHEN_JIE);
    Flat flat = world.flatByCertificate(SeedData.CHEN_JIE_CERTIFICATE).orElseThrow();
    assertThat(flat.ownerId()).isEqualTo(SeedData.CHEN_JIE);
    assertThat(flat.unitNo()).isEqualTo(SeedData.CHEN_JIE_UNIT);
  }

  @Test
  void everyIdNumberHasAValidCheckDigitAndAgreesWithThePerson() {
    assertThat(world.persons()).hasSizeGreaterThanOrEqualTo(200);
    for (Person p : world.persons()) {
      assertThat(IdNumbers.isValid(p.idNumber())).as(p.idNumber()).isTrue();
      assertThat(IdNumbers.gender(p.idNumber())).as(p.idNumber()).isEqualTo(p.gender());
      assertThat(IdNumbers.birthDate(p.idNumber())).isEqualTo(p.birthDate());
      assertThat(p.idNumber()).startsWith(p.regionCode());
      assertThat(Region.byCode(p.regionCode())).isPresent();
      assertThat(p.regionCode()).matches("3[3]\\d{4}|44\\d{4}");
      if (p.spouseId() != null) {
        assertThat(world.person(p.spouseId()).orElseThrow().spouseId()).isEqualTo(p.idNumber());
      }
      if (p.motherId() != null) {
        Person mother = world.person(p.motherId()).orElseThrow();
        assertThat(mother.gender()).isEqualTo("2");
        assertThat(mother.householdNo()).isEqualTo(p.householdNo());
      }
    }
  }

  @Test
  void everyUsccHasValidCheckCharacters() {
    assertThat(world.enterprises()).hasSizeGreaterThanOrEqualTo(30);
    for (Enterprise e : world.enterprises()) {
      assertThat(Uscc.isValid(e.uscc())).as(e.uscc()).isTrue();
      assertThat(Uscc.organisationCheckChar(e.uscc().substring(8, 16))).isEqualTo(e.uscc().charAt(16));
      assertThat(e.uscc().substring(2, 8)).isEqualTo(e.regionCode());
      assertThat(world.person(e.legalRepresentativeId())).isPresent();
    }
  }

  @Test
  void theCheckDigitAlgorithmsMatchPublishedExamples() {
    // GB 11643-1999 appendix example and a widely published USCC.
    assertThat(IdNumbers.isValid("11010519491231002X")).isTrue();
    assertThat(IdNumbers.isValid("110105194912310021")).isFalse();
    assertThat(Uscc.isValid("91350100M000100Y43")).isTrue();
    assertThat(Uscc.isValid("91350100M000100Y44")).isFalse();
  }

  @Test
  void flatsHaveWellFormedUnitsAndOwnersWithRealtyLicences() {
    assertThat(world.flats()).hasSizeGreaterThanOrEqualTo(30);
    for (Flat f : world.flats()) {
      assertThat(f.unitNo()).matches("^[0-9]{12}[A-Z]{2}[0-9]{5}[A-Z][0-9]{8}$");
      assertThat(f.use()).matches("^[1-8]0$");
      assertThat(f.certificateNo()).matches("^[浙粤]（\\d{4}）.+市不动产权第\\d{7}号$");
      assertThat(world.person(f.ownerId())).isPresent();
      assertThat(world.licence(f.ownerId(), "realty-certificate", f.certificateNo())).isPresent();
      assertThat(f.water().accountNo()).matches("^[0-9A-Za-z-]{4,30}$");
      assertThat(f.gas().accountNo()).matches("^[0-9A-Za-z-]{4,30}$");
    }
  }

  @Test
  void theSeedIsDeterministic() {
    World again = SeedData.create();
    assertThat(again.persons()).isEqualTo(world.persons());
    assertThat(again.enterprises()).isEqualTo(world.enterprises());
    assertThat(again.flats()).isEqualTo(world.flats());
    assertThat(again.allLicences().stream().map(Licence::licenceNo).toList())
        .isEqualTo(world.allLicences().stream().map(Licence::licenceNo).toList());
  }
}
