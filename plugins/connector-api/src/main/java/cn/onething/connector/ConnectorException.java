package cn.onething.connector;

/**
 * 调用失败 — a call that did not produce outputs, of one of four kinds. Only
 * {@link Kind#TIMEOUT} and {@link Kind#UNAVAILABLE} are worth retrying.
 */
public final class ConnectorException extends RuntimeException {
  /** What went wrong. */
  public enum Kind {
    /** No answer in time. */
    TIMEOUT("超时", true),
    /** The system could not be reached or answered that it cannot serve now (5xx, 429). */
    UNAVAILABLE("不可用", true),
    /** The system refused this request (4xx): retrying the same request will not help. */
    REJECTED("拒绝", false),
    /** The system answered something that is not what its binding declares. */
    BAD_RESPONSE("响应不合规", false);

    private final String label;
    private final boolean retryable;

    Kind(String label, boolean retryable) {
      this.label = label;
      this.retryable = retryable;
    }

    /** The Chinese word for it, as shown to clerks and operators. */
    public String label() {
      return label;
    }

    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;
  private final int status;

  /**
   * @param status the HTTP (or protocol) status the system answered, or 0 when there was none
   */
  public ConnectorException(Kind kind, int status, String message, Throwable cause) {
    super(message, cause, false, false);
    this.kind = kind;
    this.status = status;
  }

  public ConnectorException(Kind kind, String message) {
    this(kind, 0, message, null);
  }

  public Kind kind() {
    return kind;
  }

  public int status() {
    return status;
  }

  public boolean retryable() {
    return kind.retryable();
  }
}
