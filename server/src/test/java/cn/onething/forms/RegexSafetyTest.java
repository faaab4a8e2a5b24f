package cn.onething.forms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Patterns that backtrack catastrophically are refused at lint; the national templates' own pass. */
class RegexSafetyTest {
  @Test
  void catastrophicPatternsAreRefusedWithAReason() {
    for (String pattern : List.of("^(a+)+$", "(a|aa)+", "^(([a-z])+.)+[A-Z]([a-z])+$", "(x+x+)+y", "(\\d*)*", "((ab)*)+",
        "(.*a){12}", "(a)\\1", "(?<n>a)\\k<n>", "(?=a)a", "(?<!b)a", "(?!x).*", "a".repeat(301), "[", "(a")) {
      assertThat(RegexSafety.problem(pattern)).as(pattern).isPresent();
      assertThat(RegexSafety.problem(pattern).get()).as(pattern).containsPattern("\\p{IsHan}");
    }
  }

  @Test
  void ordinaryPatternsPass() {
    for (String pattern : List.of("^[0-9]{17}[0-9X]$", "^([0-9]{17}[0-9X]|[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10})$",
        "^(general|small-scale)$", "^1[3-9][0-9]{9}$", "^[\\u4e00-\\u9fa5·]{2,20}$", "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$",
        "^[(+)]*$", "\\(a+\\)+")) {
      assertThat(RegexSafety.problem(pattern)).as(pattern).isEmpty();
    }
  }
}
