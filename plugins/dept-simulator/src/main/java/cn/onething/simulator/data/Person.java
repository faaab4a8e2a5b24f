package cn.onething.simulator.data;

import java.time.LocalDate;

/**
 * 人口信息 — a person in the population registry.
 *
 * @param gender     GB/T 2261.1 code: "1" male, "2" female
 * @param ethnicity  two-digit GB 3304 code ("01" 汉族)
 * @param fatherId   may be null; so may {@code motherId} and {@code spouseId}
 */
public record Person(String idNumber, String name, String gender, LocalDate birthDate, String ethnicity,
                     String regionCode, String householdNo, String householdAddress,
                     String fatherId, String motherId, String spouseId) {

  public int ageOn(LocalDate day) {
    return birthDate.until(day).getYears();
  }
}
