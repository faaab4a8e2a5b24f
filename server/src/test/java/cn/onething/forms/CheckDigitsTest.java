package cn.onething.forms;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.catalogue.TemplateValidator;
import com.networknt.schema.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.ObjectMapper;

/** The national identifiers: valid ones pass, every kind of wrong one fails. */
class CheckDigitsTest {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
      // The worked example of GB 11643-1999 (check digit X) and other well-formed numbers.
      "11010519491231002X, true",
      "110105194912310021, false",   // wrong check digit
      "440524188001010014, true",
      "330106200001010016, false",
      "33010620000101001X, false",
      "330106200002300013, false",   // 30 February
      "990106200001010019, false",   // no province 99
      "3301062000010100, false",     // too short
      "3301062000O101001X, false",   // letter in the body
  })
  void citizenIdNumbers(String value, boolean valid) {
    assertThat(CheckDigits.isCitizenIdNumber(value)).isEqualTo(valid);
  }

  @Test
  void theCheckDigitIsComputedByIso7064Mod112() {
    assertThat(CheckDigits.citizenIdCheck("11010519491231002")).isEqualTo('X');
    assertThat(CheckDigits.citizenIdCheck("44052418800101001")).isEqualTo('4');
    String body = "33010619900307123";
    assertThat(CheckDigits.isCitizenIdNumber(body + CheckDigits.citizenIdCheck(body))).isTrue();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
      "91350100M000100Y43, true",    // a commonly cited valid example of GB 32100
      "91110000802100433B, true",
      "91350100M000100Y44, false",   // wrong check character
      "91350100M000100I43, false",   // I is not in the code alphabet
      "9135010OM000100Y43, false",   // letter inside the region digits
      "91350100M000100Y4, false",    // too short
  })
  void unifiedSocialCreditCodes(String value, boolean valid) {
    assertThat(CheckDigits.isUnifiedSocialCreditCode(value)).isEqualTo(valid);
  }

  @Test
  void regionCodesComeFromTheDirectory() {
    assertThat(RegionDirectory.isKnown("330106")).isTrue();
    assertThat(RegionDirectory.name("330106")).contains("西湖区");
    assertThat(RegionDirectory.isKnown("330199")).isFalse();
    assertThat(RegionDirectory.isKnown("999999")).isFalse();
  }

  @Test
  void theFormatsAreAssertedByTheJsonSchemaValidator() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    Schema schema = JsonSchemas.registry().getSchema(mapper.readTree("""
        {"type": "object", "properties": {
          "id": {"type": "string", "format": "gb11643"},
          "uscc": {"type": "string", "format": "uscc"},
          "region": {"type": "string", "format": "region-code"},
          "mobile": {"type": "string", "format": "mobile"}}}
        """));
    assertThat(schema.validate(mapper.readTree("""
        {"id": "11010519491231002X", "uscc": "91350100M000100Y43", "region": "440300", "mobile": "13812345678"}
        """))).isEmpty();
    var errors = schema.validate(mapper.readTree("""
        {"id": "110105194912310021", "uscc": "91350100M000100Y44", "region": "440399", "mobile": "12812345678"}
        """));
    assertThat(errors).extracting(e -> e.getInstanceLocation().toString())
        .containsExactlyInAnyOrder("/id", "/uscc", "/region", "/mobile");
    assertThat(TemplateValidator.SCHEMA_RESOURCE).isNotBlank();
  }
}
