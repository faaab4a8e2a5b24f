package cn.onething.compose;

import io.vertx.core.json.JsonObject;

/**
 * 成员事项 — one matter of a service, at the exact version it was resolved to, with the pointer
 * under which its diagnostics are reported.
 */
public record Member(String ref, String version, JsonObject template, String pointer) {}
