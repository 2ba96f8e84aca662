package org.anp.transport.internal.relay;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.anp.transport.TransportException;
import org.anp.transport.e2e.ErrorResponse;
import org.anp.transport.internal.e2e.Frames;
import org.anp.transport.relay.HeartbeatFrame;
import org.anp.transport.relay.RegisterFrame;
import org.anp.transport.relay.RelayFrame;
import org.anp.transport.relay.RelayFrames;
import org.anp.transport.relay.RoutedFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An outbound relay-to-relay WebSocket (spec/e2e-transport.md 10.5, decision 0004): connects to
 * a peer relay's endpoint, registers the relay's own DID with a signed router entry, then sends
 * frames whose destination the peer serves. The peer answers each forwarded frame with a status
 * {@code response} on this connection, which is passed to the original sender. Frames wait
 * (bounded) until the registration is accepted; if the link fails they are answered 404, and
 * frames sent without a final status 504. Thread-safe.
 */
final class RelayLink extends SimpleChannelInboundHandler<WebSocketFrame> {
  private static final Logger log = LoggerFactory.getLogger(RelayLink.class);
  private static final int MAX_WAITING = 1024;
  private static final int MAX_IN_FLIGHT = 100_000;

  private enum State { CONNECTING, REGISTERING, READY, CLOSED }

  private record Waiting(RelayConnection origin, FrameInfo info, byte[] bytes) {}

  private final URI endpoint;
  private final String endpointKey;
  private final RelayCore core;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private final Map<String, Waiting> inFlight = new LinkedHashMap<>();
  private State state = State.CONNECTING;
  private Channel channel;
  private String registerId = "";

  private RelayLink(URI endpoint, String endpointKey, RelayCore core) {
    this.endpoint = endpoint;
    this.endpointKey = endpointKey;
    this.core = core;
  }

  static RelayLink open(URI endpoint, RelayCore core, EventLoopGroup group) {
    RelayLink link = new RelayLink(endpoint, RelayCore.normalize(endpoint.toString()).orElseThrow(), core);
    RelayConfig config = core.config();
    boolean tls = endpoint.getScheme().equalsIgnoreCase("wss");
    int port = endpoint.getPort() != -1 ? endpoint.getPort() : tls ? 443 : 80;
    SslContext ssl;
    try {
      ssl = tls ? SslContextBuilder.forClient().build() : null;
    } catch (SSLException e) {
      link.closed();
      return link;
    }
    long idle = Math.max(1, config.idleTimeout().toMillis() / 3);
    Bootstrap bootstrap = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ChannelPipeline p = ch.pipeline();
            if (ssl != null) {
              p.addLast(ssl.newHandler(ch.alloc(), endpoint.getHost(), port));
            }
            p.addLast(new HttpClientCodec());
            p.addLast(new HttpObjectAggregator(64 * 1024));
            p.addLast(new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(endpoint)
                .maxFramePayloadLength(config.hardFrameLimit())
                .handshakeTimeoutMillis(10_000)
                .build()));
            p.addLast(new WebSocketFrameAggregator(config.hardFrameLimit()));
            p.addLast(new IdleStateHandler(0, idle, 0, TimeUnit.MILLISECONDS));
            p.addLast(link);
          }
        });
    bootstrap.connect(endpoint.getHost(), port).addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        log.debug("peer relay {} unreachable: {}", endpoint, f.cause().toString());
        link.closed();
      }
    });
    return link;
  }

  String endpointKey() {
    return endpointKey;
  }

  /** Sends a frame for {@code origin}, or holds it until the link is registered. */
  void send(RelayConnection origin, FrameInfo info, byte[] bytes) {
    Waiting w = new Waiting(origin, info, bytes);
    boolean refused = false;
    boolean full = false;
    synchronized (this) {
      switch (state) {
        case READY -> write(w);
        case CLOSED -> refused = true;
        default -> {
          if (waiting.size() >= MAX_WAITING) {
            full = true;
          } else {
            waiting.add(w);
          }
        }
      }
    }
    if (refused) {
      core.reject(origin, info, 404, "destinationDid: its relay " + endpoint + " is unreachable");
    } else if (full) {
      core.reject(origin, info, 503, "destinationDid: too many frames waiting for its relay");
    }
  }

  /** Holds this link's lock. */
  private void write(Waiting w) {
    if (!w.info().type().equals("response")) {
      inFlight.put(key(w.info().sourceDid().orElse(""), w.info().messageId().orElse("")), w);
      if (inFlight.size() > MAX_IN_FLIGHT) {
        inFlight.remove(inFlight.keySet().iterator().next());
      }
    }
    channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(w.bytes())), channel.voidPromise());
  }

  private static String key(String sourceDid, String messageId) {
    return sourceDid + "\n" + messageId;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    synchronized (this) {
      channel = ctx.channel();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
      RelayConfig.Identity me = core.config().identity().orElseThrow();
      String id = Frames.newId(core.config().random());
      RegisterFrame register = RegisterFrame.of(core.now(), id, List.of(
          RegisterFrame.signRouter(me.did(), me.verificationMethod(), me.key(), core.now(), core.config().random())));
      synchronized (this) {
        registerId = id;
        state = State.REGISTERING;
      }
      ctx.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(register.toJsonBytes())));
    } else if (evt instanceof IdleStateEvent) {
      ctx.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(
          HeartbeatFrame.ping(core.now(), Frames.newId(core.config().random())).toJsonBytes())));
    } else {
      super.userEventTriggered(ctx, evt);
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (!(frame instanceof TextWebSocketFrame text)) {
      return;
    }
    byte[] bytes = ByteBufUtil.getBytes(text.content());
    RelayFrame parsed;
    try {
      parsed = RelayFrames.parse(bytes, core.config().maxFrameBytes());
    } catch (TransportException e) {
      log.debug("peer relay {} sent a bad frame: {}", endpoint, e.getMessage());
      return;
    }
    if (!(parsed instanceof RoutedFrame routed) || !(routed.message() instanceof ErrorResponse response)) {
      return; // pongs; a link carries nothing else back
    }
    if (response.originalType().equals(RegisterFrame.TYPE)) {
      registered(response);
      return;
    }
    String sender = response.destinationDid().orElse("");
    Waiting w;
    synchronized (this) {
      String k = key(sender, response.originalMessageId().orElse(""));
      w = response.code() == 202 ? inFlight.get(k) : inFlight.remove(k);
    }
    Optional<RelayConnection> target = w != null && w.origin().isActive()
        ? Optional.of(w.origin()) : core.localConnection(sender);
    target.ifPresent(t -> t.send(bytes));
  }

  private void registered(ErrorResponse response) {
    List<Waiting> flush = new ArrayList<>();
    synchronized (this) {
      if (!response.originalMessageId().orElse("").equals(registerId) || state != State.REGISTERING) {
        return;
      }
      if (response.code() == 200) {
        state = State.READY;
        flush.addAll(waiting);
        waiting.clear();
        flush.forEach(this::write);
        return;
      }
    }
    log.warn("peer relay {} refused this relay's registration: {}", endpoint, response.code());
    close();
  }

  /** Closes the link; waiting and in-flight frames are reported to their senders. */
  void close() {
    Channel ch;
    synchronized (this) {
      ch = channel;
    }
    if (ch != null && ch.isActive()) {
      ch.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE)).addListener(ChannelFutureListener.CLOSE);
    } else {
      closed();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    closed();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("link to {} failed: {}", endpoint, cause.toString());
    ctx.close();
  }

  private void closed() {
    List<Waiting> unsent;
    List<Waiting> unanswered;
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      unsent = new ArrayList<>(waiting);
      unanswered = new ArrayList<>(inFlight.values());
      waiting.clear();
      inFlight.clear();
    }
    core.linkClosed(this);
    for (Waiting w : unsent) {
      core.reject(w.origin(), w.info(), 404, "destinationDid: its relay " + endpoint + " is unreachable");
    }
    for (Waiting w : unanswered) {
      core.status(w.origin(), w.info(), 504, "connection to the destination's relay lost before a final status");
    }
  }
}
