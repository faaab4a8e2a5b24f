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
 * ICU's compound transform costs about a millisecond per title, so each character is
 * transliterated once and remembered; the few polyphones whose reading depends on the word
 * (银行 yin hang, 重庆 chong qing) come from a small word list, read first.
 */
public final class Pinyin {
  static final int MAX_FULL_WINDOW = 6;
  static final int MAX_INITIALS_WINDOW = 8;
  private static final ThreadLocal<Transliterator> HAN_LATIN =
      ThreadLocal.withInitial(() -> Transliterator.getInstance("Han-Latin; Latin-ASCII; Lower"));
  private static final java.util.concurrent.ConcurrentHashMap<Character, String> SYLLABLES =
      new java.util.concurrent.ConcurrentHashMap<>();
  /** Words whose characters read differently than alone (in the domain of government services). */
  private static final java.util.Map<String, String[]> WORDS = java.util.Map.ofEntries(
      java.util.Map.entry("银行", new String[] {"yin", "hang"}),
      java.util.Map.entry("行业", new String[] {"hang", "ye"}),
      java.util.Map.entry("重庆", new String[] {"chong", "qing"}),
      java.util.Map.entry("重新", new String[] {"chong", "xin"}),
      java.util.Map.entry("重复", new String[] {"chong", "fu"}),
      java.util.Map.entry("长沙", new String[] {"chang", "sha"}),
      java.util.Map.entry("长春", new String[] {"chang", "chun"}),
      java.util.Map.entry("长期", new String[] {"chang", "qi"}),
      java.util.Map.entry("会计", new String[] {"kuai", "ji"}),
      java.util.Map.entry("朝阳", new String[] {"chao", "yang"}),
      java.util.Map.entry("还款", new String[] {"huan", "kuan"}),
      java.util.Map.entry("西藏", new String[] {"xi", "zang"}),
      java.util.Map.entry("厦门", new String[] {"xia", "men"}),
      java.util.Map.entry("蚌埠", new String[] {"beng", "bu"}),
      java.util.Map.entry("六安", new String[] {"lu", "an"}));

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
    List<String> out = new ArrayList<>(han.length());
    for (int i = 0; i < han.length(); i++) {
      String[] word = i + 1 < han.length() ? WORDS.get(han.substring(i, i + 2)) : null;
      if (word != null) {
        out.add(word[0]);
        out.add(word[1]);
        i++;
        continue;
      }
      out.add(SYLLABLES.computeIfAbsent(han.charAt(i),
          c -> HAN_LATIN.get().transliterate(String.valueOf(c)).replaceAll("[^a-z]", "")));
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
