package cn.onething.simulator.http;

import io.vertx.core.json.JsonObject;

/**
 * What an endpoint answers.
 *
 * @param applied true when a write changed state (counted in {@code /_sim/calls}); false for reads, rejections and
 *                writes that found their natural key already done
 */
public record Reply(int status, JsonObject body, boolean applied) {

  public static Reply ok(JsonObject body) {
    return new Reply(200, body, false);
  }

  public static Reply applied(JsonObject body) {
    return new Reply(200, body, true);
  }

  /** 422: the request is well-formed but the department refuses it (unknown person, wrong owner…). */
  public static Reply rejected(String code, String message) {
    return new Reply(422, Problems.body(code, message), false);
  }

  public static Reply conflict(String code, String message) {
    return new Reply(409, Problems.body(code, message), false);
  }
}
