package org.anp.application.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.anp.application.description.AgentDescription;
import org.anp.application.description.AgentInterface;
import org.anp.application.description.Extensions;
import org.anp.application.description.DescriptionSigner;
import org.anp.application.description.SecurityScheme;
import org.anp.application.discovery.CollectionItem;
import org.anp.application.discovery.CollectionPage;
import org.anp.application.interfaces.CallContext;
import org.anp.application.interfaces.InterfaceDefinition;
import org.anp.application.interfaces.JsonRpcInvoker;
import org.anp.application.internal.agent.OwnInterfacesSelection;
import org.anp.application.internal.server.RpcRoute;
import org.anp.application.openrpc.OpenRpcDocuments;
import org.anp.application.registry.ProtocolReference;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.wba.DidWba;
import org.anp.meta.selection.MetaNegotiation;
import org.anp.meta.selection.MetaProtocolInterface;
import org.anp.meta.selection.MetaSelectionService;
import org.anp.meta.selection.SelectionProvider;
import org.anp.transport.http.AuthPolicy;
import org.anp.transport.http.HttpHandler;
import org.anp.transport.http.HttpRequest;
import org.anp.transport.http.HttpResponse;
import org.anp.transport.http.HttpServer;
import org.anp.transport.p1.P1Dispatcher;
import org.anp.transport.p1.P1Method;

/**
 * Serves one agent on its HTTP port: mounted on an {@link HttpServer.Builder}, it adds
 *
 * <ul>
 *   <li>{@code GET <base>/ad.json}: the agent description, signed by the agent's identity with
 *       the public host as {@code domain}, listing one {@code StructuredInterface} per interface
 *       and one per {@linkplain Builder#supportsProtocol registry protocol} it supports;
 *   <li>{@code GET <base>/interfaces/<name>.json}: the OpenRPC document of each interface;
 *   <li>{@code POST <base>/rpc}: the JSON-RPC 2.0 endpoint ({@link JsonRpcInvoker}) behind DID
 *       authentication ({@link AuthPolicy#REQUIRED}: RFC 9421 signatures, {@code DIDWba}
 *       headers, then the bearer token the server hands out); the {@code VerifiedCaller} reaches
 *       the method as its {@link CallContext}; 204 for notifications. Methods named {@code
 *       anp.*} are P1 methods ({@code anp.get_capabilities} and those {@linkplain
 *       Builder#p1Method added}) under P1's stricter rules: a {@link P1Dispatcher} answers them,
 *       and in a batch they are refused with 1004 (decision 0075). When every method of the
 *       agent is {@linkplain org.anp.application.interfaces.JsonRpcMethod#nonBlocking
 *       non-blocking}, a call of them with a bearer token is answered on the server's I/O
 *       thread, without a hand-off to a worker;
 *   <li>{@code GET <path>/did.json} for a did:wba identity (the path its DID names);
 *   <li>{@code GET /.well-known/agent-descriptions}: the ANP-08 {@link CollectionPage} of this
 *       agent and any others {@link Builder#listAgent listed}, {@code ?page=N}, with {@code next}.
 * </ul>
 *
 * <p>The public base URI (scheme, host, port) is asked for lazily, on the first request, so that
 * a server on an ephemeral port can be mounted before it is bound; the signed description is made
 * once and kept. The HTTP server must be built with {@code authentication(...)} for the RPC route.
 * One agent per server (one port per agent): the well-known route exists once, so further agents
 * of the domain are {@link Builder#listAgent listed}, not mounted. Layout and rules: decision 0049.
 *
 * <p>Thread-safe once built.
 */
public final class AgentEndpoints {
  private static final String PAGE_PARAM = "page=";
  private static final int MAX_REQUEST_BYTES = 1024 * 1024;
  private static final int MAX_BATCH_SIZE = 100;

  private final AgentIdentity identity;
  private final AgentDescription template;
  private final List<InterfaceDefinition> interfaces;
  private final RpcRoute rpcRoute;
  private final Supplier<URI> publicBase;
  private final String basePath;
  private final List<CollectionItem> listed;
  private final List<ProtocolReference> protocols;
  private final boolean negotiates;
  private final int pageSize;
  private volatile byte[] signedDescription;

  private AgentEndpoints(Builder b) {
    this.identity = b.identity;
    this.template = b.description;
    this.interfaces = List.copyOf(b.interfaces);
    JsonRpcInvoker.Builder invokerBuilder = JsonRpcInvoker.builder();
    interfaces.forEach(invokerBuilder::add);
    JsonRpcInvoker invoker = invokerBuilder.build();
    P1Dispatcher.Builder p1 = P1Dispatcher.builder().serviceDid(b.identity.did().toString());
    List<P1Method> p1Methods = new ArrayList<>(b.p1Methods);
    if (b.ownInterfacesSelection) {
      String base = b.basePath;
      Supplier<URI> publicBase = b.publicBase;
      SelectionProvider own = new OwnInterfacesSelection(
          interfaces, i -> publicBase.get().resolve(base + "/interfaces/" + i.name() + ".json"));
      p1Methods.add(MetaSelectionService.builder(b.identity.did().toString(), own).build().method());
    }
    p1Methods.forEach(m -> p1.method(RpcRoute.boundTo(m, b.identity.did().toString())));
    this.rpcRoute = new RpcRoute(invoker, p1.build(), MAX_REQUEST_BYTES, MAX_BATCH_SIZE);
    this.publicBase = b.publicBase;
    this.basePath = b.basePath;
    this.listed = List.copyOf(b.listed);
    this.protocols = List.copyOf(b.protocols);
    this.negotiates = p1Methods.stream().anyMatch(m -> m.name().equals(MetaNegotiation.NEGOTIATE_METHOD));
    this.pageSize = b.pageSize;
  }

  /**
   * A builder for the agent {@code identity} described by {@code description} (name, owner,
   * informations...; its interfaces, url, did and proof are replaced).
   */
  public static Builder builder(AgentIdentity identity, AgentDescription description) {
    return new Builder(identity, description);
  }

  /** Adds this agent's routes to {@code server}. */
  public HttpServer.Builder mount(HttpServer.Builder server) {
    Objects.requireNonNull(server, "server");
    server.route("GET", basePath + "/ad.json", r -> CompletableFuture.completedFuture(description()));
    server.route("GET", basePath + "/interfaces/{name}", this::openRpc);
    server.route("POST", basePath + "/rpc", AuthPolicy.REQUIRED, new HttpHandler() {
      @Override
      public CompletableFuture<HttpResponse> handle(HttpRequest request) {
        return rpc(request);
      }

      @Override
      public boolean nonBlocking(HttpRequest request) {
        return rpcRoute.nonBlocking(request.body());
      }
    });
    didDocumentPath().ifPresent(
        p -> server.route("GET", p, r -> CompletableFuture.completedFuture(
            HttpResponse.of(200, "application/did+json", identity.document().toBytes()))));
    server.route("GET", CollectionPage.WELL_KNOWN_PATH, this::collection);
    return server;
  }

  /** The URL of the description, {@code <public base><base path>/ad.json}. */
  public URI descriptionUrl() {
    return url(basePath + "/ad.json");
  }

  /** The URL of the JSON-RPC endpoint. */
  public URI rpcUrl() {
    return url(basePath + "/rpc");
  }

  /** The signed description as served (made on first use). */
  public AgentDescription signedDescription() {
    return AgentDescription.parse(signedBytes());
  }

  private HttpResponse description() {
    return HttpResponse.of(200, "application/json", signedBytes());
  }

  private byte[] signedBytes() {
    byte[] bytes = signedDescription;
    if (bytes == null) {
      synchronized (this) {
        bytes = signedDescription;
        if (bytes == null) {
          bytes = sign();
          signedDescription = bytes;
        }
      }
    }
    return bytes;
  }

  private byte[] sign() {
    AgentDescription.Builder b =
        template.toBuilder()
            .clearInterfaces()
            .did(identity.did().toString())
            .url(descriptionUrl().toString())
            .proof(Optional.empty());
    if (template.securityDefinitions().isEmpty()) {
      b.securityDefinition("didwba_sc", SecurityScheme.didWbaHeader()).security(List.of("didwba_sc"));
    }
    for (InterfaceDefinition i : interfaces) {
      b.addInterface(i.toAgentInterface(openRpcUrl(i).toString()));
    }
    protocols.forEach(p -> b.addInterface(p.toInterface()));
    if (negotiates) {
      b.addInterface(metaProtocolInterface());
    }
    AgentDescription signed =
        DescriptionSigner.builder(identity).domain(publicBase.get().getHost()).build().sign(b.build());
    return signed.receivedJson().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The ANP-06 entry naming the JSON-RPC route, where {@code anp.negotiate} is served. */
  private AgentInterface metaProtocolInterface() {
    ObjectNode entry = MetaProtocolInterface.standard("meta-negotiation", rpcUrl().toString()).toJson();
    ObjectNode rest = entry.deepCopy();
    rest.remove(List.of("type", "id", "protocol", "version", "url", "description"));
    return new AgentInterface(AgentInterface.META_PROTOCOL, Optional.of(entry.path("id").asText()), Optional.empty(),
        Optional.of(entry.path("protocol").asText()), Optional.of(entry.path("version").asText()),
        Optional.of(entry.path("url").asText()), Optional.of(entry.path("description").asText()), Optional.empty(),
        Extensions.of(rest));
  }

  private URI openRpcUrl(InterfaceDefinition i) {
    return url(basePath + "/interfaces/" + i.name() + ".json");
  }

  private CompletableFuture<HttpResponse> openRpc(HttpRequest request) {
    String file = request.pathVariable("name");
    for (InterfaceDefinition i : interfaces) {
      if (file.equals(i.name() + ".json")) {
        ObjectNode doc = OpenRpcDocuments.of(i, rpcUrl().toString());
        return CompletableFuture.completedFuture(HttpResponse.json(200, doc));
      }
    }
    return CompletableFuture.completedFuture(HttpResponse.text(404, "no such interface"));
  }

  private CompletableFuture<HttpResponse> rpc(HttpRequest request) {
    return rpcRoute.handle(request.body(), request.caller())
        .thenApply(response -> response.map(r -> HttpResponse.json(200, r)).orElseGet(() -> HttpResponse.of(204)));
  }

  private CompletableFuture<HttpResponse> collection(HttpRequest request) {
    int page = pageNumber(request.uri().getRawQuery());
    List<CollectionItem> all = new ArrayList<>();
    all.add(new CollectionItem(template.name(), descriptionUrl()));
    all.addAll(listed);
    int from = (page - 1) * pageSize;
    if (page < 1 || from >= all.size() && page > 1) {
      return CompletableFuture.completedFuture(HttpResponse.text(404, "no such page"));
    }
    int to = Math.min(all.size(), from + pageSize);
    Optional<URI> next =
        to < all.size() ? Optional.of(pageUrl(page + 1)) : Optional.empty();
    CollectionPage p = CollectionPage.of(pageUrl(page), all.subList(from, to), next);
    return CompletableFuture.completedFuture(HttpResponse.json(200, p.toJson()));
  }

  private URI pageUrl(int page) {
    return url(CollectionPage.WELL_KNOWN_PATH + (page == 1 ? "" : "?" + PAGE_PARAM + page));
  }

  private static int pageNumber(String query) {
    if (query == null || query.isEmpty()) {
      return 1;
    }
    for (String part : query.split("&")) {
      if (part.startsWith(PAGE_PARAM)) {
        String n = part.substring(PAGE_PARAM.length());
        return n.matches("[1-9][0-9]{0,6}") ? Integer.parseInt(n) : -1;
      }
    }
    return 1;
  }

  private Optional<String> didDocumentPath() {
    if (!"wba".equals(identity.did().method())) {
      return Optional.empty();
    }
    return Optional.of(DidWba.parse(identity.did()).documentUrl().getPath());
  }

  private URI url(String path) {
    URI base = publicBase.get();
    return base.resolve(path);
  }

  /** Configures {@link AgentEndpoints}. Not thread-safe. */
  public static final class Builder {
    private final AgentIdentity identity;
    private final AgentDescription description;
    private final List<InterfaceDefinition> interfaces = new ArrayList<>();
    private final List<CollectionItem> listed = new ArrayList<>();
    private final List<ProtocolReference> protocols = new ArrayList<>();
    private final List<P1Method> p1Methods = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private Supplier<URI> publicBase;
    private String basePath = "";
    private int pageSize = 50;
    private boolean ownInterfacesSelection;

    private Builder(AgentIdentity identity, AgentDescription description) {
      this.identity = Objects.requireNonNull(identity, "identity");
      this.description = Objects.requireNonNull(description, "description");
    }

    /** Adds a JSON-RPC interface (its name must be a URL path segment, unique). */
    public Builder addInterface(InterfaceDefinition definition) {
      Objects.requireNonNull(definition, "definition");
      if (!definition.name().matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException("interface name not usable in a path: " + definition.name());
      }
      if (!names.add(definition.name())) {
        throw new IllegalArgumentException("two interfaces named " + definition.name());
      }
      interfaces.add(definition);
      return this;
    }

    /**
     * Where others reach this server ({@code https://host[:port]/}); asked on first use, so it
     * may read the port of a server that is started later. Required.
     */
    public Builder publicBase(Supplier<URI> publicBase) {
      this.publicBase = Objects.requireNonNull(publicBase, "publicBase");
      return this;
    }

    /** The path under which the agent's routes live, e.g. {@code /agents/hotel}; default root. */
    public Builder basePath(String basePath) {
      Objects.requireNonNull(basePath, "basePath");
      if (!basePath.isEmpty() && (!basePath.startsWith("/") || basePath.endsWith("/"))) {
        throw new IllegalArgumentException("basePath: starts with / and does not end with /: " + basePath);
      }
      this.basePath = basePath;
      return this;
    }

    /** Lists another agent of this domain in the well-known collection. */
    public Builder listAgent(String name, URI descriptionUrl) {
      listed.add(new CollectionItem(name, descriptionUrl));
      return this;
    }

    /**
     * Lists a registry protocol this agent supports in its description (a {@link
     * ProtocolReference} entry), so that requesters that trust its publisher load it and skip
     * the negotiation.
     */
    public Builder supportsProtocol(ProtocolReference protocol) {
      protocols.add(Objects.requireNonNull(protocol, "protocol"));
      return this;
    }

    /**
     * Serves a P1 method (named {@code anp.*}) on the JSON-RPC route, for example ANP-06's {@code
     * anp.negotiate} ({@code MetaSelectionService.method()}); {@code anp.get_capabilities} is
     * always served. An agent-addressed method answers 1014 when {@code meta.target.did} is not
     * this agent's DID. With {@code anp.negotiate} the description lists a {@code
     * MetaProtocolInterface} entry naming the JSON-RPC route.
     *
     * @throws IllegalArgumentException for a name outside {@code anp.*}
     */
    public Builder p1Method(P1Method method) {
      Objects.requireNonNull(method, "method");
      if (!RpcRoute.isP1Method(method.name())) {
        throw new IllegalArgumentException("P1 methods on the agent's route are named anp.*: " + method.name());
      }
      p1Methods.add(method);
      return this;
    }

    /**
     * Answers ANP-06 {@code anp.negotiate} from this agent's own interfaces, with no provider to
     * write: each interface is a capability (id and name: the interface's name; intent tags: that
     * name and its method names, in lower case) served by the interface's {@code
     * StructuredInterface} entry at its OpenRPC URL; the decisions are those of {@link
     * org.anp.meta.selection.DeclaredInterfacesProvider}. The description then lists the {@code
     * MetaProtocolInterface} entry. Decision record 0084.
     *
     * @throws IllegalStateException at {@link #build()} if another {@code anp.negotiate} method
     *     was added
     */
    public Builder interfaceSelection() {
      this.ownInterfacesSelection = true;
      return this;
    }

    /** Items per well-known collection page; default 50. */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1) {
        throw new IllegalArgumentException("pageSize: " + pageSize);
      }
      this.pageSize = pageSize;
      return this;
    }

    /**
     * Builds the endpoints.
     *
     * @throws IllegalStateException without a public base or without interfaces
     */
    public AgentEndpoints build() {
      if (publicBase == null) {
        throw new IllegalStateException("publicBase(...) is required");
      }
      if (interfaces.isEmpty()) {
        throw new IllegalStateException("addInterface(...) at least once");
      }
      if (ownInterfacesSelection
          && p1Methods.stream().anyMatch(m -> m.name().equals(MetaNegotiation.NEGOTIATE_METHOD))) {
        throw new IllegalStateException("interfaceSelection() and another anp.negotiate method: choose one");
      }
      return new AgentEndpoints(this);
    }
  }
}
