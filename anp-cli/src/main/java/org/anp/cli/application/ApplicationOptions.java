package org.anp.cli.application;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.client.AgentClient;
import org.anp.application.client.RemoteAgent;
import org.anp.cli.internal.LoopbackHttpOption;
import org.anp.identity.AnpException;
import org.anp.identity.IdentityException;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.agent.IdentityStore;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.resolve.DirectoryDidResolver;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.identity.spi.DocumentFetcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The network options the layer-3 commands share ({@code --documents}, {@code
 * --allow-loopback-http}, {@code --timeout}) and what they build: the DID resolver, the document
 * fetcher and the agent client. Library failures are rethrown as they are, for {@link
 * org.anp.cli.internal.LibraryErrorHandler} to print as one line. Belongs to one command instance.
 */
@Command
final class ApplicationOptions {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(names = "--documents", paramLabel = "DIR",
      description = "Resolve DIDs from the DID documents in DIR (and its subdirectories) first, then over the network.")
  private Path documents;

  @Mixin private LoopbackHttpOption loopbackHttp;

  @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
      description = "How long to wait for the network (default: ${DEFAULT-VALUE}).")
  private int timeoutSeconds;

  Duration timeout() {
    if (timeoutSeconds < 1) {
      throw usage("--timeout must be at least 1 second");
    }
    return Duration.ofSeconds(timeoutSeconds);
  }

  /** The DID resolver: the {@code --documents} directory first, then the network. */
  DidResolver resolver() {
    DidResolver network = loopbackHttp.networkResolver();
    if (documents == null) {
      return network;
    }
    if (!Files.isDirectory(documents)) {
      throw usage("--documents: not a directory: " + documents);
    }
    return DirectoryDidResolver.of(documents).orElse(network);
  }

  /** Whether plain HTTP to loopback addresses is allowed. */
  boolean loopbackHttp() {
    return loopbackHttp.allowed();
  }

  /** Fetches over HTTPS, or also over HTTP from loopback addresses with {@code --allow-loopback-http}. */
  DocumentFetcher fetcher() {
    return loopbackHttp.allowed()
        ? DocumentFetchers.insecureAllowLoopbackHttp(timeout()) : DocumentFetchers.https(timeout());
  }

  /** An agent client, calling as {@code identity} if given. */
  AgentClient client(Optional<AgentIdentity> identity) {
    AgentClient.Builder b = AgentClient.builder().resolver(resolver()).fetcher(fetcher()).timeout(timeout());
    identity.ifPresent(b::identity);
    return b.build();
  }

  /** Connects to {@code target}, a DID ({@code did:...}) or the URL of an ad.json, and verifies it. */
  RemoteAgent connect(String target, Optional<AgentIdentity> identity) {
    AgentClient client = client(identity);
    return await(target.startsWith("did:") ? client.connect(target) : client.connect(url(target, "URL")));
  }

  /** Loads the identity in {@code dir} ({@code anp did create}'s layout). */
  AgentIdentity identity(Path dir) {
    try {
      return IdentityStore.directory(dir).load();
    } catch (IdentityException | IllegalArgumentException e) {
      throw usage("--identity: " + e.getMessage());
    }
  }

  /** {@code text} as an absolute http(s) URL. */
  URI url(String text, String what) {
    try {
      URI uri = new URI(text);
      if (uri.getScheme() == null || uri.getHost() == null
          || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
        throw usage(what + ": expected an http(s) URL, not " + text);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw usage(what + ": not a URL: " + text);
    }
  }

  /**
   * The future's value, waiting at most {@code --timeout} (plus a margin for the library's own
   * timeouts to report first).
   *
   * @throws AnpException the library failure the future failed with
   */
  <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(timeout().toSeconds() + 5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new ApplicationException(ApplicationError.FETCH_FAILED, "no answer within " + timeoutSeconds + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApplicationException(ApplicationError.INTERNAL_ERROR, "interrupted");
    }
  }

  private static RuntimeException failure(Throwable t) {
    Throwable cause = t;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof AnpException e) {
      return e;
    }
    if (cause instanceof IllegalArgumentException e) {
      return new ApplicationException(ApplicationError.INVALID_REQUEST, e.getMessage(), e);
    }
    return new ApplicationException(ApplicationError.FETCH_FAILED, String.valueOf(cause), cause);
  }

  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
