package org.anp.transport.http;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.anp.identity.auth.DidAuthenticationGate;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.transport.internal.http.Authenticator;
import org.anp.transport.internal.http.NettyHttpEngine;
import org.anp.transport.internal.http.Router;
import org.anp.transport.internal.http.WebSocketMount;
import org.anp.transport.internal.relay.RelayMounts;
import org.anp.transport.relay.RelayServer;

/**
 * An embeddable HTTP/1.1 server on Netty: routes to asynchronous {@link HttpHandler}s that run on
 * a worker executor (never on an event loop, unless a handler declares a request {@linkplain
 * HttpHandler#nonBlocking non-blocking}), with DID authentication per route, size and time limits
 * and a graceful {@link #close()}.
 *
 * <p>Limits, all configurable in the {@link Builder}: request bodies of at most {@link
 * Builder#maxRequestBytes} bytes (413 above, connection closed); the whole request must arrive
 * within {@link Builder#requestTimeout} of its first byte (408, closed); an idle keep-alive
 * connection is closed after {@link Builder#idleTimeout}; a handler must answer within {@link
 * Builder#handlerTimeout} (503); at most {@link Builder#maxConnections} connections (503,
 * closed); request line 4096 and header block 8192 bytes (400, closed). Malformed HTTP gets 400
 * and the connection is closed. An unknown path is 404, a known path with another method 405 with
 * {@code Allow}; {@code HEAD} is answered by the {@code GET} route without a body.
 *
 * <p>Security: binds to the loopback address unless {@link Builder#bindAddress} says otherwise.
 * Plain HTTP only: put TLS in front (a proxy) for anything public, since did:wba requires HTTPS.
 *
 * <p>A {@link RelayServer} can be served on the same port ({@link Builder#relay}).
 *
 * <p>Thread-safe. {@link #start()} once; {@link #close()} is idempotent.
 */
public final class HttpServer implements AutoCloseable {
  private final NettyHttpEngine engine;
  private boolean startCalled;

  private HttpServer(NettyHttpEngine engine) {
    this.engine = engine;
  }

  /** A builder with the defaults documented on its methods. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds and starts serving.
   *
   * @return a future of the base URI ({@code http://<bound address>:<port>/}); it fails with the
   *     bind error (port in use, ...)
   * @throws IllegalStateException if called twice
   */
  public synchronized CompletableFuture<URI> start() {
    if (startCalled) {
      throw new IllegalStateException("start() may be called once");
    }
    startCalled = true;
    return engine.start();
  }

  /**
   * The base URI once bound.
   *
   * @throws IllegalStateException if the server has not finished starting
   */
  public URI uri() {
    CompletableFuture<URI> f = engine.started();
    if (!f.isDone() || f.isCompletedExceptionally()) {
      throw new IllegalStateException("server not started");
    }
    return f.join();
  }

  /** The bound port; see {@link #uri()}. */
  public int port() {
    return uri().getPort();
  }

  /**
   * Shuts down gracefully: stops accepting connections, closes idle ones, answers requests that
   * arrive meanwhile with 503, lets in-flight requests finish (their responses carry {@code
   * Connection: close}) for at most the grace period, then closes everything.
   *
   * @return a future that completes when the server has stopped
   */
  public CompletableFuture<Void> shutdown() {
    return engine.shutdown();
  }

  /** {@link #shutdown()} and wait for it. */
  @Override
  public void close() {
    shutdown().join();
  }

  /** Configures an {@link HttpServer}. Not thread-safe. */
  public static final class Builder {
    private InetAddress bindAddress = InetAddress.getLoopbackAddress();
    private int port;
    private final Router.Table routes = Router.table();
    private DidWbaVerifier verifier;
    private DidAuthenticationGate gate;
    private Executor executor;
    private int workerThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private int workerQueue = 1024;
    private int maxRequestBytes = 1024 * 1024;
    private int maxConnections = 1024;
    private int maxConnectionsPerAddress = 256;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration handlerTimeout = Duration.ofSeconds(30);
    private Duration shutdownGrace = Duration.ofSeconds(10);
    private final List<WebSocketMount> mounts = new ArrayList<>();

    private Builder() {}

    /** The port, 0 (default) for an ephemeral one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range 0..65535: " + port);
      }
      this.port = port;
      return this;
    }

    /** The local address to bind; default loopback. Use the wildcard address to serve others. */
    public Builder bindAddress(InetAddress address) {
      this.bindAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * Serves {@code relay} on this server's port: WebSocket upgrade requests for the relay's path
     * ({@link RelayServer.Builder#path}, default {@code /ws}) go to the relay, everything else to
     * the routes. The relay's host and port settings are not used; its {@link RelayServer#start()}
     * completes with {@code ws://<this server's address>/<path>} once this server is bound, and
     * {@link HttpServer#close()} closes the relay (queued frames reported 504, close frames sent)
     * before the HTTP connections. Upgrade requests count against {@link #maxConnections}.
     *
     * @throws IllegalStateException if the relay was started on a port of its own
     * @throws IllegalArgumentException if another relay is mounted on the same path
     */
    public Builder relay(RelayServer relay) {
      WebSocketMount mount = RelayMounts.mount(Objects.requireNonNull(relay, "relay"));
      if (mounts.stream().anyMatch(m -> m.path().equals(mount.path()))) {
        throw new IllegalArgumentException("a relay is already mounted on " + mount.path());
      }
      mounts.add(mount);
      return this;
    }

    /**
     * Serves {@code registry} at {@code GET /metrics} in the Prometheus text format ({@link
     * MetricsHandler}), without authentication; default: no such route. Pass the registry the
     * server's components count into (e.g. a mounted relay's {@link RelayServer.Builder#metrics})
     * and bind to a private interface, or add an authenticated route instead, when the server is
     * public.
     *
     * @throws IllegalArgumentException if a {@code GET /metrics} route exists already
     */
    public Builder metrics(MetricsRegistry registry) {
      return route("GET", "/metrics", AuthPolicy.NONE, MetricsHandler.of(Objects.requireNonNull(registry, "registry")));
    }

    /** A route without authentication; see {@link #route(String, String, AuthPolicy, HttpHandler)}. */
    public Builder route(String method, String pattern, HttpHandler handler) {
      return route(method, pattern, AuthPolicy.NONE, handler);
    }

    /**
     * Adds a route. Patterns are absolute paths whose segments are literals, {@code {name}} (one
     * non-empty segment, percent-decoded, see {@link HttpRequest#pathVariable}) or, as the last
     * segment, {@code **} (any rest of the path). Literal and {@code {name}} routes win over
     * {@code **} routes; longer {@code **} prefixes win over shorter ones.
     *
     * @throws IllegalArgumentException for a bad method or pattern, or a duplicate route
     */
    public Builder route(String method, String pattern, AuthPolicy policy, HttpHandler handler) {
      routes.add(method, pattern, policy, handler);
      return this;
    }

    /**
     * The DID authentication for routes whose policy is not {@code NONE}: the verifier checks
     * {@code DIDWba} headers, HTTP message signatures and, if it was built with a token service,
     * bearer tokens. With a token service, every response below 400 to a request authenticated by
     * signature also hands out a fresh access token in its {@code Authorization} and {@code
     * Authentication-Info} headers (spec/identity.md 1.5 step 9, spec/README.md #12).
     */
    public Builder authentication(DidWbaVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /**
     * ANP-02 1.2 DID authentication for routes whose policy is not {@code NONE}, decided by {@code
     * gate}: RFC 9421 + RFC 9530 signatures in the headers, bearer tokens the gate issued and, when
     * the gate {@linkplain DidAuthenticationGate.Builder#acceptDidWbaHeader accepts it}, the {@code
     * DIDWba} header. A refused request is answered with the gate's status (401, or 403 {@code
     * forbidden_did}), its {@code WWW-Authenticate: DIDWba realm=…, error=…, error_description=…[,
     * nonce=…]} and {@code Accept-Signature}, and a JSON body {@code {"status","error",
     * "error_description"}}; every response below 400 to a signed request carries the token in
     * {@code Authentication-Info} only. Use this or {@link #authentication(DidWbaVerifier)}, not
     * both.
     */
    public Builder authentication(DidAuthenticationGate gate) {
      this.gate = Objects.requireNonNull(gate, "gate");
      return this;
    }

    /**
     * The executor for authentication and handlers; the caller keeps ownership (it is not shut
     * down). Default: a pool of {@link #workerThreads} daemon threads with a queue of {@link
     * #workerQueue} tasks; when both are full, requests get 503.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Threads of the default executor; default max(4, 2 x processors). */
    public Builder workerThreads(int threads) {
      this.workerThreads = positive(threads, "workerThreads");
      return this;
    }

    /** Queue length of the default executor; default 1024. */
    public Builder workerQueue(int length) {
      this.workerQueue = positive(length, "workerQueue");
      return this;
    }

    /** Largest request body in bytes; default 1 MiB; a body of exactly this size is accepted. */
    public Builder maxRequestBytes(int bytes) {
      this.maxRequestBytes = positive(bytes, "maxRequestBytes");
      return this;
    }

    /** Most open connections; default 1024. */
    public Builder maxConnections(int connections) {
      this.maxConnections = positive(connections, "maxConnections");
      return this;
    }

    /**
     * Most open connections from one remote address (IPv6 counted by /64), so that one peer cannot
     * take the share of the others; past it a connection is answered 429 and closed. Default 256.
     */
    public Builder maxConnectionsPerAddress(int connections) {
      this.maxConnectionsPerAddress = positive(connections, "maxConnectionsPerAddress");
      return this;
    }

    /** Longest time from a request's first byte to its last; default 30 seconds. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /** Longest time a keep-alive connection may sit idle; default 60 seconds. */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = positive(timeout, "idleTimeout");
      return this;
    }

    /** Longest time authentication plus the handler may take; default 30 seconds. */
    public Builder handlerTimeout(Duration timeout) {
      this.handlerTimeout = positive(timeout, "handlerTimeout");
      return this;
    }

    /** How long {@link HttpServer#shutdown()} waits for in-flight requests; default 10 seconds. */
    public Builder shutdownGracePeriod(Duration grace) {
      Objects.requireNonNull(grace, "grace");
      if (grace.isNegative()) {
        throw new IllegalArgumentException("shutdownGracePeriod must not be negative: " + grace);
      }
      this.shutdownGrace = grace;
      return this;
    }

    /**
     * Builds the (not yet started) server.
     *
     * @throws IllegalStateException if both a verifier and a gate were given for authentication
     */
    public HttpServer build() {
      if (verifier != null && gate != null) {
        throw new IllegalStateException("authentication: give a DidWbaVerifier or a DidAuthenticationGate, not both");
      }
      Optional<ExecutorService> owned = Optional.empty();
      Executor run = executor;
      if (run == null) {
        ExecutorService pool = defaultPool(workerThreads, workerQueue);
        owned = Optional.of(pool);
        run = pool;
      }
      return new HttpServer(
          new NettyHttpEngine(
              new NettyHttpEngine.Config(
                  bindAddress,
                  port,
                  routes.freeze(),
                  gate != null ? new Authenticator(gate) : new Authenticator(Optional.ofNullable(verifier)),
                  run,
                  owned,
                  maxRequestBytes,
                  maxConnections,
                  maxConnectionsPerAddress,
                  requestTimeout,
                  idleTimeout,
                  handlerTimeout,
                  shutdownGrace,
                  mounts)));
    }

    private static ExecutorService defaultPool(int threads, int queue) {
      AtomicInteger n = new AtomicInteger();
      ThreadFactory factory =
          r -> {
            Thread t = new Thread(r, "anp-http-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          };
      return new ThreadPoolExecutor(
          threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), factory);
    }

    private static int positive(int value, String name) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be positive: " + value);
      }
      return value;
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive: " + value);
      }
      return value;
    }
  }
}
