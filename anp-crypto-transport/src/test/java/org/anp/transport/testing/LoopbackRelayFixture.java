package org.anp.transport.testing;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.anp.identity.resolve.DidResolver;
import org.anp.transport.messenger.AgentMessenger;
import org.anp.transport.messenger.LocalIdentity;
import org.anp.transport.relay.RelayServer;

/**
 * A real relay on a loopback port that resolves, from memory and without a cache, the did:all
 * documents of the identities made here (each naming this relay as its message service), with
 * messenger builders pointed at it. {@link #close()} closes what was handed to
 * {@link #closeLater} (last first), then the relay. Thread-safe.
 *
 * <p>Shared by the messenger tests, the meta-protocol session tests and the negotiation
 * benchmarks, so that they exercise one loopback set-up rather than copies of it.
 */
public final class LoopbackRelayFixture implements AutoCloseable {
  private final DidAllDirectory directory = new DidAllDirectory();
  private final List<AutoCloseable> closeLater = new ArrayList<>();
  private final RelayServer relay;
  private final URI uri;

  private LoopbackRelayFixture(Consumer<RelayServer.Builder> options) {
    RelayServer.Builder builder = RelayServer.builder().resolver(directory.resolver()).port(0);
    options.accept(builder);
    relay = builder.build();
    uri = relay.start().join();
  }

  /** A started relay with default settings. */
  public static LoopbackRelayFixture start() {
    return start(b -> {});
  }

  /** A started relay, its builder configured further by {@code options} (port 0 unless set). */
  public static LoopbackRelayFixture start(Consumer<RelayServer.Builder> options) {
    return new LoopbackRelayFixture(Objects.requireNonNull(options, "options"));
  }

  /** The relay's WebSocket address. */
  public URI uri() {
    return uri;
  }

  /** The relay itself. */
  public RelayServer relay() {
    return relay;
  }

  /** The resolver the relay uses: the documents of {@link #identity()}, no cache. */
  public DidResolver resolver() {
    return directory.resolver();
  }

  /** A new did:all identity whose document, naming this relay, the relay can resolve. */
  public LocalIdentity identity() {
    return LocalIdentity.from(directory.identity(uri));
  }

  /**
   * A messenger builder for {@code identity} on this relay, reconnecting quickly (20 to 200 ms)
   * when the connection drops; each messenger keeps its own random generator.
   */
  public AgentMessenger.Builder messenger(LocalIdentity identity) {
    return AgentMessenger.builder()
        .identity(identity)
        .relay(uri)
        .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200));
  }

  /** Closes {@code resource} with this fixture, before the relay; returns it. */
  public <T extends AutoCloseable> T closeLater(T resource) {
    synchronized (closeLater) {
      closeLater.add(Objects.requireNonNull(resource, "resource"));
    }
    return resource;
  }

  @Override
  public void close() {
    List<AutoCloseable> resources;
    synchronized (closeLater) {
      resources = new ArrayList<>(closeLater);
      closeLater.clear();
    }
    RuntimeException failure = null;
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("closing a resource of the loopback relay failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    relay.close();
    if (failure != null) {
      throw failure;
    }
  }
}
