package org.anp.meta.selection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.anp.transport.p1.CoreRpcError;
import org.anp.transport.p1.P1Call;
import org.anp.transport.p1.P1Dispatcher;
import org.anp.transport.p1.P1Fields;
import org.anp.transport.p1.P1Method;
import org.anp.transport.p1.P1Request;
import org.anp.transport.p1.RpcException;
import org.anp.transport.p1.TargetMode;

/**
 * The server side of ANP-06 1.2: the {@code anp.negotiate} method for one agent, registered on a
 * {@link P1Dispatcher} (whose {@code anp.get_capabilities} then lists {@value
 * MetaNegotiation#PROFILE}). It checks what P1 leaves to the method, then asks the {@link
 * SelectionProvider}:
 *
 * <ul>
 *   <li>{@code meta.profile} must be {@value MetaNegotiation#PROFILE} (the dispatcher answers
 *       1001), {@code meta.target} an agent (1014) whose DID is this agent's (1014, Q9);
 *   <li>{@code meta.content_type}, when present, must be {@code application/json} (1009, Q8);
 *   <li>the body must parse ({@code -32602});
 *   <li>the result's {@code negotiationId} echoes {@code negotiation_id}, or is generated (Q6);
 *   <li>an exact retry (same sender, target and {@code operation_id}, same body) within the
 *       result's validity gets the same result; the same {@code operation_id} with another body is
 *       1008 (Q7). Up to {@link Builder#maxRememberedOperations} operations are remembered.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class MetaSelectionService {
  private final String agentDid;
  private final SelectionProvider provider;
  private final Clock clock;
  private final SecureRandom random;
  private final int maxRemembered;
  private final Map<String, Remembered> operations;

  private MetaSelectionService(Builder b) {
    this.agentDid = b.agentDid;
    this.provider = b.provider;
    this.clock = b.clock;
    this.random = b.random;
    this.maxRemembered = b.maxRemembered;
    this.operations = new LinkedHashMap<>(16, 0.75f, false) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
        return size() > maxRemembered;
      }
    };
  }

  /** A builder for the agent {@code agentDid}. */
  public static Builder builder(String agentDid, SelectionProvider provider) {
    return new Builder(agentDid, provider);
  }

  /** The {@code anp.negotiate} method. */
  public P1Method method() {
    return P1Method.builder(MetaNegotiation.NEGOTIATE_METHOD, MetaNegotiation.PROFILE)
        .targetMode(TargetMode.AGENT_ADDRESSED)
        .handler(this::negotiate)
        .build();
  }

  /** Registers {@link #method()} on {@code dispatcher}; returns it for chaining. */
  public P1Dispatcher.Builder register(P1Dispatcher.Builder dispatcher) {
    return dispatcher.method(method());
  }

  private CompletableFuture<JsonNode> negotiate(P1Call call) {
    P1Request request = call.request();
    if (!request.meta().target().map(t -> t.did().equals(agentDid)).orElse(false)) {
      throw new RpcException(CoreRpcError.INVALID_TARGET_BINDING, "meta.target.did: not this agent");
    }
    if (request.meta().contentType().map(t -> !t.equals("application/json")).orElse(false)) {
      throw new RpcException(CoreRpcError.UNSUPPORTED_CONTENT_TYPE, "meta.content_type: only application/json");
    }
    ObjectNode bodyJson = request.body();
    NegotiateRequestBody body = NegotiateRequestBody.parse(bodyJson);
    Instant now = clock.instant();
    // An unauthenticated sender_did is only a claim: it gets its own key space, so that nobody can
    // occupy an authenticated caller's operation ids.
    String sender = call.authenticatedDid()
        .map(did -> "authenticated " + did)
        .orElseGet(() -> "claimed " + request.meta().senderDid().orElse(""));
    Optional<String> operationKey = request.meta().operationId().map(op -> sender + "\n" + agentDid + "\n" + op);
    if (operationKey.isPresent()) {
      Remembered before;
      synchronized (operations) {
        before = operations.get(operationKey.get());
      }
      if (before != null && !before.result.isExpired(now)) {
        if (!before.body.equals(bodyJson)) {
          throw new RpcException(CoreRpcError.IDEMPOTENCY_CONFLICT, "operation_id: reused for another request");
        }
        return CompletableFuture.completedFuture(before.result.toJson());
      }
    }
    String negotiationId = body.negotiationId().orElseGet(this::newNegotiationId);
    NegotiationResult result = provider.decide(new SelectionRequest(body, negotiationId, call.authenticatedDid(), now));
    if (!result.negotiationId().equals(negotiationId)) {
      throw new IllegalStateException("the provider changed the negotiationId");
    }
    operationKey.ifPresent(key -> {
      synchronized (operations) {
        operations.put(key, new Remembered(bodyJson, result));
      }
    });
    return CompletableFuture.completedFuture(result.toJson());
  }

  private String newNegotiationId() {
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    return "neg-" + P1Fields.encodeB64u(bytes);
  }

  private record Remembered(ObjectNode body, NegotiationResult result) {}

  /** Builds a {@link MetaSelectionService}; not thread-safe. */
  public static final class Builder {
    private final String agentDid;
    private final SelectionProvider provider;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();
    private int maxRemembered = 10_000;

    private Builder(String agentDid, SelectionProvider provider) {
      this.agentDid = Objects.requireNonNull(agentDid, "agentDid");
      this.provider = Objects.requireNonNull(provider, "provider");
    }

    /** The clock for decisions and {@code validUntil}; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The randomness for generated negotiation ids. */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** How many operations are remembered for exact retries; default 10,000. */
    public Builder maxRememberedOperations(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxRememberedOperations < 1");
      }
      this.maxRemembered = max;
      return this;
    }

    /** The service. */
    public MetaSelectionService build() {
      return new MetaSelectionService(this);
    }
  }
}
