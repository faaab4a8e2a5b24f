package cn.onething.forms;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * 正则安全检查 — a field's {@code pattern} runs on every citizen's input with a backtracking
 * matcher, so a template may only use patterns that cannot backtrack catastrophically: no
 * quantified group that itself contains a quantifier or an alternation ({@code (a+)+},
 * {@code (a|aa)*}), no backreferences, no lookaround, at most {@value #MAX_LENGTH} characters.
 * Conservative by design: a pattern it refuses can always be written more plainly.
 */
public final class RegexSafety {
  static final int MAX_LENGTH = 300;

  private RegexSafety() {}

  /** Why the pattern is refused, in Chinese; empty when it is safe to run on citizens' input. */
  public static Optional<String> problem(String pattern) {
    if (pattern.length() > MAX_LENGTH) {
      return Optional.of("正则表达式过长（超过 " + MAX_LENGTH + " 个字符）");
    }
    try {
      Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      return Optional.of("正则表达式无法解析：" + e.getDescription());
    }
    // Per open group: does it contain a quantifier or an alternation?
    Deque<boolean[]> groups = new ArrayDeque<>();
    groups.push(new boolean[2]);
    boolean inClass = false;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\') {
        char next = i + 1 < pattern.length() ? pattern.charAt(i + 1) : ' ';
        if (!inClass && ((next >= '1' && next <= '9') || next == 'k')) {
          return Optional.of("正则表达式不能使用反向引用（\\1、\\k<…>）");
        }
        i++;
        continue;
      }
      if (inClass) {
        inClass = c != ']';
        continue;
      }
      switch (c) {
        case '[' -> inClass = true;
        case '(' -> {
          if (pattern.startsWith("(?=", i) || pattern.startsWith("(?!", i) || pattern.startsWith("(?<=", i)
              || pattern.startsWith("(?<!", i)) {
            return Optional.of("正则表达式不能使用先行或后行断言（(?=…)、(?<=…) 等）");
          }
          groups.push(new boolean[2]);
        }
        case ')' -> {
          boolean[] closed = groups.size() > 1 ? groups.pop() : new boolean[2];
          boolean quantified = i + 1 < pattern.length() && "*+{".indexOf(pattern.charAt(i + 1)) >= 0;
          if (quantified && (closed[0] || closed[1])) {
            return Optional.of("正则表达式中重复的分组内不能再有重复或“|”分支（如 (a+)+、(a|aa)*），"
                + "否则遇到特定输入会极慢；请改写为更简单的形式");
          }
          boolean[] outer = groups.peek();
          outer[0] |= closed[0] || quantified;
          outer[1] |= closed[1];
        }
        case '*', '+', '{' -> groups.peek()[0] = true;
        case '|' -> groups.peek()[1] = true;
        default -> { }
      }
    }
    return Optional.empty();
  }
}
