package cn.onething.rules;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which members of {@code form} an expression reads, found by reading its text once: every
 * {@code form.name}, {@code form?.name} and {@code form['name']}, in an expression that only
 * reads. The sandbox then hands such a rule only those fields, as a plain guest object of its
 * own, instead of a view of the whole form that each read has to cross into the host for.
 *
 * <p>Conservative by construction: {@code null} ("give it every field, frozen") whenever the text
 * uses {@code form} or {@code ctx} any other way ({@code form[k]}, {@code form} passed on, a
 * {@code form} in a string or an object key), may write (an assignment, {@code ++}, {@code --},
 * {@code delete}, {@code arguments}) or holds anything this scan does not follow (a backslash, a
 * comment, a template literal). An expression is only ever given more than it reads, never less.
 */
final class FormReads {
  private FormReads() {}

  /** The names of the form members {@code expression} reads, or {@code null} when it may read any. */
  static List<String> of(String expression) {
    if (expression.indexOf('\\') >= 0 || expression.indexOf('`') >= 0 || expression.contains("//")
        || expression.contains("/*")) {
      return null;
    }
    Set<String> names = new LinkedHashSet<>();
    int i = 0;
    int n = expression.length();
    while (i < n) {
      char c = expression.charAt(i);
      if (writes(expression, i)) {
        return null;
      }
      if (c == '\'' || c == '"') {
        i = endOfString(expression, i);
        if (i < 0) {
          return null;
        }
      } else if (isIdentifierStart(c)) {
        int start = i;
        while (i < n && isIdentifierPart(expression.charAt(i))) {
          i++;
        }
        if (i < n && expression.charAt(i) > 127) {
          return null;  // a non-ASCII identifier: not followed here
        }
        String word = expression.substring(start, i);
        if (!afterDot(expression, start)) {
          if (word.equals("delete") || word.equals("arguments")) {
            return null;
          }
          if (word.equals("ctx") && !isMemberAccess(expression, i)) {
            return null;
          }
          if (word.equals("form")) {
            int next = member(expression, i, names);
            if (next < 0) {
              return null;
            }
            i = next;
          }
        }
      } else if (c > 127 && Character.isLetter(c)) {
        return null;
      } else {
        i++;
      }
    }
    return List.copyOf(names);
  }

  /** An assignment ({@code =}, {@code +=}, … but not {@code ==}, {@code <=}, {@code =>}), {@code ++} or {@code --} at {@code i}. */
  private static boolean writes(String text, int i) {
    char c = text.charAt(i);
    char next = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
    if ((c == '+' || c == '-') && next == c) {
      return true;
    }
    if (c != '=') {
      return false;
    }
    char previous = i > 0 ? text.charAt(i - 1) : ' ';
    if ((previous == '<' || previous == '>') && i >= 2 && text.charAt(i - 2) == previous) {
      return true;  // <<=, >>=, >>>=
    }
    return next != '=' && next != '>' && previous != '=' && previous != '!' && previous != '<' && previous != '>';
  }

  private static boolean isMemberAccess(String text, int i) {
    int j = skipSpace(text, i);
    return j < text.length() && (text.charAt(j) == '.' || text.charAt(j) == '[') || text.startsWith("?.", j);
  }

  /** Reads the member after {@code form} at {@code i} into {@code names}; the index after it, or -1. */
  private static int member(String text, int i, Set<String> names) {
    int j = skipSpace(text, i);
    if (text.startsWith("?.", j)) {
      j = skipSpace(text, j + 2);
      if (j < text.length() && text.charAt(j) == '[') {
        return bracket(text, j, names);
      }
      return name(text, j, names);
    }
    if (j < text.length() && text.charAt(j) == '.') {
      return name(text, skipSpace(text, j + 1), names);
    }
    if (j < text.length() && text.charAt(j) == '[') {
      return bracket(text, j, names);
    }
    return -1;
  }

  private static int name(String text, int j, Set<String> names) {
    if (j >= text.length() || !isIdentifierStart(text.charAt(j))) {
      return -1;
    }
    int start = j;
    while (j < text.length() && isIdentifierPart(text.charAt(j))) {
      j++;
    }
    if (j < text.length() && text.charAt(j) > 127) {
      return -1;
    }
    names.add(text.substring(start, j));
    return j;
  }

  private static int bracket(String text, int j, Set<String> names) {
    int k = skipSpace(text, j + 1);
    if (k >= text.length() || (text.charAt(k) != '\'' && text.charAt(k) != '"')) {
      return -1;
    }
    int end = endOfString(text, k);
    if (end < 0) {
      return -1;
    }
    int close = skipSpace(text, end);
    if (close >= text.length() || text.charAt(close) != ']') {
      return -1;
    }
    names.add(text.substring(k + 1, end - 1));
    return close + 1;
  }

  /** The index after the string literal opening at {@code i}, or -1 when it does not end. */
  private static int endOfString(String text, int i) {
    int end = text.indexOf(text.charAt(i), i + 1);
    return end < 0 ? -1 : end + 1;
  }

  private static boolean afterDot(String text, int i) {
    int j = i - 1;
    while (j >= 0 && Character.isWhitespace(text.charAt(j))) {
      j--;
    }
    // A spread (...form) uses the whole form: not a member access.
    return j >= 0 && text.charAt(j) == '.' && !(j >= 2 && text.startsWith("...", j - 2));
  }

  private static int skipSpace(String text, int i) {
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || (c >= '0' && c <= '9');
  }
}
