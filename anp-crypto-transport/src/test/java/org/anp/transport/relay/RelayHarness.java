package org.anp.transport.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Relays on loopback port 0 that resolve through a {@link TestDirectory}, and WebSocket clients
 * connected to them, for one test; registered with {@code @RegisterExtension}, it closes them
 * after each test, last opened first.
 */
final class RelayHarness implements AfterEachCallback {
  private final TestDirectory directory;
  private final Consumer<RelayServer.Builder> defaults;
  private final List<AutoCloseable> open = new ArrayList<>();

  /** Relays over {@code directory}'s resolver with the relay's default settings. */
  RelayHarness(TestDirectory directory) {
    this(directory, b -> {});
  }

  /** Relays over {@code directory}'s resolver, each configured by {@code defaults} first. */
  RelayHarness(TestDirectory directory, Consumer<RelayServer.Builder> defaults) {
    this.directory = directory;
    this.defaults = defaults;
  }

  /** A started relay, configured by the defaults and then by {@code options}. */
  RelayServer relay(Consumer<RelayServer.Builder> options) {
    RelayServer.Builder builder = RelayServer.builder().resolver(directory.resolver());
    defaults.accept(builder);
    options.accept(builder);
    RelayServer relay = builder.build();
    relay.start().join();
    return keep(relay);
  }

  /** A client connected to {@code relay}. */
  WsClient client(RelayServer relay) {
    return keep(WsClient.connect(relay.uri()));
  }

  /** Closes {@code resource} after the test; returns it. */
  synchronized <T extends AutoCloseable> T keep(T resource) {
    open.add(resource);
    return resource;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    List<AutoCloseable> resources;
    synchronized (this) {
      resources = new ArrayList<>(open);
      open.clear();
    }
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }
}
