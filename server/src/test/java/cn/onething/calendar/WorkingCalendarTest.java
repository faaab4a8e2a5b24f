package cn.onething.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class WorkingCalendarTest {
  static final WorkingCalendar CAL = WorkingCalendar.china();

  @Test
  void holidaysAreOffAndTheWeekendsWorkedInExchangeAreOn() {
    assertThat(CAL.isWorkingDay(LocalDate.parse("2026-10-05"))).as("国庆 Monday").isFalse();
    assertThat(CAL.isWorkingDay(LocalDate.parse("2026-10-10"))).as("调休 Saturday").isTrue();
    assertThat(CAL.isWorkingDay(LocalDate.parse("2026-02-14"))).as("春节调休 Saturday").isTrue();
    assertThat(CAL.isWorkingDay(LocalDate.parse("2026-11-28"))).as("ordinary Saturday").isFalse();
    assertThat(CAL.isWorkingDay(LocalDate.parse("2026-11-27"))).as("ordinary Friday").isTrue();
  }

  @Test
  void fiveWorkingDaysAcrossNationalDayTakeTwoWeeks() {
    // Accepted on 30 September: 8, 9, 10 (Saturday, worked), 12, 13 October.
    assertThat(CAL.addWorkingDays(LocalDate.parse("2026-09-30"), 5)).isEqualTo(LocalDate.parse("2026-10-13"));
    assertThat(CAL.workingDaysBetween(LocalDate.parse("2026-09-30"), LocalDate.parse("2026-10-13"))).isEqualTo(5);
    assertThat(CAL.workingDaysBetween(LocalDate.parse("2026-10-13"), LocalDate.parse("2026-09-30"))).isEqualTo(-5);
    assertThat(CAL.addWorkingDays(LocalDate.parse("2026-11-27"), 0)).isEqualTo(LocalDate.parse("2026-11-27"));
  }
}
