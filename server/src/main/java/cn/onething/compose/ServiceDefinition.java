package cn.onething.compose;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * 一件事服务定义 — what a province composes: the member matters at exact versions, the order some
 * must follow, the shared acceptance, which e-licence types it can look up, its overrides, and
 * its endpoints (binding template ref → the province's department-system address).
 */
public record ServiceDefinition(
    String region,
    String title,
    List<Member> members,
    List<JsonObject> ordering,
    JsonObject sharedAcceptance,
    Set<String> licencesAvailable,
    List<JsonObject> overrides,
    JsonObject endpoints) {

  /** Without local overrides or endpoints. */
  public ServiceDefinition(String region, String title, List<Member> members, List<JsonObject> ordering,
      JsonObject sharedAcceptance, Set<String> licencesAvailable) {
    this(region, title, members, ordering, sharedAcceptance, licencesAvailable, List.of(), new JsonObject());
  }

  /** Without endpoints. */
  public ServiceDefinition(String region, String title, List<Member> members, List<JsonObject> ordering,
      JsonObject sharedAcceptance, Set<String> licencesAvailable, List<JsonObject> overrides) {
    this(region, title, members, ordering, sharedAcceptance, licencesAvailable, overrides, new JsonObject());
  }
}
