package org.anp.transport.internal.messenger;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.ConnectException;
import java.net.URI;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.spi.MessageTransport;

/**
 * The built-in {@link MessageTransport}: a Netty WebSocket client ({@code ws://} or
 * {@code wss://} with the JDK's default trust store) on one event-loop thread of its own, or on a
 * shared event-loop group. Frames
 * are text frames; fragmented frames are joined up to the frame limit, and a larger frame closes
 * the connection. Thread-safe.
 */
public final class NettyWebSocketTransport implements MessageTransport {
  private final URI uri;
  private final Duration connectTimeout;
  private final int maxFrameBytes;
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  /** Open channels, closed by {@link #close()} when the group is shared. */
  private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Optional<SslContext> ssl;
  private final boolean secure;

  public NettyWebSocketTransport(URI uri, Duration connectTimeout, int maxFrameBytes) {
    this(uri, connectTimeout, maxFrameBytes, Optional.empty());
  }

  /**
   * A transport on {@code group} if given (shared with other transports, left running by
   * {@link #close()}), else on an event-loop thread of its own.
   */
  public NettyWebSocketTransport(URI uri, Duration connectTimeout, int maxFrameBytes, Optional<EventLoopGroup> group) {
    this.uri = uri;
    this.connectTimeout = connectTimeout;
    this.maxFrameBytes = maxFrameBytes;
    this.secure = "wss".equals(uri.getScheme().toLowerCase(Locale.ROOT));
    try {
      this.ssl = secure ? Optional.of(SslContextBuilder.forClient().build()) : Optional.empty();
    } catch (SSLException e) {
      throw new IllegalStateException("the JDK's TLS client is not available", e);
    }
    this.ownsGroup = group.isEmpty();
    this.group = group.orElseGet(
        () -> new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("anp-ws-client", true), NioIoHandler.newFactory()));
  }

  private int port() {
    return uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
  }

  @Override
  public CompletableFuture<Connection> connect(Listener listener) {
    CompletableFuture<Connection> opened = new CompletableFuture<>();
    if (closed.get() || group.isShuttingDown()) {
      opened.completeExceptionally(new TransportException(TransportError.SERVICE_UNAVAILABLE, "transport: closed"));
      return opened;
    }
    String host = uri.getHost();
    int port = port();
    WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
        .webSocketUri(uri)
        .version(WebSocketVersion.V13)
        .maxFramePayloadLength(maxFrameBytes)
        .handshakeTimeoutMillis(connectTimeout.toMillis())
        .handleCloseFrames(true)
        .dropPongFrames(true)
        .withUTF8Validator(false) // the messenger's frame parser checks UTF-8 strictly
        .build();
    Bootstrap bootstrap = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            channels.add(ch);
            ch.closeFuture().addListener(f -> channels.remove(ch));
            ChannelPipeline p = ch.pipeline();
            ssl.ifPresent(ctx -> p.addLast(ctx.newHandler(ch.alloc(), host, port)));
            p.addLast(new HttpClientCodec());
            p.addLast(new HttpObjectAggregator(64 * 1024));
            p.addLast(new WebSocketClientProtocolHandler(config));
            p.addLast(new WebSocketFrameAggregator(maxFrameBytes));
            p.addLast(new FrameHandler(uri, listener, opened));
          }
        });
    ChannelFuture connecting = bootstrap.connect(host, port);
    connecting.addListener(f -> {
      if (!f.isSuccess()) {
        opened.completeExceptionally(unreachable(uri, f.cause()));
      }
    });
    return opened;
  }

  @Override
  public void close() {
    if (ownsGroup) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    } else {
      closed.set(true);
      channels.forEach(Channel::close);
    }
  }

  /** The failure of a connection attempt that never reached the server. */
  private static TransportException unreachable(URI uri, Throwable cause) {
    String why = cause instanceof ConnectTimeoutException ? "no answer to the connection attempt"
        : cause instanceof ConnectException ? "connection refused"
        : cause instanceof UnresolvedAddressException ? "unknown host " + uri.getHost()
        : String.valueOf(cause.getMessage());
    return new TransportException(TransportError.RELAY_UNREACHABLE, "relay " + uri + ": cannot connect: " + why, cause);
  }

  /** The failure of a connection whose server did not complete the WebSocket upgrade. */
  private static TransportException notARelay(URI uri, String why, Throwable cause) {
    return new TransportException(TransportError.NOT_A_RELAY, "relay " + uri + ": not a WebSocket endpoint: " + why, cause);
  }

  /** Reads frames, reports the handshake and the end of the connection. */
  private static final class FrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final URI uri;
    private final Listener listener;
    private final CompletableFuture<Connection> opened;
    private final AtomicBoolean reported = new AtomicBoolean();
    private String closeReason = "closed by the relay";

    FrameHandler(URI uri, Listener listener, CompletableFuture<Connection> opened) {
      this.uri = uri;
      this.listener = listener;
      this.opened = opened;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof TextWebSocketFrame text) {
        listener.onFrame(ByteBufUtil.getBytes(text.content()));
      } else {
        closeReason = "unexpected " + frame.getClass().getSimpleName();
        ctx.close();
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        if (!opened.complete(new ChannelConnection(ctx.channel()))) {
          ctx.close();
        }
      } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
        opened.completeExceptionally(notARelay(uri, "the WebSocket upgrade was not answered in time", null));
        ctx.close();
      }
      super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      closeReason = cause.toString();
      if (!opened.isDone()) {
        // Netty reports an upgrade answered with anything but 101 as a handshake exception,
        // whose message names the HTTP status ("Invalid handshake response getStatus: 404 ...").
        opened.completeExceptionally(cause instanceof WebSocketClientHandshakeException
            ? notARelay(uri, "the server answered the upgrade with " + httpStatus(cause.getMessage()), cause)
            : new TransportException(TransportError.RELAY_UNREACHABLE, "relay " + uri + ": " + cause.getMessage(), cause));
      }
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (!opened.isDone()) {
        opened.completeExceptionally(notARelay(uri, "the server closed the connection during the upgrade", null));
      } else if (!opened.isCompletedExceptionally() && reported.compareAndSet(false, true)) {
        listener.onClosed(closeReason);
      }
      super.channelInactive(ctx);
    }
  }

  /** "HTTP 404 Not Found" from Netty's message, or the message itself if it names no status. */
  private static String httpStatus(String message) {
    String text = String.valueOf(message);
    int at = text.indexOf("getStatus: ");
    return at < 0 ? text : "HTTP " + text.substring(at + "getStatus: ".length()).trim();
  }

  /**
   * An upgraded channel. Frames sent from other threads are queued and written by one task on
   * the channel's event loop with a single flush: a burst costs one wake-up of the loop and one
   * socket write instead of one of each per frame.
   */
  private static final class ChannelConnection implements Connection {
    /** How long {@link #close()} waits for the relay to answer the close frame. */
    private static final long CLOSE_WAIT_MILLIS = 1_000;
    private final Channel channel;
    private final Queue<Outbound> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    ChannelConnection(Channel channel) {
      this.channel = channel;
    }

    @Override
    public CompletableFuture<Void> send(byte[] utf8Frame) {
      CompletableFuture<Void> written = new CompletableFuture<>();
      if (!channel.isActive()) {
        written.completeExceptionally(closedError());
        return written;
      }
      queue.add(new Outbound(utf8Frame, written));
      if (drainScheduled.compareAndSet(false, true)) {
        try {
          channel.eventLoop().execute(this::drain);
        } catch (RejectedExecutionException e) {
          Outbound o;
          while ((o = queue.poll()) != null) {
            o.written().completeExceptionally(closedError());
          }
        }
      }
      return written;
    }

    private void drain() {
      drainScheduled.set(false);
      Outbound o;
      boolean wrote = false;
      while ((o = queue.poll()) != null) {
        if (!channel.isActive()) {
          o.written().completeExceptionally(closedError());
          continue;
        }
        CompletableFuture<Void> written = o.written();
        channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(o.frame()))).addListener(f -> {
          if (f.isSuccess()) {
            written.complete(null);
          } else {
            written.completeExceptionally(new TransportException(TransportError.SERVICE_UNAVAILABLE,
                "relay: write failed: " + f.cause().getMessage(), f.cause()));
          }
        });
        wrote = true;
      }
      if (wrote) {
        channel.flush();
      }
    }

    private static TransportException closedError() {
      return new TransportException(TransportError.SERVICE_UNAVAILABLE, "relay: connection closed");
    }

    /**
     * Closes with a WebSocket close frame, after the frames already queued. The relay unbinds our
     * DIDs before it answers a close frame, so when this returns (answer received, or after
     * {@link #CLOSE_WAIT_MILLIS}) frames for us are queued there rather than pushed to a dying
     * socket and reported delivered. Waits only when called off the event loop.
     */
    @Override
    public void close() {
      if (!channel.isActive()) {
        channel.close();
        return;
      }
      if (channel.eventLoop().inEventLoop()) {
        drain();
        channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
            .addListener(ChannelFutureListener.CLOSE);
        return;
      }
      try {
        channel.eventLoop().execute(() -> {
          drain();
          channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
        });
      } catch (RejectedExecutionException e) {
        channel.close();
        return;
      }
      channel.closeFuture().awaitUninterruptibly(CLOSE_WAIT_MILLIS);
      channel.close();
    }

    /** A frame waiting for the event loop, and the future its write completes. */
    private record Outbound(byte[] frame, CompletableFuture<Void> written) {}
  }
}
