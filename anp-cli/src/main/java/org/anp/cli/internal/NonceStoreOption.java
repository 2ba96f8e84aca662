package org.anp.cli.internal;

import java.util.Optional;
import org.anp.identity.auth.NonceStore;
import org.anp.transport.cluster.ClusterConnection;
import org.anp.transport.cluster.JetStreamNonceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code --nonce-store nats://HOST:PORT} option of the serve commands that verify DID
 * authentication: several instances of one service given the same NATS server refuse a signed
 * request replayed from one to another (a {@link JetStreamNonceStore}, decision 0082). Without it
 * each process keeps its nonces in memory, as before. Belongs to one command instance, used from
 * one thread.
 */
@Command
public final class NonceStoreOption {
  @Option(
      names = "--nonce-store",
      paramLabel = "nats://HOST:PORT",
      description = "Share the replay protection of DID authentication with every instance of this service"
          + " given the same NATS server (JetStream enabled; key-value bucket anp_auth_nonces). While NATS"
          + " is unreachable, signed requests are refused with 503. Default: nonces kept in this process.")
  private String url;

  /** The shared store, opened now, or empty when the option was not given. */
  public Optional<Shared> open() {
    if (url == null) {
      return Optional.empty();
    }
    ClusterConnection connection = ClusterConnection.builder().url(url).name("anp-serve").open();
    try {
      return Optional.of(new Shared(connection, JetStreamNonceStore.builder().connection(connection).build()));
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** The URL given, if any. */
  public Optional<String> url() {
    return Optional.ofNullable(url);
  }

  /** An open shared store and the connection it uses; closing it closes the connection. */
  public record Shared(ClusterConnection connection, NonceStore store) implements AutoCloseable {
    @Override
    public void close() {
      connection.close();
    }
  }
}
