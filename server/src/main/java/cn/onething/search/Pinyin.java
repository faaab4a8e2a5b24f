package cn.onething.search;

import com.ibm.icu.text.Transliterator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * 拼音 — the pinyin of Chinese text through ICU's {@code Han-Latin} transform, as the tokens a
 * person types: whole syllable runs ({@code xinshenger}) and their initials ({@code xse}).
 * A run of Han characters is transliterated whole, so that ICU can pick the reading of a
 * polyphone from its neighbours (重庆 → chong qing).
 */
public final class Pinyin {
  static final int MAX_FULL_WINDOW = 6;
  static final int MAX_INITIALS_WINDOW = 8;
  private static final ThreadLocal<Transliterator> HAN_LATIN =
      ThreadLocal.withInitial(() -> Transliterator.getInstance("Han-Latin; Latin-ASCII; Lower"));

  private Pinyin() {}

  /** The syllables of each run of Han characters in {@code text}, one list per run. */
  static List<List<String>> syllables(String text) {
    List<List<String>> runs = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : ' ';
      if (Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) {
        run.append(c);
      } else if (!run.isEmpty()) {
        runs.add(transliterate(run.toString()));
        run.setLength(0);
      }
    }
    return runs;
  }

  private static List<String> transliterate(String han) {
    String[] parts = HAN_LATIN.get().transliterate(han).trim().split("\\s+");
    List<String> out = new ArrayList<>();
    if (parts.length == han.length()) {
      for (String p : parts) {
        out.add(p.replaceAll("[^a-z]", ""));
      }
      return out;
    }
    // The transform merged or split something: fall back to one character at a time.
    for (int i = 0; i < han.length(); i++) {
      out.add(HAN_LATIN.get().transliterate(String.valueOf(han.charAt(i))).replaceAll("[^a-z]", ""));
    }
    return out;
  }

  /**
   * Index tokens for {@code text}: every run of 1–6 consecutive syllables joined
   * ({@code xin}, {@code xinsheng}, {@code xinshenger}) and every run of 2–8 initials
   * ({@code xs}, {@code xse}).
   */
  public static Set<String> tokens(String text) {
    Set<String> tokens = new LinkedHashSet<>();
    for (List<String> run : syllables(text)) {
      for (int start = 0; start < run.size(); start++) {
        StringBuilder full = new StringBuilder();
        StringBuilder initials = new StringBuilder();
        for (int end = start; end < run.size() && end - start < MAX_INITIALS_WINDOW; end++) {
          String syllable = run.get(end);
          if (syllable.isEmpty()) {
            break;
          }
          full.append(syllable);
          initials.append(syllable.charAt(0));
          if (end - start < MAX_FULL_WINDOW) {
            tokens.add(full.toString());
          }
          if (end > start) {
            tokens.add(initials.toString());
          }
        }
      }
    }
    return tokens;
  }

  /** Whether a query looks like pinyin typed on a Latin keyboard: letters only, 2–40 of them. */
  public static boolean looksLikePinyin(String query) {
    String q = query.trim().toLowerCase(Locale.ROOT).replace(" ", "").replace("'", "");
    return q.length() >= 2 && q.length() <= 40 && q.chars().allMatch(c -> c >= 'a' && c <= 'z');
  }

  public static String normalise(String query) {
    return query.trim().toLowerCase(Locale.ROOT).replace(" ", "").replace("'", "");
  }
}
