package cn.onething.simulator.data;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/** 公民身份号码 — GB 11643-1999 numbers: region, birth date, sequence (odd = male) and an ISO 7064 MOD 11-2 check. */
public final class IdNumbers {

  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String CHECK_CHARS = "10X98765432";
  private static final DateTimeFormatter BASIC = DateTimeFormatter.BASIC_ISO_DATE;

  private IdNumbers() {
  }

  /** The check character for the first 17 digits. */
  public static char checkChar(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (first17.charAt(i) - '0') * WEIGHTS[i];
    }
    return CHECK_CHARS.charAt(sum % 11);
  }

  /** A number from its parts; {@code sequence} is 0–999 and its parity must already match the gender. */
  public static String of(String regionCode, LocalDate birthDate, int sequence) {
    String first17 = regionCode + birthDate.format(BASIC) + String.format("%03d", sequence);
    return first17 + checkChar(first17);
  }

  public static boolean isValid(String id) {
    if (id == null || !id.matches("[0-9]{17}[0-9X]")) {
      return false;
    }
    try {
      LocalDate.parse(id.substring(6, 14), BASIC);
    } catch (RuntimeException e) {
      return false;
    }
    return checkChar(id) == id.charAt(17);
  }

  /** "1" male (odd 17th digit), "2" female, as GB/T 2261.1 codes. */
  public static String gender(String id) {
    return (id.charAt(16) - '0') % 2 == 1 ? "1" : "2";
  }

  public static LocalDate birthDate(String id) {
    return LocalDate.parse(id.substring(6, 14), BASIC);
  }
}
