package cn.onething.connector;

/** A problem with a document: where (a JSON pointer) and what, in Chinese. */
public record Violation(String pointer, String message) {
  @Override
  public String toString() {
    return (pointer.isEmpty() ? "/" : pointer) + "：" + message;
  }
}
