package org.anp.transport.internal.relay;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.transport.internal.http.AcceptFailureGuard;
import org.anp.identity.limits.PrometheusText;
import org.anp.identity.limits.RefusalLog;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.internal.limits.ConnectionLimiter;
import org.anp.transport.internal.http.WebSocketMount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's Netty server: HTTP upgrade to WebSocket on one path, text frames up to a hard cap
 * of twice the frame limit (so oversize frames get a 413 answer), reader-idle close, a deadline
 * for each request or frame once it started to arrive ({@link SlowReadGuard}), write-buffer
 * water marks for backpressure, a periodic queue-expiry sweep, and graceful shutdown. It either
 * binds a port of its own ({@link #start()}) or is {@linkplain #mount() mounted} on the port of
 * an HTTP server, which hands it the upgrade requests for its path. Thread-safe.
 */
public final class NettyRelayServer implements WebSocketMount {
  private static final Logger log = LoggerFactory.getLogger(NettyRelayServer.class);

  private final RelayConfig config;
  private final RelayCore core;
  private final ConnectionLimiter connectionLimiter;
  private final Map<String, RefusalLog> connectionRefusals = new ConcurrentHashMap<>();
  private final HttpPaths httpPaths;
  private final CompletableFuture<URI> started = new CompletableFuture<>();
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private Channel serverChannel;
  private ScheduledFuture<?> sweeper;
  private boolean startCalled;
  private boolean mounted;
  private boolean stopped;

  public NettyRelayServer(RelayConfig config) {
    this(config, core -> RemoteRoutes.LOCAL);
  }

  /** A relay whose frames for keys it does not serve go to a cluster backend made for its core. */
  public NettyRelayServer(RelayConfig config, Function<RelayCore, RemoteRoutes> remote) {
    this.config = config;
    this.core = new RelayCore(config, remote);
    this.connectionLimiter = new ConnectionLimiter("relay",
        config.limits().maxConnections(), config.limits().maxConnectionsPerAddress());
    this.httpPaths = new HttpPaths(config.limits().exposeMetrics() ? config.limits().metrics() : null);
  }

  /**
   * Binds a port of its own and starts serving; the future completes with the WebSocket URL, or
   * fails with {@code TransportException} {@code SERVICE_UNAVAILABLE} if it cannot bind. On a
   * mounted relay, the future of its HTTP server's start, mapped to the relay's URL.
   */
  public synchronized CompletableFuture<URI> start() {
    if (startCalled || mounted) {
      return started;
    }
    if (stopped) {
      return CompletableFuture.failedFuture(new IllegalStateException("relay already shut down"));
    }
    startCalled = true;
    boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("anp-relay-accept", true), NioIoHandler.newFactory());
    workers = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("anp-relay-io", true), NioIoHandler.newFactory());
    int high = config.writeBufferHighWaterMark();
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_REUSEADDR, true) // a restarted relay gets its port back at once
        .handler(new AcceptFailureGuard(RefusalLog.create(log, "relay_accept_failures", config.clock(),
            config.limits().refusalLogInterval(), config.limits().metrics()), Duration.ofSeconds(1)))
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(high / 2, high))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ChannelPipeline p = ch.pipeline();
            String address = ch.remoteAddress() == null || ch.remoteAddress().getAddress() == null
                ? "unknown" : ch.remoteAddress().getAddress().getHostAddress();
            Optional<ConnectionLimiter.Refusal> refused = connectionLimiter.tryAcquire(ch.remoteAddress());
            if (refused.isPresent()) {
              refuseConnection(p, address, refused.get());
              return;
            }
            InetSocketAddress remote = ch.remoteAddress();
            ch.closeFuture().addListener(f -> {
              connectionLimiter.release(remote);
              core.notify(l -> l.connectionSlotFreed(address));
            });
            SlowReadGuard slowReads = new SlowReadGuard(config.readTimeout().toMillis());
            // One socket write per read batch or event-loop turn, not one per frame.
            p.addLast(new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
            p.addLast(slowReads.bytes());
            p.addLast(new HttpServerCodec(4096, 16 * 1024, 8192));
            p.addLast(slowReads.units()); // the WebSocket decoder takes the codec's place, in front of it
            p.addLast(new HttpObjectAggregator(16 * 1024));
            addWebSocketHandlers(p, true);
          }
        });
    core.remote().start().whenComplete((v, error) -> {
      if (error != null) {
        synchronized (this) {
          stopped = true;
        }
        shutdownGroups(Duration.ZERO);
        started.completeExceptionally(error instanceof TransportException t ? t : new TransportException(
            TransportError.SERVICE_UNAVAILABLE, "cluster: cannot start", error));
        return;
      }
      bind(bootstrap);
    });
    return started;
  }

  private void bind(ServerBootstrap bootstrap) {
    bootstrap.bind(config.host(), config.port()).addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        synchronized (this) {
          stopped = true;
        }
        shutdownGroups(Duration.ZERO);
        started.completeExceptionally(new TransportException(
            TransportError.SERVICE_UNAVAILABLE, "bind: cannot listen on " + config.host() + ":" + config.port(), f.cause()));
        return;
      }
      synchronized (this) {
        serverChannel = f.channel();
      }
      InetSocketAddress address = (InetSocketAddress) f.channel().localAddress();
      String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
      onBound(URI.create("ws://" + host + ":" + address.getPort() + config.path()), workers);
    });
  }

  /** The reader-idle close, the upgrade on the relay's path, frame aggregation and the connection. */
  private void addWebSocketHandlers(ChannelPipeline p, boolean ownPort) {
    p.addLast(new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
    p.addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
        .websocketPath(config.path())
        .checkStartsWith(false)
        .handleCloseFrames(false) // RelayConnection unbinds before it answers a close
        .handshakeTimeoutMillis(10_000)
        .decoderConfig(WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(config.hardFrameLimit())
            .allowMaskMismatch(false)
            .allowExtensions(false)
            .withUTF8Validator(false) // RelayCore checks UTF-8 as it reads each frame (Utf8Check)
            .build())
        .build()));
    if (ownPort) {
      p.addLast(httpPaths);
    }
    p.addLast(new WebSocketFrameAggregator(config.hardFrameLimit()));
    p.addLast(core.newConnection());
  }

  /**
   * A connection past a cap: its upgrade request is answered with the refusal's status and
   * {@code Retry-After}, then it is closed; one that sends no request is closed after the read
   * timeout. Counted and logged once per interval.
   */
  private void refuseConnection(ChannelPipeline p, String address, ConnectionLimiter.Refusal refusal) {
    connectionRefusals.computeIfAbsent(refusal.limit(), limit -> RefusalLog.create(
            log, limit, config.clock(), config.limits().refusalLogInterval(), config.limits().metrics()))
        .refused(address, refusal.counts());
    p.addLast(new ReadTimeoutHandler(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS));
    p.addLast(new HttpServerCodec(4096, 16 * 1024, 8192));
    p.addLast(new HttpObjectAggregator(16 * 1024));
    p.addLast(new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        io.netty.util.ReferenceCountUtil.release(msg);
        byte[] body = ("connection refused: " + refusal.counts() + "\n").getBytes(StandardCharsets.UTF_8);
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(refusal.status()), Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        response.headers().set(HttpHeaderNames.RETRY_AFTER, 5);
        response.headers().set(HttpHeaderNames.CONNECTION, "close");
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
      }
    });
  }

  private void onBound(URI uri, EventLoopGroup group) {
    core.bound(uri, group);
    long sweepMillis = Math.max(10, Math.min(1000,
        Math.min(config.queueTtl().toMillis(), config.ackTimeout().toMillis()) / 4));
    synchronized (this) {
      sweeper = group.next().scheduleAtFixedRate(this::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }
    log.info("relay listening on {}", uri);
    started.complete(uri);
  }

  private void sweep() {
    try {
      core.sweep();
    } catch (RuntimeException e) {
      log.error("relay queue sweep failed", e);
    }
  }

  /**
   * This relay, to be served on an HTTP server's port instead of its own.
   *
   * @throws IllegalStateException if it was started on its own port
   */
  public synchronized WebSocketMount mount() {
    if (startCalled) {
      throw new IllegalStateException("relay already started on its own port");
    }
    mounted = true;
    return this;
  }

  @Override
  public String path() {
    return config.path();
  }

  @Override
  public void takeOver(ChannelPipeline p) {
    int high = config.writeBufferHighWaterMark();
    p.channel().config().setWriteBufferWaterMark(new WriteBufferWaterMark(high / 2, high));
    SlowReadGuard slowReads = new SlowReadGuard(config.readTimeout().toMillis());
    p.addFirst(slowReads.bytes());
    p.addAfter("codec", "relay-units", slowReads.units());
    addWebSocketHandlers(p, false);
  }

  @Override
  public void bound(URI httpBase, EventLoopGroup group) {
    core.remote().start().whenComplete((v, error) -> {
      if (error != null) {
        started.completeExceptionally(error instanceof TransportException t ? t : new TransportException(
            TransportError.SERVICE_UNAVAILABLE, "cluster: cannot start", error));
      } else {
        onBound(URI.create("ws://" + httpBase.getRawAuthority() + config.path()), group);
      }
    });
  }

  @Override
  public void failed(Throwable cause) {
    started.completeExceptionally(new TransportException(
        TransportError.SERVICE_UNAVAILABLE, "bind: the HTTP server serving the relay could not bind", cause));
  }

  @Override
  public CompletableFuture<Void> shutdown() {
    synchronized (this) {
      if (stopped) {
        return CompletableFuture.completedFuture(null);
      }
      stopped = true;
      if (sweeper != null) {
        sweeper.cancel(false);
      }
    }
    return core.shutdown().whenComplete((v, e) -> {
      core.closeStoreCalls();
      core.remote().close();
      log.info("relay stopped");
    });
  }

  public synchronized URI uri() {
    if (!started.isDone() || started.isCompletedExceptionally()) {
      throw new IllegalStateException("relay not started");
    }
    return started.join();
  }

  public int queuedFrames() {
    return core.queuedFrames();
  }

  public int connectionCount() {
    return core.connections().size();
  }

  /**
   * Stops accepting, reports queued frames as 504 to connected senders, closes every connection
   * with a close frame after what was already written, and stops the threads it owns.
   */
  public void shutdown(Duration timeout) {
    Channel server;
    synchronized (this) {
      server = serverChannel;
    }
    if (server != null) {
      server.close().awaitUninterruptibly(timeout.toMillis());
    }
    try {
      shutdown().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      log.debug("relay connections did not all close in time");
    }
    if (!started.isDone()) {
      started.completeExceptionally(new IllegalStateException("relay shut down before it started"));
    }
    shutdownGroups(timeout);
  }

  private void shutdownGroups(Duration timeout) {
    EventLoopGroup b;
    EventLoopGroup w;
    synchronized (this) {
      b = boss;
      w = workers;
    }
    if (b == null) {
      return; // mounted, or never started: the threads are the HTTP server's, or none
    }
    long quiet = Math.min(100, timeout.toMillis());
    b.shutdownGracefully(0, quiet, TimeUnit.MILLISECONDS);
    w.shutdownGracefully(0, Math.max(quiet, 1), TimeUnit.MILLISECONDS).awaitUninterruptibly(timeout.toMillis() + 1000);
  }

  /**
   * Answers plain HTTP requests for other paths (the upgrade handler passes them on): {@code GET
   * /metrics} with the Prometheus text if exposed, anything else with 404.
   */
  @ChannelHandler.Sharable
  private static final class HttpPaths extends ChannelInboundHandlerAdapter {
    private final MetricsRegistry metrics;

    HttpPaths(MetricsRegistry metrics) {
      this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof FullHttpRequest request) {
        boolean serveMetrics = metrics != null && HttpMethod.GET.equals(request.method())
            && new QueryStringDecoder(request.uri()).path().equals("/metrics");
        request.release();
        DefaultFullHttpResponse response;
        if (serveMetrics) {
          byte[] body = PrometheusText.render(metrics).getBytes(StandardCharsets.UTF_8);
          response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
          response.headers().set(HttpHeaderNames.CONTENT_TYPE, PrometheusText.CONTENT_TYPE);
          response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        } else {
          response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND, Unpooled.EMPTY_BUFFER);
          response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      } else {
        ctx.fireChannelRead(msg);
      }
    }
  }
}
