package org.anp.application;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.anp.application.client.AgentClient;
import org.anp.application.client.RemoteAgent;
import org.anp.application.description.AgentDescription;
import org.anp.application.interfaces.InterfaceDefinition;
import org.anp.application.internal.agent.NegotiationWiring;
import org.anp.application.registry.ConsensusProtocolLoader;
import org.anp.application.registry.ConsensusProtocolLoader.LoadedProtocol;
import org.anp.application.registry.ProtocolReference;
import org.anp.application.registry.RegistryClient;
import org.anp.application.server.AgentEndpoints;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.auth.AccessTokenService;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.did.DidDocument;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.identity.spi.DocumentFetcher;
import org.anp.meta.handler.CapabilityFunction;
import org.anp.meta.handler.ProtocolCodeGenerator;
import org.anp.meta.negotiator.LocalCapability;
import org.anp.meta.negotiator.Negotiator;
import org.anp.meta.negotiator.Proposal.Role;
import org.anp.meta.selection.MetaSelectionService;
import org.anp.meta.selection.SelectionProvider;
import org.anp.meta.session.MetaProtocolAgent;
import org.anp.meta.store.ProtocolStore;
import org.anp.transport.http.HttpServer;
import org.anp.transport.p1.P1Method;
import org.anp.transport.messenger.AgentMessenger;
import org.anp.transport.messenger.LocalIdentity;
import org.anp.transport.e2e.ReceivedMessage;
import org.anp.transport.relay.RelayServer;

/**
 * One agent wired across the layers on one port: its {@link AgentIdentity}, the DID document,
 * the signed description with its interfaces and the DID-authenticated JSON-RPC endpoint ({@link
 * AgentEndpoints}), optionally a message relay on the same port and an {@link AgentMessenger}
 * (end-to-end encrypted messages through a relay, this agent's own or another), optionally a
 * {@link MetaProtocolAgent} over that messenger that negotiates protocols with other agents and
 * serves the negotiated ones, the {@link ProtocolStore} of negotiated and registry protocols, and
 * an {@link AgentClient} that calls other agents as this identity.
 *
 * <pre>{@code
 * Agent hotel = Agent.builder(identity, AgentDescription.builder("Hotel").build())
 *     .serve(new HotelService())                       // JSON-RPC methods, ad.json, OpenRPC
 *     .resolver(resolver)
 *     .messaging(relayUrl)                             // end-to-end encrypted messages
 *     .negotiation(capabilities, functions)            // layer 2: negotiated protocols
 *     .protocolsIn(home.resolve("protocols"))          // kept across restarts
 *     .build();
 * hotel.start().get(30, SECONDS);
 * AgreedProtocol p = alice.negotiation().orElseThrow().negotiate(hotelDid, need).get(60, SECONDS);
 * }</pre>
 *
 * <p>Defaults: port 0 (a free one) on the loopback address, callers' requests accepted for the
 * hosts {@code 127.0.0.1} and {@code localhost}, bearer tokens authenticated with HMAC-SHA-256
 * under a fresh secret ({@code HS256}, decision records 0083 and 0093), an in-memory protocol store, documents fetched over HTTPS only,
 * no messaging, no negotiation. {@link #start()} once, then {@link #close()}.
 * Thread-safe. Decision record 0085.
 */
public final class Agent implements AutoCloseable {
  private final AgentIdentity identity;
  private final AgentEndpoints endpoints;
  private final HttpServer server;
  private final ProtocolStore protocols;
  private final AgentClient client;
  private final Optional<RelayServer> relay;
  private final Optional<URI> messengerRelay;
  private final boolean messaging;
  private final List<Consumer<ReceivedMessage>> listeners;
  private final DidResolver resolver;
  private final Optional<NegotiationWiring> negotiation;
  private final List<ProtocolReference> supported;
  private final Optional<RegistryClient> registry;
  private volatile AgentMessenger messenger;
  private volatile MetaProtocolAgent meta;
  private boolean closed;

  private Agent(Builder b) {
    this.identity = b.identity;
    this.relay = b.relay;
    this.messengerRelay = b.messengerRelay;
    this.messaging = b.messaging;
    this.listeners = List.copyOf(b.listeners);
    this.resolver = b.resolver;
    this.protocols = b.protocolDirectory.map(ProtocolStore::onFiles).orElse(b.protocols);
    this.negotiation = b.negotiating
        ? Optional.of(new NegotiationWiring(b.negotiated, b.functions, b.negotiator, b.negotiationSettings))
        : Optional.empty();
    this.supported = List.copyOf(b.supported);
    this.registry = b.registry;
    HttpServer[] holder = new HttpServer[1];
    AgentEndpoints.Builder endpointsBuilder = AgentEndpoints.builder(b.identity, b.description)
        .publicBase(() -> holder[0].uri());
    b.interfaces.forEach(endpointsBuilder::addInterface);
    b.supported.forEach(endpointsBuilder::supportsProtocol);
    b.p1Methods.forEach(endpointsBuilder::p1Method);
    if (b.ownInterfacesSelection) {
      endpointsBuilder.interfaceSelection();
    }
    this.endpoints = endpointsBuilder.build();
    HttpServer.Builder server = HttpServer.builder()
        .port(b.port)
        .bindAddress(b.bindAddress)
        .authentication(DidWbaVerifier.builder()
            .resolver(b.resolver)
            .audience(b.audience.toArray(String[]::new))
            .tokens(b.tokens.orElseGet(Agent::macTokens))
            .build());
    b.relay.ifPresent(server::relay);
    endpoints.mount(server);
    this.server = server.build();
    holder[0] = this.server;
    this.client = AgentClient.builder().resolver(b.resolver).fetcher(b.fetcher).identity(b.identity).build();
  }

  /**
   * Tokens authenticated with HMAC-SHA-256 under a fresh random secret: a token is read only by
   * the server that issued it, so its algorithm is this server's choice, and a MAC costs about a
   * microsecond on every first call where an Ed25519 signature costs tens (decision records 0083
   * and 0093).
   */
  private static AccessTokenService macTokens() {
    return AccessTokenService.builder().randomMacKey(new SecureRandom()).build();
  }

  /**
   * A builder for the agent {@code identity} described by {@code description} (its {@code did}
   * and proof are set when it is served).
   */
  public static Builder builder(AgentIdentity identity, AgentDescription description) {
    return new Builder(identity, description);
  }

  /**
   * Starts serving, then, if messaging was asked for, starts the messenger (registered at the
   * relay) with, if negotiation was asked for, the meta-protocol agent over it; then, with a
   * registry, loads the registry protocols this agent supports into its store. Completes with the
   * base URI ({@code http://host:port}) once all are up; fails with the first failure (then call
   * {@link #close()}).
   */
  public synchronized CompletableFuture<URI> start() {
    return server.start()
        .thenCompose(base -> startMessaging().thenApply(v -> base))
        .thenCompose(base -> holdSupportedProtocols().thenApply(v -> base));
  }

  private synchronized CompletableFuture<Void> startMessaging() {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("the agent was closed"));
    }
    if (!messaging || messenger != null) {
      return CompletableFuture.completedFuture(null);
    }
    URI relayUrl = messengerRelay.orElseGet(() -> relay.orElseThrow().uri());
    AgentMessenger.Builder builder = AgentMessenger.builder()
        .identity(LocalIdentity.from(identity))
        .relay(relayUrl)
        .resolver(resolver);
    if (negotiation.isEmpty()) {
      AgentMessenger m = builder.build();
      listeners.forEach(m::onMessage);
      messenger = m;
      return m.start();
    }
    MetaProtocolAgent agent = negotiation.get().build(builder, protocols);
    listeners.forEach(agent.messenger()::onMessage);
    meta = agent;
    messenger = agent.messenger();
    return agent.start();
  }

  private CompletableFuture<Void> holdSupportedProtocols() {
    if (registry.isEmpty() || negotiation.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.allOf(supported.stream().map(this::holdProtocol).toArray(CompletableFuture[]::new));
  }

  /**
   * Provider: loads the registry protocol {@code reference} names into this agent's store, with
   * a handler bound to the capabilities it serves by negotiation, so that a requester that offers
   * it in its next session's hello is answered without a negotiation message. May be called
   * while the agent runs. Fails with {@link IllegalStateException} without a registry or without
   * negotiation, and as {@link ConsensusProtocolLoader#load} does.
   */
  public CompletableFuture<LoadedProtocol> holdProtocol(ProtocolReference reference) {
    Objects.requireNonNull(reference, "reference");
    return loader(Role.PROVIDER).thenCompose(l -> l.load(reference, identity.did()));
  }

  /**
   * Requester: loads the first registry protocol listed in {@code peer}'s verified description
   * that this agent's registry client returns, trusted and usable (see {@link
   * ConsensusProtocolLoader#loadFirst}); pass its {@link LoadedProtocol#document()} to {@code
   * negotiation().negotiate(peer, document)} to start at READY. Fails with {@link
   * IllegalStateException} without a registry or without negotiation.
   */
  public CompletableFuture<Optional<LoadedProtocol>> loadProtocolOf(RemoteAgent peer) {
    Objects.requireNonNull(peer, "peer");
    return loader(Role.REQUESTER).thenCompose(l -> l.loadFirst(peer.description()));
  }

  private CompletableFuture<ConsensusProtocolLoader> loader(Role role) {
    if (registry.isEmpty() || negotiation.isEmpty()) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("registry protocols need registry(...) and negotiation(...)"));
    }
    ProtocolCodeGenerator generator = negotiation.get().generator(role);
    return CompletableFuture.completedFuture(
        ConsensusProtocolLoader.builder(registry.get(), protocols, generator, role).build());
  }

  /** The WebSocket URL of the relay served on this agent's port, once started; empty without one. */
  public Optional<URI> relayUrl() {
    return relay.map(RelayServer::uri);
  }

  /** The messenger, once {@link #start()} has completed; empty without messaging. */
  public Optional<AgentMessenger> messenger() {
    return Optional.ofNullable(messenger);
  }

  /**
   * The meta-protocol agent that negotiates protocols with other agents over the messenger and
   * serves the negotiated ones, once {@link #start()} has completed; empty without negotiation.
   */
  public Optional<MetaProtocolAgent> negotiation() {
    return Optional.ofNullable(meta);
  }

  /** This agent's DID. */
  public String did() {
    return identity.did().toString();
  }

  /** This agent's identity. */
  public AgentIdentity identity() {
    return identity;
  }

  /** The URL of the signed description; valid once started. */
  public URI descriptionUrl() {
    return endpoints.descriptionUrl();
  }

  /**
   * The DID document to publish for this agent once started: the identity's document with an
   * {@value AgentClient#DESCRIPTION_SERVICE_TYPE} service naming {@link #descriptionUrl()}, which
   * lets others {@linkplain #connect(String) connect by DID}.
   */
  public DidDocument document() {
    return identity.toBuilder()
        .service("ad", AgentClient.DESCRIPTION_SERVICE_TYPE, descriptionUrl().toString())
        .build()
        .document();
  }

  /** The negotiated and registry protocols this agent keeps. */
  public ProtocolStore protocols() {
    return protocols;
  }

  /** The client this agent calls others with (authenticated as this agent). */
  public AgentClient client() {
    return client;
  }

  /** Connects to another agent by DID, verifying its description (see {@link AgentClient#connect(String)}). */
  public CompletableFuture<RemoteAgent> connect(String did) {
    return client.connect(did);
  }

  /** Connects to the agent whose description is at {@code descriptionUrl}. */
  public CompletableFuture<RemoteAgent> connect(URI descriptionUrl) {
    return client.connect(descriptionUrl);
  }

  /**
   * Stops, in the reverse order of {@link #start()}: the meta-protocol agent (its thread), the
   * messenger, then the server (and the relay mounted on its port), whose port is free once this
   * returns. Idempotent.
   */
  @Override
  public synchronized void close() {
    closed = true;
    MetaProtocolAgent a = meta;
    AgentMessenger m = messenger;
    if (a != null) {
      a.close(); // and the messenger it owns
    } else if (m != null) {
      m.close();
    }
    server.close();
  }

  @Override
  public String toString() {
    return "Agent[" + did() + "]";
  }

  /** Configures an {@link Agent}. Not thread-safe. */
  public static final class Builder {
    private final AgentIdentity identity;
    private final AgentDescription description;
    private final List<InterfaceDefinition> interfaces = new ArrayList<>();
    private final List<ProtocolReference> supported = new ArrayList<>();
    private final List<P1Method> p1Methods = new ArrayList<>();
    private DidResolver resolver;
    private DocumentFetcher fetcher = DocumentFetchers.https();
    private int port;
    private InetAddress bindAddress = InetAddress.getLoopbackAddress();
    private List<String> audience = List.of("127.0.0.1", "localhost");
    private Optional<RelayServer> relay = Optional.empty();
    private ProtocolStore protocols = ProtocolStore.inMemory();
    private Optional<Path> protocolDirectory = Optional.empty();
    private boolean negotiating;
    private List<LocalCapability> negotiated = List.of();
    private Map<String, CapabilityFunction> functions = Map.of();
    private Optional<Negotiator> negotiator = Optional.empty();
    private Consumer<MetaProtocolAgent.Builder> negotiationSettings = b -> { };
    private Optional<RegistryClient> registry = Optional.empty();
    private boolean messaging;
    private Optional<URI> messengerRelay = Optional.empty();
    private final List<Consumer<ReceivedMessage>> listeners = new ArrayList<>();
    private boolean ownInterfacesSelection;
    private Optional<AccessTokenService> tokens = Optional.empty();

    private Builder(AgentIdentity identity, AgentDescription description) {
      this.identity = Objects.requireNonNull(identity, "identity");
      this.description = Objects.requireNonNull(description, "description");
    }

    /** Adds the interface of an annotated object ({@link InterfaceDefinition#fromAnnotated}). */
    public Builder serve(Object annotated) {
      return addInterface(InterfaceDefinition.fromAnnotated(annotated));
    }

    /** Adds an interface. At least one is required. */
    public Builder addInterface(InterfaceDefinition definition) {
      interfaces.add(Objects.requireNonNull(definition, "definition"));
      return this;
    }

    /** Lists a registry protocol this agent supports in its description ({@link AgentEndpoints.Builder#supportsProtocol}). */
    public Builder supportsProtocol(ProtocolReference protocol) {
      supported.add(Objects.requireNonNull(protocol, "protocol"));
      return this;
    }

    /** Serves a P1 {@code anp.*} method on the agent's JSON-RPC route ({@link AgentEndpoints.Builder#p1Method}). */
    public Builder p1Method(P1Method method) {
      p1Methods.add(Objects.requireNonNull(method, "method"));
      return this;
    }

    /**
     * Answers ANP-06 {@code anp.negotiate} on the JSON-RPC route with {@code provider} (which of
     * this agent's interfaces a caller should use, {@link MetaSelectionService}); the description
     * then lists the {@code MetaProtocolInterface} entry.
     */
    public Builder interfaceSelection(SelectionProvider provider) {
      return p1Method(MetaSelectionService.builder(identity.did().toString(), provider).build().method());
    }

    /**
     * Answers ANP-06 {@code anp.negotiate} on the JSON-RPC route from this agent's own interfaces,
     * with no provider to write ({@link AgentEndpoints.Builder#interfaceSelection()}: each interface
     * a capability whose intent tags are its name and method names); the description then lists
     * the {@code MetaProtocolInterface} entry. Decision record 0084.
     */
    public Builder interfaceSelection() {
      this.ownInterfacesSelection = true;
      return this;
    }

    /**
     * The service that issues and checks this agent's bearer tokens (default: {@code HS256}
     * tokens under a fresh random secret, 60 minutes, decision records 0083 and 0093; pass a
     * service with a shared secret or key when several nodes accept each other's tokens).
     */
    public Builder accessTokens(AccessTokenService tokens) {
      this.tokens = Optional.of(Objects.requireNonNull(tokens, "tokens"));
      return this;
    }

    /** How callers' and peers' DIDs are resolved (required). */
    public Builder resolver(DidResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** How other agents' descriptions are fetched (default: HTTPS only). */
    public Builder fetcher(DocumentFetcher fetcher) {
      this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
      return this;
    }

    /** The TCP port (default 0: a free one). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port: 0..65535: " + port);
      }
      this.port = port;
      return this;
    }

    /** The address to listen on (default: loopback). */
    public Builder bindAddress(InetAddress address) {
      this.bindAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /** The host names callers sign their requests for (default: 127.0.0.1 and localhost). */
    public Builder audience(String... hosts) {
      if (hosts.length == 0) {
        throw new IllegalArgumentException("audience: at least one host");
      }
      this.audience = List.of(hosts);
      return this;
    }

    /** Serves a message relay on the same port (default: none). */
    public Builder relay(RelayServer relay) {
      this.relay = Optional.of(relay);
      return this;
    }

    /**
     * Sends and receives end-to-end encrypted messages through the relay at {@code relayUrl}
     * (default: no messaging).
     */
    public Builder messaging(URI relayUrl) {
      this.messaging = true;
      this.messengerRelay = Optional.of(Objects.requireNonNull(relayUrl, "relayUrl"));
      return this;
    }

    /** Sends and receives messages through the relay served on this agent's own port ({@link #relay}). */
    public Builder messagingOnOwnRelay() {
      this.messaging = true;
      this.messengerRelay = Optional.empty();
      return this;
    }

    /** Receives the decrypted messages (with messaging). */
    public Builder onMessage(Consumer<ReceivedMessage> listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Where negotiated protocols are kept (default: in memory). */
    public Builder protocols(ProtocolStore store) {
      this.protocols = Objects.requireNonNull(store, "store");
      this.protocolDirectory = Optional.empty();
      return this;
    }

    /**
     * Keeps negotiated protocols as files in {@code directory} ({@link ProtocolStore#onFiles},
     * opened when the agent is built), so they are reused after a restart.
     */
    public Builder protocolsIn(Path directory) {
      this.protocolDirectory = Optional.of(Objects.requireNonNull(directory, "directory"));
      return this;
    }

    /**
     * Negotiates protocols with other agents over the messenger ({@link MetaProtocolAgent}) and
     * serves {@code capabilities} with {@code functions} (by capability name) under the
     * negotiated ones; empty lists make a pure requester. Needs messaging. The default
     * negotiator is the deterministic {@link org.anp.meta.negotiator.SchemaNegotiator} of the
     * capabilities, the handlers are made by the {@code SchemaHandlerGenerator}.
     *
     * @throws IllegalArgumentException if a capability has no function
     */
    public Builder negotiation(List<LocalCapability> capabilities, Map<String, CapabilityFunction> functions) {
      for (LocalCapability c : capabilities) {
        if (!functions.containsKey(c.name())) {
          throw new IllegalArgumentException("no function for capability " + c.name());
        }
      }
      this.negotiating = true;
      this.negotiated = List.copyOf(capabilities);
      this.functions = Map.copyOf(functions);
      return this;
    }

    /** Another negotiator than the default (with {@link #negotiation}). */
    public Builder negotiator(Negotiator negotiator) {
      this.negotiator = Optional.of(Objects.requireNonNull(negotiator, "negotiator"));
      return this;
    }

    /**
     * Further settings of the meta-protocol agent (listener, clock, timeouts, engine limits),
     * applied after the facade's own (with {@link #negotiation}).
     */
    public Builder negotiationSettings(Consumer<MetaProtocolAgent.Builder> settings) {
      this.negotiationSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * The registry client (with its trust policy) that registry protocols are loaded through: on
     * {@link #start()} those this agent {@linkplain #supportsProtocol supports}, later through
     * {@link Agent#holdProtocol} and {@link Agent#loadProtocolOf} (with {@link #negotiation}).
     */
    public Builder registry(RegistryClient registry) {
      this.registry = Optional.of(Objects.requireNonNull(registry, "registry"));
      return this;
    }

    /**
     * Builds the agent (not started).
     *
     * @throws IllegalStateException without a resolver or without interfaces, with messaging on
     *     its own relay but no relay, or with negotiation but no messaging
     * @throws org.anp.meta.MetaProtocolException {@code STORE_FAILED} if the {@link #protocolsIn}
     *     directory cannot be created
     */
    public Agent build() {
      if (resolver == null) {
        throw new IllegalStateException("resolver is required");
      }
      if (interfaces.isEmpty()) {
        throw new IllegalStateException("at least one interface is required");
      }
      if (messaging && messengerRelay.isEmpty() && relay.isEmpty()) {
        throw new IllegalStateException("messagingOnOwnRelay needs a relay");
      }
      if (negotiating && !messaging) {
        throw new IllegalStateException("negotiation needs messaging(...) or messagingOnOwnRelay()");
      }
      return new Agent(this);
    }
  }
}
