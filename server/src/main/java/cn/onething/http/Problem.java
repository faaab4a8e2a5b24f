package cn.onething.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * 错误说明 — an RFC 9457 problem: a stable {@code type}, a Chinese {@code title}, the status,
 * a {@code detail} for this occurrence and, for input errors, one entry per bad value.
 */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

  public static final String CONTENT_TYPE = "application/problem+json; charset=utf-8";
  static final String TYPE_PREFIX = "urn:onething:problem:";

  /** One bad input value: a JSON pointer into the request body (or a parameter name) and what to do. */
  public record FieldError(String pointer, String message) {
    JsonObject toJson() {
      return new JsonObject().put("pointer", pointer).put("message", message);
    }
  }

  public Problem {
    errors = List.copyOf(errors);
  }

  public static Problem of(String slug, String title, int status, String detail) {
    return new Problem(TYPE_PREFIX + slug, title, status, detail, List.of());
  }

  public Problem withErrors(List<FieldError> fieldErrors) {
    return new Problem(type, title, status, detail, fieldErrors);
  }

  public ProblemException exception() {
    return new ProblemException(this);
  }

  public JsonObject toJson(String instance, String requestId) {
    JsonObject json = new JsonObject()
        .put("type", type)
        .put("title", title)
        .put("status", status)
        .put("detail", detail);
    if (instance != null) {
      json.put("instance", instance);
    }
    if (requestId != null) {
      json.put("requestId", requestId);
    }
    if (!errors.isEmpty()) {
      json.put("errors", new JsonArray(errors.stream().map(FieldError::toJson).toList()));
    }
    return json;
  }
}
