package org.anp.meta.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.anp.identity.did.Did;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.ProtocolHash;
import org.anp.meta.handler.CapabilityFunction;
import org.anp.meta.handler.ProtocolCodeGenerator;
import org.anp.meta.handler.SchemaHandlerGenerator;
import org.anp.meta.internal.session.AgentCore;
import org.anp.meta.internal.session.HelloBlocks;
import org.anp.meta.negotiation.MetaCapability;
import org.anp.meta.negotiation.NegotiationConfig;
import org.anp.meta.negotiator.LocalCapability;
import org.anp.meta.negotiator.Negotiator;
import org.anp.meta.negotiator.SchemaNegotiator;
import org.anp.meta.store.ProtocolStore;
import org.anp.transport.messenger.AgentMessenger;

/**
 * An agent that speaks the meta-protocol over an {@link AgentMessenger} (spec/meta-protocol.md
 * §4-9): as requester it negotiates a protocol for a need, gets the handler's code made, agrees
 * and runs test cases with the peer, and then sends application requests; as provider it answers
 * negotiations with its declared capabilities and serves the requests. Agreed protocols are
 * stored by hash and reused in the next session's handshake without a negotiation message
 * (0-RTT, §4.3). A protocol put into the store while the agent runs (a registry protocol, say) is
 * offered and echoed from the next session on (decision record 0085).
 *
 * <pre>{@code
 * MetaProtocolAgent agent = MetaProtocolAgent.builder(AgentMessenger.builder().identity(me).relay(uri))
 *     .store(ProtocolStore.onFiles(home.resolve("protocols")))
 *     .build();
 * AgreedProtocol p = agent.negotiate(peerDid, needMarkdown).get(60, SECONDS);
 * JsonNode reply = agent.request(peerDid, requestJson).get(30, SECONDS);
 * }</pre>
 *
 * <p>The agent owns the messenger it builds (with its hello extensions and callback executor
 * installed) and one thread on which it runs every engine, code generator and negotiator call
 * and every listener of the messenger; engine timeouts fire on the configured clock
 * ({@link #tick()} fires those due at once, for a manual clock). Application requests are
 * encoded and sent on the caller's thread. Thread-safe; futures complete on the agent's thread. Call {@link #close()} when done. Decision record 0053.
 */
public final class MetaProtocolAgent implements AutoCloseable {
  /** Default longest time a served capability may take for one request. */
  public static final Duration DEFAULT_CAPABILITY_TIMEOUT = Duration.ofSeconds(15);

  private final AgentMessenger messenger;
  private final AgentCore core;

  private MetaProtocolAgent(AgentMessenger messenger, AgentCore core) {
    this.messenger = messenger;
    this.core = core;
  }

  /**
   * A builder over {@code messenger}, whose hello extensions and callback executor (the agent's
   * thread) the agent sets.
   */
  public static Builder builder(AgentMessenger.Builder messenger) {
    return new Builder(messenger);
  }

  /** The messenger the agent speaks through (to add listeners before {@link #start()}). */
  public AgentMessenger messenger() {
    return messenger;
  }

  /** The local DID. */
  public Did localDid() {
    return messenger.localDid();
  }

  /** Connects to the relay and registers, as {@link AgentMessenger#start()}. */
  public CompletableFuture<Void> start() {
    return messenger.start();
  }

  /**
   * Requester: agrees a protocol for {@code need} (markdown, with the JSON Schemas of what this
   * side sends and needs back, spec/meta-protocol.md §6) with {@code peer}. Completes with the
   * agreed protocol once both handlers are ready and the agreed tests ran; at once, marked
   * reused, when a stored protocol serving the need is echoed in the handshake or already ready.
   * Fails with {@code MetaProtocolException}: {@code NEGOTIATION_REJECTED},
   * {@code ROUND_LIMIT_EXCEEDED}, {@code NEGOTIATION_TIMEOUT}, {@code NEGOTIATION_IN_PROGRESS}
   * and the others of the engine; or with the transport's exception if the peer cannot be reached.
   */
  public CompletableFuture<AgreedProtocol> negotiate(Did peer, String need) {
    return core.negotiate(Objects.requireNonNull(peer, "peer"), Objects.requireNonNull(need, "need"));
  }

  /**
   * Requester: sends {@code request} under the protocol agreed with {@code peer} and completes
   * with the checked reply. Replies are matched to requests in order. Fails with
   * {@code MetaProtocolException}: {@code PROTOCOL_VIOLATION} if the request does not match the
   * agreed format (nothing is sent), the reply does not (a fix-error negotiation follows) or the
   * peer reports the request as a violation; {@code UNEXPECTED_MESSAGE} if no protocol is ready;
   * {@code CAPABILITY_FAILED} or {@code CAPABILITY_TIMEOUT} as soon as the peer answers that its
   * capability failed or ran out of time (decision record 0069); a {@code TimeoutException}
   * after the request timeout.
   */
  public CompletableFuture<JsonNode> request(Did peer, JsonNode request) {
    return core.request(Objects.requireNonNull(peer, "peer"), Objects.requireNonNull(request, "request"));
  }

  /** Sends natural-language text (a PT=10 frame, not empty) to {@code peer}. */
  public CompletableFuture<Void> sendNaturalLanguage(Did peer, String text) {
    return core.say(Objects.requireNonNull(peer, "peer"), Objects.requireNonNull(text, "text"));
  }

  /** Fires every negotiation timeout due on the clock now (for a manual clock). */
  public CompletableFuture<Void> tick() {
    return core.tick();
  }

  /** Fails what still waits, stops the agent's thread and closes the messenger. Idempotent. */
  @Override
  public void close() {
    core.close();
  }

  @Override
  public String toString() {
    return "MetaProtocolAgent[" + messenger.localDid() + "]";
  }

  /**
   * Builds a {@link MetaProtocolAgent}. Defaults: no capability served (a pure requester), the
   * {@link SchemaNegotiator} and {@link SchemaHandlerGenerator}, a store in memory, every
   * optional meta-protocol capability announced, the engine defaults of
   * {@link NegotiationConfig}, application replies awaited 30 s, a served capability given 15 s
   * per request. Not thread-safe.
   */
  public static final class Builder {
    private final AgentMessenger.Builder messenger;
    private List<LocalCapability> capabilities = List.of();
    private Map<String, CapabilityFunction> functions = Map.of();
    private Negotiator negotiator;
    private ProtocolCodeGenerator requesterGenerator;
    private ProtocolCodeGenerator providerGenerator;
    private ProtocolStore store = ProtocolStore.inMemory();
    private Set<MetaCapability> announced = EnumSet.allOf(MetaCapability.class);
    private NegotiationConfig.Builder engine;
    private Clock clock = Clock.systemUTC();
    private MetaProtocolListener listener = MetaProtocolListener.NONE;
    private BiConsumer<Did, String> naturalLanguage = (peer, text) -> {};
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration capabilityTimeout = DEFAULT_CAPABILITY_TIMEOUT;

    private Builder(AgentMessenger.Builder messenger) {
      this.messenger = Objects.requireNonNull(messenger, "messenger");
    }

    /**
     * Serves {@code capabilities} with {@code functions} (by capability name) as provider.
     *
     * @throws IllegalArgumentException if a capability has no function
     */
    public Builder serve(List<LocalCapability> capabilities, Map<String, CapabilityFunction> functions) {
      for (LocalCapability c : capabilities) {
        if (!functions.containsKey(c.name())) {
          throw new IllegalArgumentException("no function for capability " + c.name());
        }
      }
      this.capabilities = List.copyOf(capabilities);
      this.functions = Map.copyOf(functions);
      return this;
    }

    /** Another negotiator than the {@link SchemaNegotiator} of the served capabilities. */
    public Builder negotiator(Negotiator negotiator) {
      this.negotiator = Objects.requireNonNull(negotiator, "negotiator");
      return this;
    }

    /** Other code generators than the {@link SchemaHandlerGenerator}, per role. */
    public Builder generators(ProtocolCodeGenerator asRequester, ProtocolCodeGenerator asProvider) {
      this.requesterGenerator = Objects.requireNonNull(asRequester, "asRequester");
      this.providerGenerator = Objects.requireNonNull(asProvider, "asProvider");
      return this;
    }

    /** Where agreed protocols are kept, e.g. {@link ProtocolStore#onFiles}. */
    public Builder store(ProtocolStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The optional capabilities announced in the hellos (spec/meta-protocol.md §5). */
    public Builder announce(Set<MetaCapability> capabilities) {
      this.announced = capabilities.isEmpty() ? Set.of() : EnumSet.copyOf(capabilities);
      return this;
    }

    /**
     * Engine settings (round limit, timeouts, limits) as a configuration whose negotiator,
     * clock and capabilities the agent replaces.
     */
    public Builder engineSettings(NegotiationConfig settings) {
      this.engine = settings.toBuilder();
      return this;
    }

    /** The clock of every negotiation timeout (the messenger keeps its own). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder listener(MetaProtocolListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Receives the text of natural-language (PT=10) frames. */
    public Builder onNaturalLanguage(BiConsumer<Did, String> callback) {
      this.naturalLanguage = Objects.requireNonNull(callback, "callback");
      return this;
    }

    /** Longest wait for the reply to an application request; positive. */
    public Builder requestTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("requestTimeout: must be positive");
      }
      this.requestTimeout = timeout;
      return this;
    }

    /**
     * Longest time a served capability may take for one application request (default 15 s,
     * the protocol-level response timeout of the spec's example); past it the requester is
     * answered with a {@code CAPABILITY_TIMEOUT} error. Positive.
     */
    public Builder capabilityTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("capabilityTimeout: must be positive");
      }
      this.capabilityTimeout = timeout;
      return this;
    }

    /** Builds the messenger and the agent; nothing connects before {@link #start()} or a send. */
    public MetaProtocolAgent build() {
      Negotiator n = negotiator != null ? negotiator : SchemaNegotiator.of(capabilities);
      NegotiationConfig.Builder settings = engine != null ? engine.negotiator(n) : NegotiationConfig.builder(n);
      NegotiationConfig template = settings.clock(clock).build();
      ProtocolStore kept = store;
      HelloBlocks blocks = new HelloBlocks(announced, hash -> isStored(kept, hash));
      AtomicReference<String> threadName = new AtomicReference<>("anp-meta-agent");
      ScheduledThreadPoolExecutor loop = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, threadName.get());
        t.setDaemon(true);
        return t;
      });
      loop.setRemoveOnCancelPolicy(true); // engine timers are replaced on every step
      loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      // The messenger calls back on the agent's thread: a received frame reaches its engine or
      // handler without a hand-off. A callback after the agent closed runs where it is, so the
      // messenger's last futures still complete.
      Executor callbacks = task -> {
        try {
          loop.execute(task);
        } catch (RejectedExecutionException e) {
          task.run();
        }
      };
      AgentMessenger built = messenger.helloExtensions(blocks).callbackExecutor(callbacks).build();
      threadName.set("anp-meta-agent-" + built.localDid()); // the thread starts with the first task
      AgentCore core = new AgentCore(new AgentCore.Settings(
          built,
          blocks,
          store,
          template,
          requesterGenerator != null ? requesterGenerator : SchemaHandlerGenerator.forRequester(),
          providerGenerator != null ? providerGenerator : SchemaHandlerGenerator.forProvider(capabilities, functions),
          listener,
          naturalLanguage,
          requestTimeout,
          capabilityTimeout,
          loop));
      return new MetaProtocolAgent(built, core);
    }

    /** Whether {@code store} holds {@code hash}; a damaged or unreadable entry is not held. */
    private static boolean isStored(ProtocolStore store, ProtocolHash hash) {
      try {
        return store.find(hash).isPresent();
      } catch (MetaProtocolException e) {
        return false;
      }
    }
  }
}
