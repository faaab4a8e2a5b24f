package cn.onething.connector;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * 一次调用 — one call of a binding.
 *
 * @param binding the binding template as published (operation, request and response schemas,
 *     input and output parameters)
 * @param endpoint the province's endpoint configuration for it ({@code baseUrl}, {@code secretRef},
 *     connector-specific settings), already validated
 * @param inputs input parameter values by parameter name
 * @param requestId the id the department system de-duplicates on: the same for every retry of
 *     one logical call, so a retried push is applied once
 * @param timeout how long this attempt may take in all
 * @param secrets the server's secrets, looked up by the name the endpoint configuration gives
 */
public record Invocation(JsonObject binding, JsonObject endpoint, JsonObject inputs, String requestId,
    Duration timeout, Secrets secrets) {}
