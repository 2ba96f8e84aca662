package org.anp.meta.selection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.json.Jcs;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.p1.P1Capabilities;
import org.anp.transport.p1.P1Client;
import org.anp.transport.p1.P1Meta;
import org.anp.transport.p1.P1Request;
import org.anp.transport.p1.P1Target;
import org.anp.transport.p1.RpcException;

/**
 * The caller side of ANP-06 1.2: {@code anp.get_capabilities} and {@code anp.negotiate} against
 * one agent's P1 endpoint, with results cached until their {@code validUntil} ({@link
 * NegotiationCache}).
 *
 * <p>Every request carries {@code meta.profile} {@value MetaNegotiation#PROFILE}, {@code
 * transport-protected}, the target agent, a fresh {@code operation_id}, {@code created_at} and
 * {@code content_type: application/json} (Q7, Q8); {@code sender_did} when the client has a caller
 * DID. Error answers 1600 and 1606 become {@code rejected} and {@code needs_more_information}
 * results (Q4); other errors fail the future with {@link RpcException}; a result that does not
 * parse fails it with {@link TransportException} {@code INVALID_MESSAGE}.
 *
 * <p>Thread-safe.
 */
public final class MetaSelectionClient {
  private final P1Client client;
  private final Optional<String> callerDid;
  private final NegotiationCache cache;

  private MetaSelectionClient(Builder b) {
    this.client = b.client;
    this.callerDid = b.callerDid;
    this.cache = b.cache != null ? b.cache : new NegotiationCache(b.client.clock(), 256);
  }

  /** A builder over {@code client} (its clock also drives the cache unless one is given). */
  public static Builder builder(P1Client client) {
    return new Builder(client);
  }

  /** The cache results are kept in. */
  public NegotiationCache cache() {
    return cache;
  }

  /** The runtime capabilities of {@code endpoint} (authoritative over static hints). */
  public CompletableFuture<P1Capabilities> capabilities(URI endpoint) {
    return client.getCapabilities(endpoint);
  }

  /**
   * Negotiates with the agent {@code targetDid} at {@code endpoint}, or returns the cached result
   * for the same request while it is valid.
   */
  public CompletableFuture<NegotiationResult> negotiate(URI endpoint, String targetDid, NegotiateRequestBody body) {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(targetDid, "targetDid");
    NegotiationCache.Key key = new NegotiationCache.Key(targetDid, callerDid.orElse(""), requestDigest(body));
    Optional<NegotiationResult> cached = cache.get(key);
    if (cached.isPresent()) {
      return CompletableFuture.completedFuture(cached.get());
    }
    P1Meta.Builder meta = P1Meta.builder(MetaNegotiation.PROFILE)
        .target(P1Target.agent(targetDid))
        .operationId(client.newId())
        .createdAt(client.clock().instant())
        .contentType("application/json");
    callerDid.ifPresent(meta::senderDid);
    P1Request request = P1Request.of(client.newId(), MetaNegotiation.NEGOTIATE_METHOD, meta.build(), body.toJson());
    String negotiationId = body.negotiationId().orElse("");
    return client.call(endpoint, request)
        .handle((json, failure) -> {
          NegotiationResult result = failure == null ? parse(json) : fromError(failure, negotiationId);
          cache.put(key, result);
          return result;
        })
        .exceptionallyCompose(t -> CompletableFuture.failedFuture(
            t instanceof CompletionException && t.getCause() != null ? t.getCause() : t));
  }

  private static NegotiationResult parse(JsonNode json) {
    try {
      return NegotiationResult.parse(json);
    } catch (RpcException e) {
      throw new TransportException(TransportError.INVALID_MESSAGE, "anp.negotiate " + e.error().message());
    }
  }

  private static NegotiationResult fromError(Throwable failure, String negotiationId) {
    Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (t instanceof RpcException e) {
      Optional<MetaNegotiationError> code = MetaNegotiationError.fromRpcError(e.error());
      if (code.equals(Optional.of(MetaNegotiationError.NEGOTIATION_REJECTED))) {
        return NegotiationResult.builder(negotiationId, NegotiationStatus.REJECTED).reason(e.error().message()).build();
      }
      if (code.equals(Optional.of(MetaNegotiationError.MORE_INFORMATION_REQUIRED))) {
        return NegotiationResult.builder(negotiationId, NegotiationStatus.NEEDS_MORE_INFORMATION)
            .reason(e.error().message()).build();
      }
    }
    throw t instanceof RuntimeException r ? r : new CompletionException(t);
  }

  /** {@code sha-256:<b64url>} of the JCS of the body without {@code negotiation_id}. */
  static String requestDigest(NegotiateRequestBody body) {
    ObjectNode json = body.toJson();
    json.remove("negotiation_id");
    try {
      return "sha-256:" + Base64Codec.encodeUrl(MessageDigest.getInstance("SHA-256").digest(Jcs.canonicalBytes(json)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /** Builds a {@link MetaSelectionClient}; not thread-safe. */
  public static final class Builder {
    private final P1Client client;
    private Optional<String> callerDid = Optional.empty();
    private NegotiationCache cache;

    private Builder(P1Client client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /** The caller's DID, sent as {@code meta.sender_did} and part of the cache key. */
    public Builder callerDid(String did) {
      this.callerDid = Optional.of(did);
      return this;
    }

    /** The cache (to share one, or to give it its own clock); default 256 entries. */
    public Builder cache(NegotiationCache cache) {
      this.cache = Objects.requireNonNull(cache, "cache");
      return this;
    }

    /** The client. */
    public MetaSelectionClient build() {
      return new MetaSelectionClient(this);
    }
  }
}
