package org.anp.transport.p1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.auth.HttpSignatureAuthenticator;
import org.anp.identity.did.Did;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.internal.p1.ClientCredentials;

/**
 * The client side of the P1 core binding over HTTP: one JSON-RPC request per {@code POST}, sent
 * with the JDK {@link HttpClient}, optionally DID-authenticated and with origin proofs signed
 * ({@link Builder#originProofs}), answered by a future.
 *
 * <p>DID authentication (ANP-02): by default RFC 9421 + RFC 9530 signatures ({@link
 * Builder#authenticateAs}, {@link Builder#authenticator(HttpSignatureAuthenticator)}); the older
 * {@code Authorization: DIDWba} header on request ({@link
 * Builder#authenticator(DidWbaAuthenticator)}). The token a server returns in {@code
 * Authentication-Info} is sent as {@code Authorization: Bearer} on later calls to that host. A 401
 * to a call made with a token, or a 401 {@code invalid_nonce} whose challenge issues a nonce, is
 * tried once more, freshly signed (echoing the nonce); so a call may take two exchanges.
 *
 * <p>Every future completes: with the {@code result}; with an {@link RpcException} carrying the
 * peer's {@code error} object; or with a {@link TransportException}: {@code SEND_TIMEOUT} after
 * {@link Builder#timeout}, {@code DELIVERY_FAILED} when the exchange failed, {@code UNAUTHORIZED}
 * or {@code FORBIDDEN} for HTTP 401/403, {@code INVALID_MESSAGE} for any other HTTP status or a
 * response that is not a P1 response to this request, {@code MESSAGE_TOO_LARGE} for a response
 * over {@link Builder#maxResponseBytes}. Futures never fail with a {@code CompletionException}
 * wrapper.
 *
 * <p>Thread-safe; share one client.
 */
public final class P1Client {
  private final HttpClient http;
  private final Duration timeout;
  private final int maxResponseBytes;
  private final Optional<ClientCredentials> credentials;
  private final Clock clock;
  private final SecureRandom random;
  private final Optional<PrivateKeyMaterial> originKey;
  private final Optional<String> originKeyId;
  private final Duration originLifetime;

  private P1Client(Builder b) {
    this.http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(b.timeout).build();
    this.timeout = b.timeout;
    this.maxResponseBytes = b.maxResponseBytes;
    this.credentials = b.credentials;
    this.clock = b.clock;
    this.random = b.random;
    this.originKey = b.originKey;
    this.originKeyId = b.originKeyId;
    this.originLifetime = b.originLifetime;
  }

  /** A builder with the defaults documented on its methods. */
  public static Builder builder() {
    return new Builder();
  }

  /** A fresh request or operation id: 128 random bits, base64url. */
  public String newId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return P1Fields.encodeB64u(bytes);
  }

  /** The clock used for {@code created_at}. */
  public Clock clock() {
    return clock;
  }

  /**
   * Sends {@code request} to {@code endpoint} and returns the {@code result}.
   *
   * @throws IllegalArgumentException for a notification (use requests with an id)
   */
  public CompletableFuture<JsonNode> call(URI endpoint, P1Request unsigned) {
    Objects.requireNonNull(endpoint, "endpoint");
    String id = unsigned.id().orElseThrow(() -> new IllegalArgumentException("a request needs an id"));
    byte[] body = withOriginProof(unsigned).toBytes();
    return send(endpoint, body, id, true)
        .exceptionallyCompose(t -> CompletableFuture.failedFuture(unwrap(t)));
  }

  /** One exchange, and at most one more when a 401 says a fresh signature may pass. */
  private CompletableFuture<JsonNode> send(URI endpoint, byte[] body, String id, boolean mayRetry) {
    HttpRequest.Builder http =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    Optional<ClientCredentials.Attempt> attempt = credentials.map(c -> c.headers("POST", endpoint, body));
    attempt.ifPresent(a -> a.headers().forEach(http::header));
    return this.http
        .sendAsync(http.build(), info -> limited())
        .orTimeout(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS)
        .handle((response, failure) -> {
          if (failure != null) {
            throw new CompletionException(transportFailure(failure));
          }
          return response;
        })
        .thenCompose(response -> {
          if (credentials.isPresent()) {
            ClientCredentials c = credentials.get();
            Map<String, List<String>> headers = response.headers().map();
            c.accept(endpoint, headers);
            if (response.statusCode() == 401 && mayRetry
                && ClientCredentials.retryAfter401(attempt.orElseThrow(), headers)) {
              if (attempt.get().bearer()) {
                c.forgetToken(endpoint);
              }
              return send(endpoint, body, id, false);
            }
          }
          return CompletableFuture.completedFuture(read(response, id));
        });
  }

  /**
   * Asks {@code endpoint} for its capabilities ({@code anp.get_capabilities}, P1 section 8.2),
   * anonymously unless the client authenticates.
   */
  public CompletableFuture<P1Capabilities> getCapabilities(URI endpoint) {
    P1Meta meta =
        P1Meta.builder(P1Meta.CORE_PROFILE).operationId(newId()).createdAt(clock.instant()).build();
    P1Request request =
        P1Request.of(newId(), P1Dispatcher.GET_CAPABILITIES, meta, JsonNodeFactory.instance.objectNode());
    return call(endpoint, request).thenApply(P1Capabilities::parse);
  }

  /**
   * Signs {@code request} with the configured origin key when it has none yet, names the key's DID
   * as {@code meta.sender_did} and has a {@code meta.target}; otherwise returns it unchanged.
   */
  private P1Request withOriginProof(P1Request request) {
    if (originKey.isEmpty() || request.originProof().isPresent() || request.meta().target().isEmpty()) {
      return request;
    }
    String keyId = originKeyId.orElseThrow();
    if (!request.meta().senderDid().map(d -> keyId.startsWith(d + "#")).orElse(false)) {
      return request;
    }
    Instant now = clock.instant();
    return OriginProofs.sign(request, originKey.get(), keyId, now, now.plus(originLifetime), Optional.of(newId()));
  }

  private JsonNode read(HttpResponse<byte[]> response, String id) {
    int status = response.statusCode();
    if (status == 401) {
      throw new TransportException(TransportError.UNAUTHORIZED, "HTTP 401: DID authentication refused");
    }
    if (status == 403) {
      throw new TransportException(TransportError.FORBIDDEN, "HTTP 403");
    }
    if (status == 413) {
      throw new TransportException(TransportError.MESSAGE_TOO_LARGE, "HTTP 413: request too large for the peer");
    }
    if (status != 200) {
      throw new TransportException(TransportError.INVALID_MESSAGE, "HTTP " + status + " instead of a P1 response");
    }
    P1Response parsed;
    try {
      parsed = P1Response.parse(response.body(), maxResponseBytes);
    } catch (RpcException e) {
      throw new TransportException(TransportError.INVALID_MESSAGE, "response: " + e.error().message());
    }
    if (parsed.error().isPresent()) {
      if (parsed.id().isPresent() && !parsed.id().get().equals(id)) {
        throw new TransportException(TransportError.INVALID_MESSAGE, "response.id: not the request's id");
      }
      throw new RpcException(parsed.error().get());
    }
    if (!parsed.id().map(id::equals).orElse(false)) {
      throw new TransportException(TransportError.INVALID_MESSAGE, "response.id: not the request's id");
    }
    return parsed.result().orElseThrow();
  }

  private HttpResponse.BodySubscriber<byte[]> limited() {
    HttpResponse.BodySubscriber<byte[]> all = HttpResponse.BodySubscribers.ofByteArray();
    int limit = maxResponseBytes;
    return new HttpResponse.BodySubscriber<>() {
      private long received;
      private Flow.Subscription subscription;
      private boolean failed;

      @Override
      public CompletionStage<byte[]> getBody() {
        return all.getBody();
      }

      @Override
      public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        all.onSubscribe(s);
      }

      @Override
      public void onNext(List<ByteBuffer> items) {
        if (failed) {
          return;
        }
        for (ByteBuffer b : items) {
          received += b.remaining();
        }
        if (received > limit) {
          failed = true;
          subscription.cancel();
          all.onError(new TransportException(TransportError.MESSAGE_TOO_LARGE, "response larger than " + limit + " bytes"));
          return;
        }
        all.onNext(items);
      }

      @Override
      public void onError(Throwable t) {
        if (!failed) {
          all.onError(t);
        }
      }

      @Override
      public void onComplete() {
        if (!failed) {
          all.onComplete();
        }
      }
    };
  }

  private static Throwable transportFailure(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof TransportException || t instanceof RpcException) {
      return t;
    }
    if (t instanceof IOException && t.getCause() instanceof TransportException te) {
      return te;
    }
    if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
      return new TransportException(TransportError.SEND_TIMEOUT, "no response in time");
    }
    return new TransportException(TransportError.DELIVERY_FAILED, "the exchange failed: " + t.getClass().getSimpleName(), t);
  }

  private static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while (c instanceof CompletionException && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  /** Builds a {@link P1Client}; not thread-safe. */
  public static final class Builder {
    private HttpClient http;
    private Duration timeout = Duration.ofSeconds(30);
    private int maxResponseBytes = 4 * 1024 * 1024;
    private Optional<ClientCredentials> credentials = Optional.empty();
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();
    private Optional<PrivateKeyMaterial> originKey = Optional.empty();
    private Optional<String> originKeyId = Optional.empty();
    private Duration originLifetime = Duration.ofSeconds(60);

    private Builder() {}

    /**
     * Signs an origin proof (P1 Appendix A) on every request whose {@code meta.sender_did} is the
     * DID of {@code keyId} and that has a {@code meta.target}, with {@code created} now, {@code
     * expires} after {@link #originProofLifetime} and a fresh nonce.
     *
     * @param keyId the full DID URL of {@code key}, authorized by the DID's {@code authentication}
     */
    public Builder originProofs(PrivateKeyMaterial key, String keyId) {
      Objects.requireNonNull(key, "key");
      if (!keyId.startsWith("did:") || keyId.indexOf('#') < 0) {
        throw new IllegalArgumentException("keyId: a DID URL with a fragment");
      }
      this.originKey = Optional.of(key);
      this.originKeyId = Optional.of(keyId);
      return this;
    }

    /** How long a signed origin proof is valid; default 60 seconds. */
    public Builder originProofLifetime(Duration lifetime) {
      if (lifetime.isNegative() || lifetime.isZero()) {
        throw new IllegalArgumentException("originProofLifetime must be positive");
      }
      this.originLifetime = lifetime;
      return this;
    }

    /** The HTTP client to use (the caller keeps ownership); default a new one. */
    public Builder httpClient(HttpClient client) {
      this.http = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Longest wait for a response; default 30 seconds. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    /** Largest accepted response body; default 4 MiB. */
    public Builder maxResponseBytes(int bytes) {
      if (bytes < 64) {
        throw new IllegalArgumentException("maxResponseBytes < 64");
      }
      this.maxResponseBytes = bytes;
      return this;
    }

    /**
     * Authenticates every request as {@code did} with the key {@code did#fragment} (listed in the
     * document's {@code authentication}), the ANP-02 1.2 way: RFC 9421 + RFC 9530 signatures
     * ({@code Signature-Input}, {@code Signature}, {@code Content-Digest}) with the system clock,
     * then the bearer token the server returns. Replaces an earlier authenticator.
     */
    public Builder authenticateAs(Did did, String fragment, PrivateKeyMaterial key) {
      return authenticator(HttpSignatureAuthenticator.builder().did(did).signingKey(fragment, key).build());
    }

    /** Authenticates every request with RFC 9421 signatures from {@code authenticator}. */
    public Builder authenticator(HttpSignatureAuthenticator authenticator) {
      this.credentials = Optional.of(ClientCredentials.rfc9421(authenticator));
      return this;
    }

    /**
     * Authenticates every request with the older {@code Authorization: DIDWba} header from {@code
     * authenticator} (for servers that do not read RFC 9421 signatures), then the bearer token the
     * server returns.
     */
    public Builder authenticator(DidWbaAuthenticator authenticator) {
      this.credentials = Optional.of(ClientCredentials.didWbaHeader(authenticator));
      return this;
    }

    /** The clock for {@code created_at}; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The randomness for ids; default a new {@link SecureRandom}. */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** The client. */
    public P1Client build() {
      return new P1Client(this);
    }
  }
}
