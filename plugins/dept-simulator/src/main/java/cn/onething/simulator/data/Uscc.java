package cn.onething.simulator.data;

/**
 * 统一社会信用代码 — GB 32100-2015 codes: registration authority, entity category, region, the GB 11714
 * organisation code (with its own check character) and a MOD 31 check character.
 */
public final class Uscc {

  /** The 31 characters GB 32100 allows (no I, O, S, V, Z), in value order. */
  public static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  private static final int[] ORG_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};

  private Uscc() {
  }

  public static char checkChar(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += ALPHABET.indexOf(first17.charAt(i)) * WEIGHTS[i];
    }
    return ALPHABET.charAt((31 - sum % 31) % 31);
  }

  /** GB 11714 check character of an 8-character organisation code body. */
  public static char organisationCheckChar(String body8) {
    int sum = 0;
    for (int i = 0; i < 8; i++) {
      sum += Character.digit(body8.charAt(i), 36) * ORG_WEIGHTS[i];
    }
    int c = 11 - sum % 11;
    return c == 10 ? 'X' : c == 11 ? '0' : (char) ('0' + c);
  }

  /** An enterprise code ("91" = 市场监管, 企业) in {@code regionCode} with organisation code body {@code body8}. */
  public static String enterprise(String regionCode, String body8) {
    String first17 = "91" + regionCode + body8 + organisationCheckChar(body8);
    return first17 + checkChar(first17);
  }

  public static boolean isValid(String code) {
    if (code == null || !code.matches("[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}")) {
      return false;
    }
    return checkChar(code) == code.charAt(17);
  }
}
