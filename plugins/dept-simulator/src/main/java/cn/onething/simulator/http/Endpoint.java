package cn.onething.simulator.http;

import java.util.function.Function;

/** A department endpoint: its contract and the handler that answers checked calls. */
public record Endpoint(Contract contract, Function<Call, Reply> handler) {

  public static Endpoint of(Contract contract, Function<Call, Reply> handler) {
    return new Endpoint(contract, handler);
  }
}
