package cn.onething.simulator.data;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/** Dates and times of writes, in China Standard Time (the seed itself never reads the clock). */
public final class ChinaTime {

  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private ChinaTime() {
  }

  public static LocalDate today() {
    return LocalDate.now(ZONE);
  }

  public static OffsetDateTime now() {
    return OffsetDateTime.now(ZONE).truncatedTo(ChronoUnit.SECONDS);
  }
}
