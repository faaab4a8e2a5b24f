package cn.onething.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallerTest {

  @ParameterizedTest(name = "{0} ({1}) covers {2}: {3}")
  @CsvSource({
      "330000, PROVINCE, 330000, true",
      "330000, PROVINCE, 330100, true",
      "330000, PROVINCE, 330106, true",
      "330000, PROVINCE, 440000, false",
      "330000, PROVINCE, 340000, false",
      "330000, PROVINCE, nhc, false",
      "330100, CITY, 330106, true",
      "330100, CITY, 330000, false",
      "330100, CITY, 330200, false",
      "nhc, PUBLISHER, nhc, true",
      "nhc, PUBLISHER, mps, false",
      "nhc, PUBLISHER, 330000, false",
      "national, NATIONAL, 440300, true",
      "national, NATIONAL, mps, true",
  })
  void tenantScope(String tenant, TenantKind kind, String target, boolean expected) {
    Caller caller = new Caller("u", "u", tenant, kind, null, Set.of(Role.ADMIN));
    assertThat(caller.covers(target)).isEqualTo(expected);
  }
}
