package cn.onething.http;

import cn.onething.http.Problem.FieldError;
import java.util.List;

/** The problems every capability shares, so that each {@code type} means one thing everywhere. */
public final class Problems {
  private Problems() {}

  public static ProblemException invalidInput(List<FieldError> errors) {
    return Problem.of("invalid-input", "输入有误", 400, "请求中有 " + errors.size() + " 处需要修改，详见 errors。")
        .withErrors(errors).exception();
  }

  public static ProblemException invalidInput(String pointer, String message) {
    return invalidInput(List.of(new FieldError(pointer, message)));
  }

  public static ProblemException invalidJson(String detail) {
    return Problem.of("invalid-json", "请求体不是合法的 JSON", 400, detail)
        .withErrors(List.of(new FieldError("", detail))).exception();
  }

  public static ProblemException unsupportedMediaType(String given) {
    String detail = given == null || given.isBlank()
        ? "请求缺少 Content-Type，请以 application/json 发送请求体。"
        : "不支持的 Content-Type“" + given + "”，请以 application/json 发送请求体。";
    return Problem.of("unsupported-media-type", "请求体格式不受支持", 415, detail).exception();
  }

  public static ProblemException payloadTooLarge(long limitBytes) {
    return Problem.of("payload-too-large", "请求体过大", 413,
        "请求体超过了 " + humanBytes(limitBytes) + " 的上限。").exception();
  }

  public static ProblemException unauthorized(String detail) {
    return Problem.of("unauthorized", "需要登录", 401, detail).exception();
  }

  public static ProblemException forbidden(String detail) {
    return Problem.of("forbidden", "无权访问", 403, detail).exception();
  }

  public static ProblemException notFound(String detail) {
    return Problem.of("not-found", "未找到", 404, detail).exception();
  }

  public static ProblemException methodNotAllowed(String method, String path) {
    return Problem.of("method-not-allowed", "不支持该请求方法", 405,
        "路径 " + path + " 不支持 " + method + " 方法。").exception();
  }

  public static ProblemException conflict(String detail) {
    return Problem.of("conflict", "与现有数据冲突", 409, detail).exception();
  }

  public static ProblemException tooManyRequests(long retryAfterSeconds) {
    return Problem.of("too-many-requests", "请求过于频繁", 429,
        "登录失败次数过多，请在 " + retryAfterSeconds + " 秒后再试。").exception();
  }

  /** The rules of a service could not be run in time (or are quarantined): nothing was stored. */
  public static ProblemException rulesUnavailable(String detail) {
    return Problem.of("rules-unavailable", "服务规则暂不可用", 503, detail).exception();
  }

  /** Whether a failure is {@link #rulesUnavailable}. */
  public static boolean isRulesUnavailable(Throwable failure) {
    return failure instanceof ProblemException p && p.problem().type().equals(Problem.TYPE_PREFIX + "rules-unavailable");
  }

  public static ProblemException unavailable(String detail) {
    return Problem.of("unavailable", "服务暂不可用", 503, detail).exception();
  }

  static Problem internal() {
    return Problem.of("internal", "服务器内部错误", 500, "处理请求时发生了意外错误，请凭请求编号联系运维人员。");
  }

  static String humanBytes(long bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MiB";
    }
    if (bytes >= 1024 && bytes % 1024 == 0) {
      return bytes / 1024 + " KiB";
    }
    return bytes + " 字节";
  }
}
