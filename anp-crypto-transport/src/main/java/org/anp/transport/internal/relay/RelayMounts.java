package org.anp.transport.internal.relay;

import java.util.Objects;
import java.util.function.Function;
import org.anp.transport.internal.http.WebSocketMount;
import org.anp.transport.relay.RelayServer;

/**
 * How {@code HttpServer.Builder.relay} reaches the engine of a public {@link RelayServer} without
 * a public method for it: {@code RelayServer} hands over the accessor when its class loads.
 */
public final class RelayMounts {
  private static volatile Function<RelayServer, NettyRelayServer> engines;

  private RelayMounts() {}

  /** Called once, by {@code RelayServer}'s static initializer. */
  public static void accessor(Function<RelayServer, NettyRelayServer> accessor) {
    engines = Objects.requireNonNull(accessor, "accessor");
  }

  /** {@code relay}, to be served on an HTTP server's port. @throws IllegalStateException if it was started */
  public static WebSocketMount mount(RelayServer relay) {
    return engines.apply(relay).mount();
  }
}
