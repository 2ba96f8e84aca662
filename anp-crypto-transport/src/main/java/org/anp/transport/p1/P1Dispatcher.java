package org.anp.transport.p1;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.VerifiedCaller;
import org.anp.identity.json.StrictJson;
import org.anp.transport.http.AuthPolicy;
import org.anp.transport.http.HttpHandler;
import org.anp.transport.http.HttpRequest;
import org.anp.transport.http.HttpResponse;
import org.anp.transport.http.HttpServer;
import org.anp.transport.internal.p1.RpcFailures;

/**
 * The server side of the P1 core binding: reads one JSON-RPC request per HTTP POST, checks the
 * envelope and the method's declared rules, verifies an origin proof, calls the registered {@link
 * P1MethodHandler} and writes the response. It answers {@code anp.get_capabilities} itself (P1
 * section 8) from what is registered.
 *
 * <p>Every request gets a P1 response with HTTP 200 (a notification gets 204 and no body): bad
 * input of any kind is a JSON-RPC {@code error} object, never a 500. Checks, in order: size (over
 * {@link Builder#maxRequestBytes}: -32600), JSON (-32700), envelope ({@link P1Request}), method
 * (-32601), notification allowed (1000), {@code meta.profile} (1001), {@code
 * meta.security_profile} supported here (1002), device selectors (-32602), target mode (1014),
 * origin proof (1005), authentication required (1005); then the handler, cut off after {@link
 * Builder#handlerTimeout} (1012).
 *
 * <p>Mount it with {@link #mount}: the route's {@link AuthPolicy} decides whether the server's DID
 * authentication runs first (use {@code OPTIONAL} so that anonymous {@code anp.get_capabilities}
 * still works; methods that need a sender say so with {@link P1Method.Builder#requireAuthentication}).
 *
 * <p>Thread-safe and immutable once built.
 */
public final class P1Dispatcher implements HttpHandler {
  /** The capability method P1 defines. */
  public static final String GET_CAPABILITIES = "anp.get_capabilities";

  private final Map<String, P1Method> methods;
  private final String serviceDid;
  private final List<String> securityProfiles;
  private final Optional<List<String>> contentTypes;
  private final int maxRequestBytes;
  private final Duration handlerTimeout;
  private final Optional<OriginProofVerifier> originProofs;
  private final P1Capabilities capabilities;

  private P1Dispatcher(Builder b) {
    this.serviceDid = b.serviceDid;
    this.securityProfiles = List.copyOf(b.securityProfiles);
    this.contentTypes = b.contentTypes.map(List::copyOf);
    this.maxRequestBytes = b.maxRequestBytes;
    this.handlerTimeout = b.handlerTimeout;
    this.originProofs = b.originProofs;
    Set<String> profiles = new LinkedHashSet<>();
    profiles.add(P1Meta.CORE_PROFILE);
    b.methods.values().forEach(m -> profiles.addAll(m.profiles()));
    Map<String, String> limits = new LinkedHashMap<>();
    limits.put("max_request_bytes", P1Fields.decimal(maxRequestBytes));
    this.capabilities =
        P1Capabilities.of(serviceDid, new ArrayList<>(profiles), securityProfiles, contentTypes, limits);
    Map<String, P1Method> all = new LinkedHashMap<>(b.methods);
    all.putIfAbsent(
        GET_CAPABILITIES,
        P1Method.builder(GET_CAPABILITIES, P1Meta.CORE_PROFILE)
            .targetMode(TargetMode.ENDPOINT_LOCAL)
            .handler(call -> CompletableFuture.completedFuture(capabilities.toJson()))
            .build());
    this.methods = Collections.unmodifiableMap(all);
  }

  /** A builder; {@link Builder#serviceDid} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** What {@code anp.get_capabilities} answers. */
  public P1Capabilities capabilities() {
    return capabilities;
  }

  /** The registered method names, {@code anp.get_capabilities} included. */
  public Set<String> methodNames() {
    return methods.keySet();
  }

  /**
   * Adds this dispatcher to {@code server} as the {@code POST} route {@code path}.
   *
   * @param policy the DID authentication of the route; {@code OPTIONAL} is the usual choice
   * @return {@code server}, for chaining
   */
  public HttpServer.Builder mount(HttpServer.Builder server, String path, AuthPolicy policy) {
    return server.route("POST", path, policy, this);
  }

  /** Answers one HTTP request carrying a P1 request. */
  @Override
  public CompletableFuture<HttpResponse> handle(HttpRequest http) {
    return dispatch(http.body(), http.caller())
        .thenApply(
            response ->
                response.map(r -> HttpResponse.json(200, r.toJson())).orElseGet(() -> HttpResponse.of(204)));
  }

  /**
   * Dispatches one request body (transport independent).
   *
   * @param caller the DID that authenticated the transport, if any
   * @return a future of the response, empty for a notification; it never fails
   */
  public CompletableFuture<Optional<P1Response>> dispatch(byte[] body, Optional<VerifiedCaller> caller) {
    if (body.length > maxRequestBytes) {
      return done(Optional.empty(), RpcError.of(CoreRpcError.INVALID_REQUEST, "request larger than " + maxRequestBytes + " bytes"));
    }
    JsonNode tree;
    try {
      tree = StrictJson.parse(body, maxRequestBytes);
    } catch (IdentityException e) {
      return done(Optional.empty(), RpcError.of(CoreRpcError.PARSE_ERROR, "request: " + e.code().name()));
    }
    Optional<String> id = P1Request.idOf(tree);
    P1Request request;
    P1Method method;
    try {
      request = P1Request.fromJson(tree);
      method = check(request);
    } catch (RpcException e) {
      return done(id, e.error());
    }
    CompletableFuture<Optional<VerifiedOrigin>> origin;
    if (request.originProof().isPresent()) {
      origin =
          originProofs
              .map(v -> v.verify(request).thenApply(Optional::of))
              .orElseGet(
                  () -> CompletableFuture.failedFuture(
                      new RpcException(CoreRpcError.UNAUTHORIZED, "origin proofs are not accepted at this endpoint")));
    } else {
      origin = CompletableFuture.completedFuture(Optional.empty());
    }
    CompletableFuture<JsonNode> result =
        origin.thenCompose(
            o -> {
              P1Call call = new P1Call(request, caller, o);
              if (method.authenticationRequired() && call.authenticatedDid().isEmpty()) {
                throw new RpcException(CoreRpcError.UNAUTHORIZED, "this method needs an authenticated sender");
              }
              CompletableFuture<JsonNode> r = method.handler().handle(call);
              return Objects.requireNonNull(r, "handler returned null")
                  .thenApply(json -> Objects.requireNonNull(json, "handler result"));
            });
    return result
        .orTimeout(handlerTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (json, failure) -> {
              if (request.id().isEmpty()) {
                return Optional.<P1Response>empty();
              }
              return Optional.of(
                  failure == null
                      ? P1Response.success(request.id().get(), json)
                      : P1Response.failure(request.id(), RpcFailures.toError(failure, request.method())));
            });
  }

  private P1Method check(P1Request request) {
    P1Method method = methods.get(request.method());
    if (method == null) {
      throw new RpcException(CoreRpcError.METHOD_NOT_FOUND, "no method " + request.method());
    }
    if (request.id().isEmpty() && !method.notificationAllowed()) {
      throw new RpcException(CoreRpcError.INVALID_REQUEST_ID, "id: required for " + method.name());
    }
    P1Meta meta = request.meta();
    if (!method.profiles().contains(meta.profile())) {
      throw new RpcException(CoreRpcError.UNSUPPORTED_PROFILE, "meta.profile: not accepted by " + method.name());
    }
    if (!securityProfiles.contains(meta.securityProfile())) {
      throw new RpcException(CoreRpcError.UNSUPPORTED_SECURITY_PROFILE, "meta.security_profile: not supported here");
    }
    if (meta.hasDeviceSelector() && !method.deviceSelectorsAllowed()) {
      throw new RpcException(CoreRpcError.INVALID_PARAMS, "meta: device selectors are not allowed on " + method.name());
    }
    Optional<P1Target> target = meta.target();
    switch (method.targetMode()) {
      case AGENT_ADDRESSED -> requireKind(target, P1Target.Kind.AGENT);
      case GROUP_ADDRESSED -> requireKind(target, P1Target.Kind.GROUP);
      case SERVICE_SCOPED -> {
        requireKind(target, P1Target.Kind.SERVICE);
        if (!target.orElseThrow().did().equals(serviceDid)) {
          throw new RpcException(CoreRpcError.INVALID_TARGET_BINDING, "meta.target.did: not this service's DID");
        }
      }
      case ENDPOINT_LOCAL -> { }
    }
    return method;
  }

  private static void requireKind(Optional<P1Target> target, P1Target.Kind kind) {
    if (target.isEmpty() || target.get().kind() != kind) {
      throw new RpcException(
          CoreRpcError.INVALID_TARGET_BINDING, "meta.target: kind " + kind.wireValue() + " is required");
    }
  }

  private static CompletableFuture<Optional<P1Response>> done(Optional<String> id, RpcError error) {
    return CompletableFuture.completedFuture(Optional.of(P1Response.failure(id, error)));
  }

  /** Builds a {@link P1Dispatcher}; not thread-safe. */
  public static final class Builder {
    private final Map<String, P1Method> methods = new LinkedHashMap<>();
    private String serviceDid;
    private final List<String> securityProfiles = new ArrayList<>(List.of(P1Meta.TRANSPORT_PROTECTED));
    private Optional<List<String>> contentTypes = Optional.of(List.of("application/json"));
    private int maxRequestBytes = 1024 * 1024;
    private Duration handlerTimeout = Duration.ofSeconds(20);
    private Optional<OriginProofVerifier> originProofs = Optional.empty();

    private Builder() {}

    /** The runtime service DID reported as {@code service_did} (required). */
    public Builder serviceDid(String did) {
      if (!did.startsWith("did:")) {
        throw new IllegalArgumentException("serviceDid: not a DID");
      }
      this.serviceDid = did;
      return this;
    }

    /**
     * Registers a method: the seam through which layers 2 and 3 add their methods.
     *
     * @throws IllegalArgumentException if the name is taken
     */
    public Builder method(P1Method method) {
      if (methods.putIfAbsent(method.name(), method) != null) {
        throw new IllegalArgumentException("method already registered: " + method.name());
      }
      return this;
    }

    /** The supported security profiles; default {@code transport-protected} only. */
    public Builder securityProfiles(String... profiles) {
      securityProfiles.clear();
      for (String p : profiles) {
        if (!P1Meta.SECURITY_PROFILES.contains(p)) {
          throw new IllegalArgumentException("unknown security profile " + p);
        }
        securityProfiles.add(p);
      }
      if (securityProfiles.isEmpty()) {
        throw new IllegalArgumentException("at least one security profile");
      }
      return this;
    }

    /** The {@code supported_content_types} reported; default {@code application/json}. */
    public Builder contentTypes(String... types) {
      this.contentTypes = Optional.of(List.of(types));
      return this;
    }

    /** Largest accepted request body; default 1 MiB; reported as {@code max_request_bytes}. */
    public Builder maxRequestBytes(int bytes) {
      if (bytes < 64) {
        throw new IllegalArgumentException("maxRequestBytes < 64");
      }
      this.maxRequestBytes = bytes;
      return this;
    }

    /** Longest a handler may take (then 1012); default 20 seconds, under the server's 30. */
    public Builder handlerTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("handlerTimeout must be positive");
      }
      this.handlerTimeout = timeout;
      return this;
    }

    /** Verifies origin proofs; without one a request carrying an origin proof is refused (1005). */
    public Builder originProofs(OriginProofVerifier verifier) {
      this.originProofs = Optional.of(verifier);
      return this;
    }

    /**
     * The dispatcher.
     *
     * @throws IllegalStateException without a service DID
     */
    public P1Dispatcher build() {
      if (serviceDid == null) {
        throw new IllegalStateException("serviceDid is required");
      }
      return new P1Dispatcher(this);
    }
  }
}
