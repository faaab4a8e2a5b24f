package cn.onething.calendar;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

/**
 * 工作日历 — China's working days as data ({@code calendar/cn-workdays.json}): Monday to Friday,
 * except the public holidays, plus the weekend days worked in exchange (调休). Time limits in
 * working days are counted on it, by the server and, with the same data, by the rules.
 */
public final class WorkingCalendar {
  private static final String RESOURCE = "calendar/cn-workdays.json";
  private static final WorkingCalendar CHINA = load();

  private final String json;
  private final Set<LocalDate> holidays = new HashSet<>();
  private final Set<LocalDate> workdays = new HashSet<>();

  private WorkingCalendar(String json) {
    this.json = json;
    JsonObject years = new JsonObject(json).getJsonObject("years", new JsonObject());
    years.forEach(e -> {
      JsonObject year = (JsonObject) e.getValue();
      year.getJsonArray("holidays").forEach(d -> holidays.add(LocalDate.parse((String) d)));
      year.getJsonArray("workdays").forEach(d -> workdays.add(LocalDate.parse((String) d)));
    });
  }

  public static WorkingCalendar china() {
    return CHINA;
  }

  /** The data as JSON ({@code years → {holidays, workdays}}), for the rules in browser and sandbox. */
  public String json() {
    return json;
  }

  public boolean isWorkingDay(LocalDate day) {
    if (workdays.contains(day)) {
      return true;
    }
    if (holidays.contains(day)) {
      return false;
    }
    return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
  }

  /**
   * The working days after {@code from} up to and including {@code to} (negative when {@code to}
   * is earlier): a step due in 5 working days is late once this exceeds 5.
   */
  public int workingDaysBetween(LocalDate from, LocalDate to) {
    int sign = to.isBefore(from) ? -1 : 1;
    LocalDate a = sign > 0 ? from : to;
    LocalDate b = sign > 0 ? to : from;
    int n = 0;
    for (LocalDate d = a.plusDays(1); !d.isAfter(b); d = d.plusDays(1)) {
      if (isWorkingDay(d)) {
        n++;
      }
    }
    return sign * n;
  }

  /** The day {@code days} working days after {@code from} (0 = the same day). */
  public LocalDate addWorkingDays(LocalDate from, int days) {
    LocalDate d = from;
    int left = days;
    while (left > 0) {
      d = d.plusDays(1);
      if (isWorkingDay(d)) {
        left--;
      }
    }
    return d;
  }

  private static WorkingCalendar load() {
    try (InputStream in = WorkingCalendar.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      return new WorkingCalendar(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
