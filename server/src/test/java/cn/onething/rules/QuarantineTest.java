package cn.onething.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QuarantineTest {
  static final long MINUTE = 60_000_000_000L;

  @Test
  void twoStrikesWithinTenMinutesQuarantineForTenMinutes() {
    AtomicLong now = new AtomicLong(5 * MINUTE);
    Quarantine quarantine = new Quarantine(now::get);
    assertThat(quarantine.strike("loop")).as("one strike is forgiven").isFalse();
    assertThat(quarantine.holds("loop")).isFalse();
    now.addAndGet(3 * MINUTE);
    assertThat(quarantine.strike("loop")).as("the second strike within ten minutes").isTrue();
    assertThat(quarantine.holds("loop")).isTrue();
    assertThat(quarantine.holds("honest")).as("other rules run").isFalse();
    now.addAndGet(9 * MINUTE);
    assertThat(quarantine.holds("loop")).isTrue();
    now.addAndGet(2 * MINUTE);
    assertThat(quarantine.holds("loop")).as("ten minutes later it runs again").isFalse();
    assertThat(quarantine.strike("loop")).as("a fresh first strike after the quarantine").isFalse();
  }

  @Test
  void strikesFurtherApartThanTenMinutesAreForgiven() {
    AtomicLong now = new AtomicLong(0);
    Quarantine quarantine = new Quarantine(now::get);
    for (int i = 0; i < 5; i++) {
      assertThat(quarantine.strike("slow once in a while")).isFalse();
      now.addAndGet(11 * MINUTE);
    }
    assertThat(quarantine.holds("slow once in a while")).isFalse();
  }

  @Test
  void fiveSlowRunsWithinTenMinutesQuarantineFourDoNot() {
    AtomicLong now = new AtomicLong(0);
    Quarantine quarantine = new Quarantine(now::get);
    for (int i = 0; i < 4; i++) {
      assertThat(quarantine.slow("heavy")).isFalse();
      now.addAndGet(MINUTE);
    }
    assertThat(quarantine.holds("heavy")).as("four slow runs are forgiven").isFalse();
    assertThat(quarantine.slow("heavy")).as("the fifth within ten minutes").isTrue();
    assertThat(quarantine.holds("heavy")).isTrue();
    now.addAndGet(11 * MINUTE);
    for (int i = 0; i < 4; i++) {
      assertThat(quarantine.slow("heavy")).isFalse();
      now.addAndGet(3 * MINUTE);
    }
    assertThat(quarantine.holds("heavy")).as("slow runs spread over more than ten minutes").isFalse();
  }
}
