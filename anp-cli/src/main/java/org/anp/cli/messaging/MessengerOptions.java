package org.anp.cli.messaging;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.anp.cli.internal.ErrorLines;
import org.anp.cli.internal.LoopbackHttpOption;
import org.anp.identity.IdentityException;
import org.anp.identity.agent.IdentityStore;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.resolve.DirectoryDidResolver;
import org.anp.transport.TransportException;
import org.anp.transport.messenger.AgentMessenger;
import org.anp.transport.messenger.LocalIdentity;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options {@code send} and {@code listen} share, and the messenger they describe. */
final class MessengerOptions {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(names = "--identity", required = true, paramLabel = "DIR",
      description = "This agent's identity directory (as written by 'anp did create').")
  private Path identity;

  @Option(names = "--relay", required = true, paramLabel = "URL", description = "The relay's WebSocket URL (ws:// or wss://).")
  private String relay;

  @Option(names = "--documents", paramLabel = "DIR",
      description = "Resolve DIDs from the DID documents in DIR (and its subdirectories) first, then over the network.")
  private Path documents;

  @Mixin private LoopbackHttpOption loopbackHttp;

  @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
      description = "How long to wait for the relay (default: ${DEFAULT-VALUE}).")
  private int timeoutSeconds;

  Duration timeout() {
    return Duration.ofSeconds(timeoutSeconds);
  }

  /** The E2E handshake timeout: the library's 10 s, or less when {@code --timeout} is shorter. */
  Duration handshakeTimeout() {
    return Duration.ofSeconds(Math.min(10, timeoutSeconds));
  }

  /**
   * The messenger, not yet started.
   *
   * @throws ParameterException for bad option values
   */
  AgentMessenger build() {
    return builder().build();
  }

  /** This agent's identity directory (its home). */
  Path identityDirectory() {
    return identity;
  }

  /**
   * The messenger's builder, configured.
   *
   * @throws ParameterException for bad option values
   */
  AgentMessenger.Builder builder() {
    if (timeoutSeconds < 1) {
      throw usage("--timeout must be at least 1 second");
    }
    URI uri;
    try {
      uri = new URI(relay);
    } catch (URISyntaxException e) {
      throw usage("--relay: not a URL: " + relay);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("ws") && !scheme.equals("wss") || uri.getHost() == null) {
      throw usage("--relay must be a ws:// or wss:// URL, not " + relay);
    }
    if (documents != null && !Files.isDirectory(documents)) {
      throw usage("--documents: not a directory: " + documents);
    }
    LocalIdentity local;
    try {
      local = LocalIdentity.from(IdentityStore.directory(identity).load());
    } catch (IdentityException | IllegalArgumentException e) {
      throw usage("--identity: " + e.getMessage());
    }
    DidResolver network = loopbackHttp.networkResolver();
    DidResolver resolver = documents == null ? network : DirectoryDidResolver.of(documents).orElse(network);
    return AgentMessenger.builder()
        .identity(local)
        .relay(uri)
        .resolver(resolver)
        .sendTimeout(timeout())
        .connectTimeout(timeout())
        .handshakeTimeout(handshakeTimeout())
        // A payload for a peer this process has never met waits inside the process (behind a
        // queued handshake); it cannot outlive the command, so it expires with --timeout.
        .queuedResendWindow(timeout());
  }

  /**
   * One line for standard error: the code, its message-service number and the reason. Failures to
   * use the relay at all (refused registration, nothing listening, not a WebSocket endpoint) are
   * this side's findings, not codes a relay or peer sent: they get a plain sentence and no number.
   */
  static String describe(TransportException e) {
    return switch (e.code()) {
      case REGISTRATION_REFUSED -> "registration refused (REGISTRATION_REFUSED): " + ErrorLines.reason(e);
      case RELAY_UNREACHABLE -> "relay unreachable (RELAY_UNREACHABLE): " + ErrorLines.reason(e);
      case NOT_A_RELAY -> "not a relay (NOT_A_RELAY): " + ErrorLines.reason(e);
      default -> e.code().name() + " (" + e.code().responseCode() + "): " + ErrorLines.reason(e);
    };
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
