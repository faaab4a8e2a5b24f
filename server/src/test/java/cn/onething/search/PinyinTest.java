package cn.onething.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PinyinTest {

  @Test
  void fullSyllableRunsAndInitialsAreIndexed() {
    assertThat(Pinyin.tokens("新生儿出生一件事")).contains("xinshenger", "xinsheng", "xse", "xsecs", "chusheng", "yijianshi");
    assertThat(Pinyin.tokens("企业开办")).contains("qiyekaiban", "qykb", "kaiban", "qy");
  }

  @Test
  void aPolyphoneIsReadFromItsNeighbours() {
    assertThat(Pinyin.tokens("重庆")).contains("chongqing", "cq");
  }

  @Test
  void nonChineseTextGivesNoPinyin() {
    assertThat(Pinyin.tokens("ICU 2026")).isEmpty();
  }

  @Test
  void onlyLatinLettersLookLikePinyin() {
    assertThat(Pinyin.looksLikePinyin("xse")).isTrue();
    assertThat(Pinyin.looksLikePinyin("Xin Sheng'er")).isTrue();
    assertThat(Pinyin.looksLikePinyin("x")).isFalse();
    assertThat(Pinyin.looksLikePinyin("新生儿")).isFalse();
    assertThat(Pinyin.looksLikePinyin("xse2")).isFalse();
  }
}
