package cn.onething.compose;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * 一件事服务定义 — what a province composes: the member matters at exact versions, the order some
 * must follow, the shared acceptance, and which e-licence types its endpoints can look up.
 */
public record ServiceDefinition(
    String region,
    String title,
    List<Member> members,
    List<JsonObject> ordering,
    JsonObject sharedAcceptance,
    Set<String> licencesAvailable,
    List<JsonObject> overrides) {

  /** Without local overrides. */
  public ServiceDefinition(String region, String title, List<Member> members, List<JsonObject> ordering,
      JsonObject sharedAcceptance, Set<String> licencesAvailable) {
    this(region, title, members, ordering, sharedAcceptance, licencesAvailable, List.of());
  }
}
