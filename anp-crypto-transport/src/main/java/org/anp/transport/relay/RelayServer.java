package org.anp.transport.relay;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.resolve.DidResolver;
import org.anp.transport.cluster.RelayCluster;
import org.anp.transport.internal.cluster.NatsRelayCluster;
import org.anp.transport.internal.relay.NettyRelayServer;
import org.anp.transport.internal.relay.RelayCore;
import org.anp.transport.internal.relay.RemoteRoutes;
import org.anp.transport.internal.relay.RelayMounts;
import org.anp.transport.internal.relay.RelayConfig;
import org.anp.transport.internal.relay.RelayLimits;

/**
 * A message service relay (spec/e2e-transport.md section 10, decision record 0004): a WebSocket
 * server that binds router DIDs to connections after verifying their signed {@code register},
 * routes E2E frames by {@code destinationDid} to a local connection, to the relay named in the
 * destination's DID document, or to a bounded store-and-forward queue, and answers every frame
 * with a status {@code response}. See the package description for wire shapes and codes.
 *
 * <pre>{@code
 * RelayServer relay = RelayServer.builder().resolver(resolver).port(8765).build();
 * URI url = relay.start().join();   // ws://127.0.0.1:8765/ws
 * ...
 * relay.close();                    // graceful: queued frames are reported as 504
 * }</pre>
 *
 * <p>The same lifecycle as {@link org.anp.transport.http.HttpServer}: {@link #start()} to a
 * future of the URL, {@link #close()}. A relay can also be served on the port of an
 * {@code HttpServer} ({@link org.anp.transport.http.HttpServer.Builder#relay}), so one agent
 * serves its DID document, JSON-RPC and its relay on one port; {@link #start()} then completes
 * when that server is bound, and closing the server closes the relay first.
 *
 * <p><b>Security:</b> the relay never decrypts; it reads only envelope fields. A connection may
 * send frames only for DIDs it registered (directly, or whose document names a router it
 * registered); anything else is answered 403. Register proofs are verified against the router's
 * resolved document, with a time window and single-use nonces. Frames forwarded by another relay
 * are accepted only from relays whose DID was passed to {@link Builder#trustRelay} and never for
 * DIDs connected to this relay.
 *
 * <p>Limits (each configurable, each answered with its code): frame size (413), rate per
 * connection (429), queue length and bytes per routing key, per sender and in all
 * (503, decision 0059), queue TTL (504), connections per router
 * DID (register 403), router entries per register and register nonces per DID, per address and
 * in all (register 403, decision 0058), idle connections (closed). Refusals are counted in the
 * {@linkplain Builder#metrics metrics registry} and logged at WARN once per interval per limit. A connection whose outbound buffer is full is
 * not read from, frames for a destination that is not writable are queued, and a connection that
 * stays unwritable for the idle timeout is closed (its unwritten frames are queued again or
 * reported), so memory stays bounded; a request or frame that trickles in slower than the read
 * timeout closes its connection. A 200 is sent once the receiving client acknowledged the frame
 * (decision 0006), or once the {@linkplain Builder#ackTimeout ack timeout} passed for a receiver
 * that does not acknowledge; a receiver's refusal of a frame ({@code response} 4003 and the like)
 * is passed to the sender as that frame's final status instead (decision 0011). Frames pushed to a connection that closes unacknowledged go back to
 * the head of the destination's queue and are pushed again when it reconnects. A close frame from
 * a client unbinds it before anything else is pushed.
 *
 * <p>Thread-safe. Errors: the future of {@link #start()} fails with {@code TransportException}
 * ({@code SERVICE_UNAVAILABLE}) when it cannot bind.
 */
public final class RelayServer implements AutoCloseable {
  static {
    RelayMounts.accessor(relay -> relay.server);
  }

  private final NettyRelayServer server;

  private RelayServer(RelayConfig config, Function<RelayCore, RemoteRoutes> remote) {
    this.server = new NettyRelayServer(config, remote);
  }

  /** A builder; {@link Builder#resolver} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds and starts serving; the future completes with the WebSocket URL, e.g. {@code
   * ws://127.0.0.1:40123/ws}, or fails with {@code TransportException} {@code
   * SERVICE_UNAVAILABLE} if the port cannot be bound. Calling it again returns the same future.
   * For a relay served on an {@code HttpServer}'s port, the future completes when that server
   * is bound.
   */
  public CompletableFuture<URI> start() {
    return server.start();
  }

  /** The WebSocket URL. @throws IllegalStateException before {@link #start()} */
  public URI uri() {
    return server.uri();
  }

  /** The number of frames waiting in the queue. */
  public int queuedFrames() {
    return server.queuedFrames();
  }

  /** The number of open WebSocket connections. */
  public int connectionCount() {
    return server.connectionCount();
  }

  /**
   * Stops accepting connections, reports every queued frame to its connected sender as 504,
   * closes every connection (after frames already written) and stops the relay's threads,
   * waiting at most about {@code timeout}.
   */
  public void shutdown(Duration timeout) {
    server.shutdown(timeout);
  }

  /** {@link #shutdown(Duration)} with 5 seconds. */
  @Override
  public void close() {
    shutdown(Duration.ofSeconds(5));
  }

  /** Builds a {@link RelayServer}. Not thread-safe. Defaults are listed per method. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private String path = "/ws";
    private DidResolver resolver;
    private Optional<RelayConfig.Identity> identity = Optional.empty();
    private Optional<DidWbaVerifier> authenticator = Optional.empty();
    private final Set<String> trustedRelays = new LinkedHashSet<>();
    private final List<URI> publicEndpoints = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();
    private MessageQueue queue;
    private RelayCluster cluster;
    private RelayEventListener listener = RelayEventListener.NONE;
    private int maxFrameBytes = RelayFrames.DEFAULT_MAX_BYTES;
    private int maxConnectionsPerDid = 8;
    private double messagesPerSecond = 200;
    private int burst = 400;
    private int queueLength = 1000;
    private int maxQueuedFrames = 100_000;
    private Duration queueTtl = Duration.ofHours(1);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration registrationWindow = Duration.ofMinutes(5);
    private int nonceCacheSize = 100_000;
    private Duration resolveTimeout = Duration.ofSeconds(10);
    private int writeBufferHighWaterMark = 1 << 20;
    private Duration readTimeout = Duration.ofSeconds(10);
    private Duration ackTimeout = Duration.ofSeconds(10);
    private int maxUnacknowledged = 1000;
    private long queueBytesPerKey = 8L << 20;
    private long queueBytesTotal = 64L << 20;
    private int senderSharePercent = 50;
    private int maxRoutersPerRegister = 4;
    private int registrationsPerDid = 200;
    private int registrationsPerAddress = 5_000;
    private MetricsRegistry metrics = MetricsRegistry.create();
    private Duration refusalLogInterval = Duration.ofMinutes(1);
    private int maxConnections = 10_000;
    private int maxConnectionsPerAddress = 256;
    private boolean exposeMetrics;

    private Builder() {}

    /** The address to bind; default {@code 127.0.0.1}. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port; default 0 (any free port). */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port: " + port);
      }
      this.port = port;
      return this;
    }

    /** The WebSocket path; default {@code /ws}. */
    public Builder path(String path) {
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("path must start with /");
      }
      this.path = path;
      return this;
    }

    /** Resolves router, sender and destination DIDs (required). */
    public Builder resolver(DidResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * The relay's own DID and signing key, used to register with peer relays when forwarding.
     * Without it, frames for DIDs served by other relays are answered 404.
     *
     * @param verificationMethod the absolute id of {@code key} in the relay's DID document
     */
    public Builder identity(String did, String verificationMethod, PrivateKeyMaterial key) {
      this.identity = Optional.of(new RelayConfig.Identity(
          Objects.requireNonNull(did, "did"),
          Objects.requireNonNull(verificationMethod, "verificationMethod"),
          Objects.requireNonNull(key, "key")));
      return this;
    }

    /**
     * Lets clients authenticate on the WebSocket upgrade request with an {@code Authorization}
     * header ({@code DIDWba ...}, or a {@code Bearer} token if the verifier issues tokens) instead
     * of, or before, a signed {@code register}: the verified DID becomes the connection's router
     * and the relay sends a {@code response} with {@code originalType "authorization"}, code 200
     * or 403. Frames sent meanwhile wait for the outcome. Default: the header is ignored.
     */
    public Builder authenticator(DidWbaVerifier verifier) {
      this.authenticator = Optional.of(Objects.requireNonNull(verifier, "verifier"));
      return this;
    }

    /** Accepts frames forwarded by the relay with this DID (after it registers). Default: none. */
    public Builder trustRelay(String relayDid) {
      trustedRelays.add(Objects.requireNonNull(relayDid, "relayDid"));
      return this;
    }

    /**
     * Another URL under which clients and documents reach this relay (e.g. behind a proxy);
     * a destination whose messageService names one of them is served here. The bound URL is
     * always included.
     */
    public Builder publicEndpoint(URI endpoint) {
      publicEndpoints.add(Objects.requireNonNull(endpoint, "endpoint"));
      return this;
    }

    /** The clock for time windows, rate limits and TTLs; default system UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Randomness for message ids and nonces; default a new {@link SecureRandom}. */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** The store for offline destinations; default in memory with {@link #queueLength} per key. */
    public Builder messageQueue(MessageQueue queue) {
      this.queue = Objects.requireNonNull(queue, "queue");
      return this;
    }

    /** Observes connections and routing; default none. */
    public Builder listener(RelayEventListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The largest frame in bytes; default 1 MiB. Larger frames are answered 413. */
    public Builder maxFrameBytes(int maxFrameBytes) {
      this.maxFrameBytes = positive(maxFrameBytes, "maxFrameBytes");
      return this;
    }

    /** The most connections one router DID may be bound to; default 8. */
    public Builder maxConnectionsPerDid(int max) {
      this.maxConnectionsPerDid = positive(max, "maxConnectionsPerDid");
      return this;
    }

    /** Frames per second per connection and the burst allowed; default 200/s, burst 400. */
    public Builder rateLimit(double messagesPerSecond, int burst) {
      if (!(messagesPerSecond > 0)) {
        throw new IllegalArgumentException("messagesPerSecond must be positive");
      }
      this.messagesPerSecond = messagesPerSecond;
      this.burst = positive(burst, "burst");
      return this;
    }

    /** Frames queued per routing key in the default queue; default 1000. Beyond: 503. */
    public Builder queueLength(int queueLength) {
      this.queueLength = positive(queueLength, "queueLength");
      return this;
    }

    /** Frames queued in all in the default queue; default 100,000. */
    public Builder maxQueuedFrames(int max) {
      this.maxQueuedFrames = positive(max, "maxQueuedFrames");
      return this;
    }

    /**
     * Frame bytes queued per routing key and in all in the default queue; default 8 MiB and 64
     * MiB, so the queue's memory is bounded whatever the frames' sizes. Beyond: 503 with the
     * bound in the detail.
     */
    public Builder queueBytes(long perKey, long total) {
      if (perKey < 1 || total < 1) {
        throw new IllegalArgumentException("queue bytes must be positive");
      }
      this.queueBytesPerKey = perKey;
      this.queueBytesTotal = total;
      return this;
    }

    /**
     * The share (1..100 %) of one destination's queue (its frames and bytes), and of the total
     * bytes, that one sender may hold in the default queue; default 50, so a flooding sender
     * leaves room for others. Beyond: 503 for that sender only.
     */
    public Builder queueSenderShare(int percent) {
      if (percent < 1 || percent > 100) {
        throw new IllegalArgumentException("queueSenderShare must be 1..100");
      }
      this.senderSharePercent = percent;
      return this;
    }

    /** How long a frame may wait; default 1 hour. Then its sender gets 504. */
    public Builder queueTtl(Duration ttl) {
      this.queueTtl = positive(ttl, "queueTtl");
      return this;
    }

    /**
     * Connections that send nothing for this long are closed, and so are connections whose
     * outbound buffer stays full this long (slow consumers); default 60 s.
     */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = positive(idleTimeout, "idleTimeout");
      return this;
    }

    /** How far {@code proof.created} of a register entry may be from now; default 5 minutes. */
    public Builder registrationWindow(Duration window) {
      this.registrationWindow = positive(window, "registrationWindow");
      return this;
    }

    /**
     * The most register nonces remembered; default 100,000. When full, the router DID holding the
     * most pays: the caller if it is that DID, else that DID is refused until its nonces expire
     * (decision 0058), never everyone.
     */
    public Builder nonceCacheSize(int size) {
      this.nonceCacheSize = positive(size, "nonceCacheSize");
      return this;
    }

    /** The longest a DID resolution may take; default 10 s. */
    public Builder resolveTimeout(Duration timeout) {
      this.resolveTimeout = positive(timeout, "resolveTimeout");
      return this;
    }

    /** Bytes buffered for a connection before it counts as not writable; default 1 MiB. */
    public Builder writeBufferHighWaterMark(int bytes) {
      this.writeBufferHighWaterMark = positive(bytes, "writeBufferHighWaterMark");
      return this;
    }

    /**
     * How long the upgrade request, and then each WebSocket message (all its fragments), may take
     * to arrive once its first byte has; default 10 s. A peer that trickles bytes more slowly
     * (slowloris) is disconnected; the idle timeout cannot catch it, as every byte counts as
     * activity. Time the relay itself stops reading (backpressure) is not counted.
     */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = positive(readTimeout, "readTimeout");
      return this;
    }

    /**
     * How long the relay waits for the first acknowledgement of a connection (decision 0006)
     * before it takes the client for one that never acknowledges (other implementations) and
     * answers the sender 200 anyway; default 10 s. Such a connection's frames are then reported
     * delivered once written, as before acknowledgements existed, until it acknowledges after
     * all. A connection that does acknowledge is waited for without a limit (decision 0011): it
     * may hold a message for a handshake, and only it can tell delivered from refused.
     */
    public Builder ackTimeout(Duration ackTimeout) {
      this.ackTimeout = positive(ackTimeout, "ackTimeout");
      return this;
    }

    /**
     * The most frames pushed to one connection and not yet acknowledged by its client; default
     * 1000. Frames beyond it wait in the destination's queue (202, or 503 when that is full).
     */
    public Builder maxUnacknowledged(int max) {
      this.maxUnacknowledged = positive(max, "maxUnacknowledged");
      return this;
    }

    /**
     * The most router entries one {@code register} may carry; default 4 (a client registers its
     * own DID, and the spec needs few). More is answered 403 before anything is resolved.
     */
    public Builder maxRoutersPerRegister(int max) {
      if (max < 1 || max > RegisterFrame.MAX_ROUTERS) {
        throw new IllegalArgumentException("maxRoutersPerRegister must be 1.." + RegisterFrame.MAX_ROUTERS);
      }
      this.maxRoutersPerRegister = max;
      return this;
    }

    /**
     * Register nonces (one per router entry) one router DID, and one remote address, may have
     * remembered within twice the registration window; default 200 per DID and 5,000 per address.
     * Beyond, its registrations are answered 403 before its DID is resolved.
     */
    public Builder registrationQuota(int perDid, int perAddress) {
      this.registrationsPerDid = positive(perDid, "perDid");
      this.registrationsPerAddress = positive(perAddress, "perAddress");
      return this;
    }

    /**
     * Where the relay counts refusals ({@code anp_limit_refusals_total{limit="relay_..."}}) and
     * registers its gauges; default a private registry. Serve it with {@code MetricsHandler}.
     */
    public Builder metrics(MetricsRegistry metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** Each limit logs its refusals at WARN at most once per this interval; default 1 minute. */
    public Builder refusalLogInterval(Duration interval) {
      this.refusalLogInterval = positive(interval, "refusalLogInterval");
      return this;
    }

    /**
     * The most connections open on the relay's own port in all and from one remote IP address;
     * default 10,000 and 256. Past them the upgrade request is answered 503 (all) or 429 (one
     * address) with {@code Retry-After}, and the refusal logged once per interval. Keep the total
     * below the process's file-descriptor limit. A relay mounted on an {@code HttpServer} is
     * bound by that server's caps instead.
     */
    public Builder connectionLimits(int total, int perAddress) {
      this.maxConnections = positive(total, "total");
      this.maxConnectionsPerAddress = positive(perAddress, "perAddress");
      return this;
    }

    /**
     * Answers {@code GET /metrics} on the relay's own port with the {@linkplain #metrics metrics}
     * in the Prometheus text format; default off (the counters name DIDs' limits, not DIDs, but
     * operators decide who may read them).
     */
    public Builder exposeMetrics(boolean expose) {
      this.exposeMetrics = expose;
      return this;
    }

    /**
     * Makes this relay a node of a cluster on NATS JetStream (issue 16, decision 0077); default
     * none (everything in this process). Agents may register with any node: a frame for an agent
     * on another node is handed to that node over NATS; one for an agent offline is stored in
     * JetStream (file storage, a subject per routing key, the {@linkplain #queueLength queue
     * length} per key, the {@linkplain #queueBytes total bytes} and the {@linkplain #queueTtl
     * queue TTL}) and delivered by the node the agent registers with later; a sender hears 200
     * only after the receiver acknowledged, from whichever node. Frames between two agents on one node never
     * touch NATS. Every node of a cluster is built with the same {@link #identity} and the same
     * cluster name, and names the others' URLs (or the load balancer's) as {@link
     * #publicEndpoint}s. {@link RelayServer#start()} connects to NATS first and fails with
     * {@code SERVICE_UNAVAILABLE} if it is unreachable or has no JetStream; while NATS is away,
     * frames that need it are answered 503.
     */
    public Builder cluster(RelayCluster cluster) {
      this.cluster = Objects.requireNonNull(cluster, "cluster");
      return this;
    }

    /** @throws IllegalStateException without a resolver */
    public RelayServer build() {
      if (resolver == null) {
        throw new IllegalStateException("resolver is required");
      }
      MessageQueue q = queue != null ? queue : MessageQueue.inMemory(
          queueLength, maxQueuedFrames, queueBytesPerKey, queueBytesTotal, senderSharePercent);
      RelayConfig config = new RelayConfig(
          host, port, path, resolver, identity, authenticator, trustedRelays, publicEndpoints, clock, random, q, listener,
          maxFrameBytes, maxConnectionsPerDid, messagesPerSecond, burst, queueTtl, idleTimeout,
          registrationWindow, nonceCacheSize, resolveTimeout, writeBufferHighWaterMark, readTimeout, ackTimeout,
          maxUnacknowledged, new RelayLimits(maxRoutersPerRegister, registrationsPerDid, registrationsPerAddress,
              metrics, refusalLogInterval, maxConnections, maxConnectionsPerAddress, exposeMetrics));
      if (cluster == null) {
        return new RelayServer(config, core -> RemoteRoutes.LOCAL);
      }
      return new RelayServer(config, NatsRelayCluster.forRelay(cluster, new NatsRelayCluster.Limits(
          queueLength, queueBytesTotal, queueTtl, maxFrameBytes, ackTimeout.multipliedBy(3).plusSeconds(30),
          maxUnacknowledged), config));
    }

    private static int positive(int value, String name) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return value;
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return value;
    }
  }
}
