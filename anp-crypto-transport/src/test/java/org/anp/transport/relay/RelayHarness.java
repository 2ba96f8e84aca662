package org.anp.transport.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
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
  private static final SecureRandom RANDOM = new SecureRandom();
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

  /**
   * Connects and registers {@code bob} and {@code carol} on {@code relay} and checks that a frame
   * from bob reaches carol and is answered 200: the relay still serves agents that behave.
   */
  void assertExchange(RelayServer relay, TestDirectory.Agent bob, TestDirectory.Agent carol) {
    WsClient b = client(relay);
    WsClient c = client(relay);
    b.register(bob);
    c.register(carol);
    String id = "m" + RANDOM.nextInt(1_000_000);
    b.send(WsClient.message(id, bob.did(), carol.did(), 64).toString());
    JsonNode got = c.await(n -> id.equals(n.path("messageId").asText()));
    assertThat(got.path("sourceDid").asText()).isEqualTo(bob.did());
    assertThat(b.awaitCode(id)).isEqualTo(200);
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
