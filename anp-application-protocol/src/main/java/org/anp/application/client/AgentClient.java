package org.anp.application.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.description.AgentDescription;
import org.anp.application.description.AgentInterface;
import org.anp.application.description.DescriptionVerifier;
import org.anp.application.description.VerifiedDescription;
import org.anp.application.internal.client.AuthenticatedHttp;
import org.anp.application.internal.client.OpenApiReader;
import org.anp.application.internal.client.YamlDocuments;
import org.anp.application.internal.client.OpenRpcReader;
import org.anp.identity.IdentityException;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.agent.IdentityKey;
import org.anp.identity.agent.KeyRole;
import org.anp.identity.auth.HttpSignatureAuthenticator;
import org.anp.identity.did.Did;
import org.anp.identity.json.StrictJson;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.identity.spi.DocumentFetcher;

/**
 * Finds and calls other agents. {@link #connect(URI)} fetches an agent description, verifies it
 * ({@link DescriptionVerifier}, with the host it was fetched from as the expected {@code
 * domain}), fetches the OpenRPC documents of its structured interfaces and the OpenAPI 3 or
 * ANP YAML documents of its interfaces with protocol {@code YAML} or {@code openapi} (decision
 * 0074), and returns a {@link RemoteAgent}; {@link #connect(String)} starts from a DID, whose document names the description
 * in an {@value #DESCRIPTION_SERVICE_TYPE} service, and also requires that the description is
 * signed by that DID. Calls are authenticated as the client's {@link AgentIdentity} (RFC 9421
 * signature, then the bearer token the peer returns).
 *
 * <p>Nothing unverified is returned: a description whose proof fails, or signed by another DID
 * than expected, fails the future with an {@link ApplicationException}.
 *
 * <p>Thread-safe; share one client.
 */
public final class AgentClient {
  /** The DID document service type that points at an agent description. */
  public static final String DESCRIPTION_SERVICE_TYPE = "AgentDescription";

  /** Interface protocols whose documents are read as OpenAPI 3 or ANP YAML (lower case). */
  private static final java.util.Set<String> HTTP_INTERFACE_PROTOCOLS = java.util.Set.of("yaml", "openapi");

  private final DidResolver resolver;
  private final DescriptionVerifier verifier;
  private final DocumentFetcher fetcher;
  private final AuthenticatedHttp http;
  private final int maxDocumentBytes;
  private final int maxResponseBytes;

  private AgentClient(Builder b) {
    this.resolver = b.resolver;
    this.verifier = DescriptionVerifier.builder().resolver(b.resolver).build();
    this.fetcher = b.fetcher;
    this.maxDocumentBytes = b.maxDocumentBytes;
    this.maxResponseBytes = b.maxResponseBytes;
    Optional<HttpSignatureAuthenticator> auth = b.identity.map(AgentClient::authenticator);
    HttpClient client = b.httpClient != null
        ? b.httpClient : HttpClient.newBuilder().connectTimeout(b.timeout).build();
    this.http = new AuthenticatedHttp(client, auth, b.timeout, b.maxResponseBytes, b.executor);
  }

  /** A builder; {@link Builder#resolver} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Connects to the agent whose description is at {@code descriptionUrl}. */
  public CompletableFuture<RemoteAgent> connect(URI descriptionUrl) {
    Objects.requireNonNull(descriptionUrl, "descriptionUrl");
    return fetch(descriptionUrl)
        .thenCompose(bytes -> verifier.verify(
            AgentDescription.parse(bytes, maxDocumentBytes), Optional.ofNullable(descriptionUrl.getHost())))
        .thenCompose(verified -> remote(verified, descriptionUrl))
        .exceptionallyCompose(t -> CompletableFuture.failedFuture(unwrap(t)));
  }

  /**
   * Connects to the agent {@code did}: resolves its DID document, follows its {@value
   * #DESCRIPTION_SERVICE_TYPE} service and requires the description to be signed by {@code did}
   * ({@code SIGNER_MISMATCH} otherwise).
   */
  public CompletableFuture<RemoteAgent> connect(String did) {
    Objects.requireNonNull(did, "did");
    Did parsed;
    try {
      parsed = Did.parse(did);
    } catch (IdentityException e) {
      return CompletableFuture.failedFuture(
          new ApplicationException(ApplicationError.DID_RESOLUTION_FAILED, "did: not a DID", e));
    }
    return resolver.resolve(parsed)
        .exceptionallyCompose(t -> CompletableFuture.failedFuture(new ApplicationException(
            ApplicationError.DID_RESOLUTION_FAILED, "did: " + did + " could not be resolved", unwrap(t))))
        .thenCompose(document -> {
          URI url = document.serviceOfType(DESCRIPTION_SERVICE_TYPE)
              .flatMap(s -> s.endpointUri())
              .map(u -> uri(u, "did: " + did + " service endpoint"))
              .orElseThrow(() -> new ApplicationException(ApplicationError.FETCH_FAILED,
                  "did: " + did + " names no " + DESCRIPTION_SERVICE_TYPE + " service"));
          return connect(url);
        })
        .thenApply(agent -> {
          if (!agent.did().equals(parsed.toString())) {
            throw new ApplicationException(ApplicationError.SIGNER_MISMATCH,
                "description: signed by " + agent.did() + ", not by " + did);
          }
          return agent;
        })
        .exceptionallyCompose(t -> CompletableFuture.failedFuture(unwrap(t)));
  }

  private CompletableFuture<RemoteAgent> remote(VerifiedDescription verified, URI descriptionUrl) {
    List<CompletableFuture<List<RemoteMethod>>> docs = new ArrayList<>();
    List<CompletableFuture<List<RemoteOperation>>> apis = new ArrayList<>();
    for (AgentInterface i : verified.description().interfaces()) {
      if (i.url().isEmpty()) {
        continue;
      }
      if (i.isStructured() && i.protocol().map("openrpc"::equalsIgnoreCase).orElse(false)) {
        URI url = descriptionUrl.resolve(uri(i.url().get(), "interface url"));
        docs.add(fetch(url).thenApply(b -> {
          try {
            return OpenRpcReader.methods(StrictJson.parse(b, maxDocumentBytes), url, descriptionUrl);
          } catch (IdentityException e) {
            throw new ApplicationException(ApplicationError.INVALID_DESCRIPTION, "openrpc: not JSON", e);
          }
        }));
      } else if (i.protocol().map(p -> HTTP_INTERFACE_PROTOCOLS.contains(p.toLowerCase(java.util.Locale.ROOT)))
          .orElse(false)) {
        URI url = descriptionUrl.resolve(uri(i.url().get(), "interface url"));
        apis.add(fetch(url).thenApply(b ->
            OpenApiReader.operations(YamlDocuments.parse(b, maxDocumentBytes), url, descriptionUrl)));
      }
    }
    List<CompletableFuture<?>> all = new ArrayList<>(docs);
    all.addAll(apis);
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> {
      List<RemoteMethod> methods = new ArrayList<>();
      docs.forEach(d -> methods.addAll(d.join()));
      List<RemoteOperation> operations = new ArrayList<>();
      apis.forEach(d -> operations.addAll(d.join()));
      return new RemoteAgent(verified, methods, operations, http, maxResponseBytes);
    });
  }

  private static URI uri(String text, String what) {
    try {
      return new URI(text);
    } catch (java.net.URISyntaxException e) {
      throw new ApplicationException(ApplicationError.INVALID_DESCRIPTION, what + ": not a URI");
    }
  }

  private CompletableFuture<byte[]> fetch(URI url) {
    return fetcher.fetch(url, maxDocumentBytes).exceptionallyCompose(t -> {
      Throwable cause = unwrap(t);
      String why = cause instanceof IdentityException e ? e.code().name() : cause.getClass().getSimpleName();
      return CompletableFuture.failedFuture(
          new ApplicationException(ApplicationError.FETCH_FAILED, "fetch " + url + ": " + why, cause));
    });
  }

  private static HttpSignatureAuthenticator authenticator(AgentIdentity identity) {
    IdentityKey key = identity.requireKey(KeyRole.AUTHENTICATION);
    return HttpSignatureAuthenticator.builder()
        .did(identity.did())
        .signingKey(key.fragment(), key.privateKey())
        .build();
  }

  private static Throwable unwrap(Throwable t) {
    Throwable cause = t;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** Configures an {@link AgentClient}. Not thread-safe. */
  public static final class Builder {
    private DidResolver resolver;
    private Optional<AgentIdentity> identity = Optional.empty();
    private DocumentFetcher fetcher = DocumentFetchers.https();
    private HttpClient httpClient;
    private Duration timeout = Duration.ofSeconds(10);
    private int maxDocumentBytes = AgentDescription.DEFAULT_MAX_BYTES;
    private int maxResponseBytes = 1024 * 1024;
    private Executor executor = Runnable::run;

    private Builder() {}

    /** How DIDs are resolved (description signers, and {@link #connect(String)}); required. */
    public Builder resolver(DidResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** The identity calls are authenticated as; without one, calls go anonymously. */
    public Builder identity(AgentIdentity identity) {
      this.identity = Optional.of(Objects.requireNonNull(identity, "identity"));
      return this;
    }

    /**
     * How descriptions and OpenRPC documents are fetched; default {@code DocumentFetchers.https()}
     * ({@code insecureAllowLoopbackHttp()} for tests on loopback).
     */
    public Builder fetcher(DocumentFetcher fetcher) {
      this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
      return this;
    }

    /** The HTTP client for calls; default a new JDK client. */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** Time limit of a call; default 10 seconds. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** Largest description or OpenRPC document read; default 256 KiB. */
    public Builder maxDocumentBytes(int bytes) {
      this.maxDocumentBytes = positive(bytes);
      return this;
    }

    /** Largest JSON-RPC response read; default 1 MiB. */
    public Builder maxResponseBytes(int bytes) {
      this.maxResponseBytes = positive(bytes);
      return this;
    }

    /**
     * Where a call's reply is handled once its body has arrived (the token kept, the result
     * converted, the caller's future completed); default the HTTP client's own thread, with no
     * hand-off (bodies are read without blocking).
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    private static int positive(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("must be positive: " + n);
      }
      return n;
    }

    /** Builds the client. @throws IllegalStateException without a resolver */
    public AgentClient build() {
      if (resolver == null) {
        throw new IllegalStateException("resolver(...) is required");
      }
      return new AgentClient(this);
    }
  }
}
