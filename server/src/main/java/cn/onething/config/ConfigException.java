package cn.onething.config;

import java.util.List;

/** Every problem found in the configuration at once, each a sentence an operator can act on. */
public final class ConfigException extends RuntimeException {
  private final List<String> problems;

  ConfigException(List<String> problems) {
    super(String.join("；", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
