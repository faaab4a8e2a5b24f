package cn.onething.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * 请求编号 — where the current request's id lives: in the request's own (duplicated) Vert.x
 * context, so every log line written while serving it can carry it.
 *
 * <p>Registered as a {@link VertxServiceProvider} because context locals must exist before the
 * first {@code Vertx} is built; the provider itself has nothing to initialise.
 */
public final class RequestIds implements VertxServiceProvider {
  static final ContextLocal<String> REQUEST_ID = ContextLocal.registerLocal(String.class);

  @Override
  public void init(VertxBootstrap bootstrap) {
    // Loading this class registered REQUEST_ID; nothing else to set up.
  }

  /** The id of the request being served on this thread's context, or null outside a request. */
  public static String current() {
    Context context = Vertx.currentContext();
    return context == null ? null : context.getLocal(REQUEST_ID);
  }

  static void bind(Context context, String requestId) {
    context.putLocal(REQUEST_ID, requestId);
  }
}
