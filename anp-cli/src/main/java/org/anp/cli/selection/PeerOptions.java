package org.anp.cli.selection;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.anp.cli.internal.LoopbackHttpOption;
import org.anp.identity.AnpException;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.agent.IdentityKey;
import org.anp.identity.agent.IdentityStore;
import org.anp.identity.agent.KeyRole;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.did.AnpMessageService;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.resolve.DirectoryDidResolver;
import org.anp.transport.p1.P1Client;
import org.anp.transport.p1.RpcError;
import org.anp.transport.p1.RpcException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The options {@code anp capabilities} and {@code anp negotiate} share: who calls ({@code
 * --identity}, else anonymously), how long to wait, and how a peer given as a DID is found (its
 * document's {@code ANPMessageService} endpoint, fetched as {@code --allow-loopback-http} says).
 * Belongs to one command instance, used from one thread.
 */
@Command
final class PeerOptions {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Mixin private LoopbackHttpOption loopbackHttp;

  @Option(
      names = "--identity",
      paramLabel = "DIR",
      description = "Call as this identity ('anp did create' directory), with a DIDWba Authorization"
          + " header. Default: anonymously.")
  private Path identity;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "How long to wait for the DID document and each answer. Default: ${DEFAULT-VALUE}.")
  private int timeoutSeconds;

  private AgentIdentity loaded;

  /** Where to send P1 requests, and the agent's DID when the peer was given as one. */
  record Peer(URI endpoint, Optional<String> did) {}

  /**
   * The peer named by {@code text}: an {@code http(s)} URL is its P1 endpoint; a DID is resolved
   * and its {@code ANPMessageService} endpoint used.
   *
   * @throws ParameterException for text that is neither
   * @throws AnpException when the DID cannot be resolved or its document has no usable entry
   */
  Peer peer(String text) {
    if (text.startsWith("did:")) {
      Did did;
      try {
        did = Did.parse(text);
      } catch (IdentityException e) {
        throw usage("not a DID: " + text + " (" + e.getMessage() + ")");
      }
      if (timeoutSeconds < 1) {
        throw usage("--timeout must be at least 1 second");
      }
      DidDocument document = join(loopbackHttp.networkResolver().resolve(did)
          .orTimeout(timeoutSeconds, TimeUnit.SECONDS)
          .exceptionallyCompose(e -> CompletableFuture.failedFuture(
              unwrap(e) instanceof TimeoutException
                  ? new IdentityException(IdentityError.RESOLUTION_TIMEOUT,
                      did + ": no DID document within " + timeoutSeconds + " s")
                  : unwrap(e))));
      AnpMessageService service = AnpMessageService.of(document)
          .orElseThrow(() -> new IdentityException(IdentityError.INVALID_DOCUMENT,
              did + ": the DID document has no ANPMessageService entry (its P1 endpoint)"));
      return new Peer(service.endpoint(), Optional.of(did.toString()));
    }
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return new Peer(uri, Optional.empty());
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw usage("not an http(s) URL or a DID: " + text);
  }

  /** A P1 client calling as {@code --identity}, or anonymously. */
  P1Client client() {
    if (timeoutSeconds < 1) {
      throw usage("--timeout must be at least 1 second");
    }
    P1Client.Builder builder = P1Client.builder().timeout(Duration.ofSeconds(timeoutSeconds));
    callerDid().ifPresent(caller -> builder.authenticator(authenticator()));
    return builder.build();
  }

  /**
   * The identity of {@code --identity} and its directory (the agent's home).
   *
   * @throws ParameterException if {@code --identity} was not given ({@code why} says what needs it)
   */
  IdentityHome requireIdentity(String why) {
    if (identity == null) {
      throw usage("--identity is required " + why);
    }
    return new IdentityHome(loaded(), identity);
  }

  /** An identity with the directory it was loaded from. */
  record IdentityHome(AgentIdentity identity, Path directory) {}

  /**
   * The {@code --timeout}.
   *
   * @throws ParameterException if it is below 1 second
   */
  Duration timeout() {
    if (timeoutSeconds < 1) {
      throw usage("--timeout must be at least 1 second");
    }
    return Duration.ofSeconds(timeoutSeconds);
  }

  /** A resolver of the DID documents under {@code documents} first, then the network. */
  DidResolver resolver(Optional<Path> documents) {
    DidResolver network = loopbackHttp.networkResolver();
    return documents.map(d -> DirectoryDidResolver.of(d).orElse(network)).orElse(network);
  }

  /** The DID of {@code --identity}, if given. */
  Optional<String> callerDid() {
    return identity == null ? Optional.empty() : Optional.of(loaded().did().toString());
  }

  private AgentIdentity loaded() {
    if (loaded == null) {
      try {
        loaded = IdentityStore.directory(identity).load();
      } catch (IdentityException | IllegalArgumentException e) {
        throw usage("--identity: " + e.getMessage());
      }
    }
    return loaded;
  }

  private DidWbaAuthenticator authenticator() {
    IdentityKey key = loaded().requireKey(KeyRole.AUTHENTICATION);
    return DidWbaAuthenticator.builder().did(loaded().did()).signingKey(key.fragment(), key.privateKey()).build();
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  /** Waits for {@code future} (bounded by the client's timeout), unwrapping a library failure. */
  static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof AnpException failure) {
        throw failure;
      }
      throw e;
    }
  }

  /**
   * One line for a JSON-RPC error answer: its code, its {@code data.anp_code} when it has one, and
   * its message, e.g. {@code 1601 meta.no_matching_interface: No matching interface}.
   */
  static String describe(RpcException e) {
    RpcError error = e.error();
    return error.code() + error.anpCode().map(code -> " " + code).orElse("") + ": " + error.message();
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
