package cn.onething.forms;

import java.time.DateTimeException;
import java.time.LocalDate;

/** 校验码 — the check-digit algorithms of China's national identifier standards. Pure functions. */
public final class CheckDigits {
  private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] ID_CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  /** GB 32100 code characters: digits and capitals without I, O, Z, S, V. */
  private static final String USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int[] USCC_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

  private CheckDigits() {}

  /**
   * 公民身份号码 (GB 11643-1999): 18 characters, a GB/T 2260 region, a real birth date, a
   * sequence number and an ISO 7064 MOD 11-2 check character (0–9 or X).
   */
  public static boolean isCitizenIdNumber(String value) {
    if (value == null || value.length() != 18) {
      return false;
    }
    for (int i = 0; i < 17; i++) {
      if (!Character.isDigit(value.charAt(i))) {
        return false;
      }
    }
    if (!RegionDirectory.isKnownPrefix(value.substring(0, 2))) {
      return false;
    }
    try {
      LocalDate born = LocalDate.of(
          Integer.parseInt(value.substring(6, 10)), Integer.parseInt(value.substring(10, 12)),
          Integer.parseInt(value.substring(12, 14)));
      if (born.getYear() < 1880 || born.isAfter(LocalDate.of(2100, 1, 1))) {
        return false;
      }
    } catch (DateTimeException e) {
      return false;
    }
    return Character.toUpperCase(value.charAt(17)) == citizenIdCheck(value.substring(0, 17));
  }

  /** The check character for the first 17 digits of a 公民身份号码. */
  public static char citizenIdCheck(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (first17.charAt(i) - '0') * ID_WEIGHTS[i];
    }
    return ID_CHECK[sum % 11];
  }

  /**
   * 统一社会信用代码 (GB 32100-2015): 18 characters from the code alphabet — registration
   * authority, entity type, a GB/T 2260 region, the organisation code and a MOD 31 check.
   */
  public static boolean isUnifiedSocialCreditCode(String value) {
    if (value == null || value.length() != 18) {
      return false;
    }
    for (int i = 0; i < 18; i++) {
      if (USCC_ALPHABET.indexOf(value.charAt(i)) < 0) {
        return false;
      }
    }
    for (int i = 2; i < 8; i++) {
      if (!Character.isDigit(value.charAt(i))) {
        return false;
      }
    }
    return value.charAt(17) == unifiedSocialCreditCheck(value.substring(0, 17));
  }

  /** The check character for the first 17 characters of a 统一社会信用代码. */
  public static char unifiedSocialCreditCheck(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += USCC_ALPHABET.indexOf(first17.charAt(i)) * USCC_WEIGHTS[i];
    }
    return USCC_ALPHABET.charAt((31 - sum % 31) % 31);
  }
}
