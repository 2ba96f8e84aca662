package org.anp.transport.internal.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.limits.RefusalLog;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.internal.limits.ConnectionLimiter;
import org.anp.transport.http.HttpRequest;
import org.anp.transport.http.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty server behind {@code HttpServer}: owns the event loops, the connection and in-flight
 * counts, and the shutdown sequence (stop accepting, close idle connections, let in-flight
 * requests finish until the grace period ends, then close everything). Thread-safe.
 */
public final class NettyHttpEngine {
  private static final Logger log = LoggerFactory.getLogger(NettyHttpEngine.class);

  /** The user event that tells each connection the server is shutting down. */
  static final Object SHUTDOWN = new Object();

  /** Everything the engine needs, validated by the public builder. */
  public record Config(
      InetAddress bindAddress,
      int port,
      Router router,
      Authenticator authenticator,
      Executor executor,
      Optional<ExecutorService> ownedExecutor,
      int maxRequestBytes,
      int maxConnections,
      int maxConnectionsPerAddress,
      Duration requestTimeout,
      Duration idleTimeout,
      Duration handlerTimeout,
      Duration shutdownGrace,
      List<WebSocketMount> mounts) {
    public Config {
      mounts = List.copyOf(mounts);
      Objects.requireNonNull(bindAddress, "bindAddress");
      Objects.requireNonNull(router, "router");
      Objects.requireNonNull(authenticator, "authenticator");
      Objects.requireNonNull(executor, "executor");
      Objects.requireNonNull(ownedExecutor, "ownedExecutor");
    }
  }

  /** On an accepted connection: the remote address whose slot under the connection caps it holds. */
  private static final AttributeKey<SocketAddress> SLOT = AttributeKey.valueOf(NettyHttpEngine.class, "connectionSlot");

  private final Config config;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final ConnectionLimiter connectionLimiter;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private final CompletableFuture<URI> started = new CompletableFuture<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile boolean closing;
  private volatile Channel serverChannel;

  public NettyHttpEngine(Config config) {
    this.config = Objects.requireNonNull(config, "config");
    this.connectionLimiter = new ConnectionLimiter("http", config.maxConnections(), config.maxConnectionsPerAddress());
    this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("anp-http-accept", true), NioIoHandler.newFactory());
    this.workers = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("anp-http-io", true), NioIoHandler.newFactory());
  }

  /** Binds; the future completes with {@code http://host:port/} or fails with the bind error. */
  public CompletableFuture<URI> start() {
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 256)
            .handler(new AcceptFailureGuard(RefusalLog.create(log, "http_accept_failures", Clock.systemUTC(),
                Duration.ofMinutes(1), MetricsRegistry.create()), Duration.ofSeconds(1)))
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    RequestTimer timer = new RequestTimer(config.requestTimeout());
                    ch.pipeline()
                        .addLast("request-timer", timer)
                        .addLast(
                            "idle",
                            new IdleStateHandler(
                                0, 0, config.idleTimeout().toNanos(), TimeUnit.NANOSECONDS))
                        .addLast("codec", new HttpServerCodec(4096, 8192, 8192))
                        .addLast("aggregator", new LimitedAggregator(config.maxRequestBytes()))
                        .addLast("dispatcher", new RequestDispatcher(NettyHttpEngine.this, timer));
                  }
                });
    ChannelFuture bind = bootstrap.bind(new InetSocketAddress(config.bindAddress(), config.port()));
    bind.addListener(
        f -> {
          if (!f.isSuccess()) {
            shutdownLoops();
            config.mounts().forEach(m -> m.failed(f.cause()));
            started.completeExceptionally(f.cause());
            return;
          }
          serverChannel = bind.channel();
          InetSocketAddress local = (InetSocketAddress) serverChannel.localAddress();
          String host = local.getAddress().getHostAddress();
          if (host.contains(":")) {
            host = "[" + host + "]";
          }
          URI uri = URI.create("http://" + host + ":" + local.getPort() + "/");
          log.info("HTTP server listening on {}", uri);
          config.mounts().forEach(m -> m.bound(uri, workers));
          started.complete(uri);
        });
    return started;
  }

  /** The started future (completes once bound). */
  public CompletableFuture<URI> started() {
    return started;
  }

  /** Starts the graceful shutdown once; the future completes when everything is closed. */
  public synchronized CompletableFuture<Void> shutdown() {
    if (closing) {
      return stopped;
    }
    closing = true;
    if (!started.isDone()) {
      started.completeExceptionally(new IllegalStateException("server shut down before it started"));
    }
    Channel server = serverChannel;
    CompletableFuture<Void> unbound = new CompletableFuture<>();
    if (server == null) {
      unbound.complete(null);
    } else {
      server.close().addListener(f -> unbound.complete(null));
    }
    // Mounted services (the relay) close their connections first, with their own close frames.
    CompletableFuture<?>[] mounts = config.mounts().stream().map(WebSocketMount::shutdown).toArray(CompletableFuture<?>[]::new);
    unbound.thenCompose(v -> CompletableFuture.allOf(mounts).exceptionally(e -> null)).thenRun(
        () -> {
          channels.forEach(ch -> ch.pipeline().fireUserEventTriggered(SHUTDOWN));
          if (inFlight.get() == 0) {
            drained.complete(null);
          }
          drained
              .completeOnTimeout(null, config.shutdownGrace().toNanos(), TimeUnit.NANOSECONDS)
              .thenRun(
                  () -> {
                    if (inFlight.get() > 0) {
                      log.warn("closing with {} request(s) still in flight after the grace period", inFlight.get());
                    }
                    channels.close().addListener(f -> shutdownLoops());
                  });
        });
    return stopped;
  }

  private void shutdownLoops() {
    config.ownedExecutor().ifPresent(ExecutorService::shutdown);
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers
        .shutdownGracefully(0, 1, TimeUnit.SECONDS)
        .addListener(
            f -> {
              log.info("HTTP server stopped");
              stopped.complete(null);
            });
  }

  boolean isClosing() {
    return closing;
  }

  long handlerTimeoutNanos() {
    return config.handlerTimeout().toNanos();
  }

  /**
   * Registers a new connection (every opened connection is later {@linkplain #connectionClosed
   * closed}, refused or not); the error it must be refused with, or empty to serve it. A refused
   * connection holds no slot.
   */
  Optional<TransportException> connectionOpened(Channel channel) {
    channels.add(channel);
    if (closing) {
      return Optional.of(new TransportException(TransportError.SERVICE_UNAVAILABLE, "too many connections"));
    }
    Optional<ConnectionLimiter.Refusal> refused = connectionLimiter.tryAcquire(channel.remoteAddress());
    if (refused.isEmpty()) {
      channel.attr(SLOT).set(channel.remoteAddress());
      return Optional.empty();
    }
    return Optional.of(refused.get().status() == 429
        ? new TransportException(TransportError.RATE_LIMITED,
            "too many connections from this address (" + config.maxConnectionsPerAddress() + " at most)")
        : new TransportException(TransportError.SERVICE_UNAVAILABLE, "too many connections"));
  }

  void connectionClosed(Channel channel) {
    SocketAddress slot = channel.attr(SLOT).getAndSet(null);
    if (slot != null) {
      connectionLimiter.release(slot);
    }
  }

  void requestStarted() {
    inFlight.incrementAndGet();
  }

  void requestFinished() {
    if (inFlight.decrementAndGet() == 0 && closing) {
      drained.complete(null);
    }
  }

  /**
   * Routes and runs one request on the worker executor: authentication, then the handler, then
   * any token headers. Never runs handler code on the calling (event loop) thread.
   */
  CompletableFuture<HttpResponse> dispatch(HttpRequest request) {
    if (closing) {
      throw new TransportException(TransportError.SERVICE_UNAVAILABLE, "server: shutting down");
    }
    Router.Match match;
    try {
      match = config.router().find(request.method(), request.path());
    } catch (TransportException e) {
      if (e.code() != TransportError.METHOD_NOT_ALLOWED) {
        throw e;
      }
      String allowed = String.join(", ", config.router().allowedMethods(request.path()));
      return CompletableFuture.completedFuture(
          ErrorResponses.body(e.code(), e.getMessage()).withHeader("allow", allowed));
    }
    HttpRequest routed = request.withPathVariables(match.variables());
    // Both steps are explicitly async: a plain thenCompose may run on whichever thread completes
    // the previous stage, including this event loop when the worker was fast.
    return CompletableFuture.completedFuture(routed)
        .thenComposeAsync(r -> config.authenticator().authenticate(match.policy(), r), config.executor())
        .thenComposeAsync(
            outcome -> {
              CompletableFuture<HttpResponse> answer = match.handler().handle(outcome.request());
              if (answer == null) {
                throw new IllegalStateException("handler returned null for " + routed);
              }
              return answer.thenApply(
                  r -> r.status() < 400 ? r.withHeaders(outcome.responseHeaders()) : r);
            },
            config.executor());
  }

  /** The service mounted at exactly {@code path}, if any. */
  Optional<WebSocketMount> mountAt(String path) {
    for (WebSocketMount m : config.mounts()) {
      if (m.path().equals(path)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** The response for a failed request. */
  HttpResponse errorResponse(Throwable failure, String what) {
    return ErrorResponses.of(failure, what, config.authenticator());
  }
}
