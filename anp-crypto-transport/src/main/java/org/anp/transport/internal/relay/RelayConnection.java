package org.anp.transport.internal.relay;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client (or peer relay) WebSocket connection: reads text frames and hands them to the
 * {@link RelayCore} one at a time, in order. While a frame waits for a DID resolution, or while
 * the connection's own outbound buffer is full, reading stops (autoRead off), so a connection
 * can neither reorder its frames nor make the relay buffer without bound. Inbound state is
 * confined to the channel's event loop; what the relay knows of the connection (routers,
 * unacknowledged frames) is kept by the core's {@link RoutingTable} and
 * {@link AcknowledgementLedger}.
 */
final class RelayConnection extends SimpleChannelInboundHandler<WebSocketFrame> {
  private static final Logger log = LoggerFactory.getLogger(RelayConnection.class);
  /** Frames decoded from one read batch that may wait behind a busy frame. */
  private static final int MAX_PENDING = 1024;

  final String id;
  private final RelayCore core;
  private final TokenBucket bucket;
  private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
  /** Bytes of tracked frames submitted to the event loop and not yet handed to the channel. */
  private final AtomicLong queuedBytes = new AtomicLong();
  /** Tracked frames submitted to the event loop and not yet handed to the channel. */
  private final AtomicInteger queuedFrames = new AtomicInteger();
  private Channel channel;
  private boolean busy;
  private boolean upgraded;

  RelayConnection(String id, RelayCore core, TokenBucket bucket) {
    super(false);
    this.id = id;
    this.core = core;
    this.bucket = bucket;
  }

  TokenBucket bucket() {
    return bucket;
  }

  boolean isActive() {
    return channel != null && channel.isActive();
  }

  /**
   * Active, below the write buffer's high water mark, and with less than that many bytes of
   * tracked frames still waiting in the event loop's task queue (Netty does not count those).
   */
  boolean isWritable() {
    return channel != null && channel.isActive() && channel.isWritable()
        && queuedBytes.get() < core.config().writeBufferHighWaterMark();
  }

  /** Runs {@code task} on this connection's event loop. */
  void execute(Runnable task) {
    channel.eventLoop().execute(task);
  }

  String remoteAddress() {
    return String.valueOf(channel.remoteAddress());
  }

  /** The peer's IP address without the port: the subject of per-address quotas. */
  String remoteHost() {
    Channel ch = channel;
    if (ch != null && ch.remoteAddress() instanceof java.net.InetSocketAddress a && a.getAddress() != null) {
      return a.getAddress().getHostAddress();
    }
    return "unknown";
  }

  /** Writes one text frame; safe from any thread. */
  void send(byte[] frame) {
    Channel ch = channel;
    if (ch != null && ch.isActive()) {
      ch.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)), ch.voidPromise());
    }
  }

  /**
   * Writes one text frame after every tracked frame sent before it; the future tells whether it
   * reached the socket (false if the connection closed first). Safe from any thread.
   */
  CompletableFuture<Boolean> sendTracked(byte[] frame) {
    CompletableFuture<Boolean> written = new CompletableFuture<>();
    Channel ch = channel;
    if (ch == null || !ch.isActive()) {
      written.complete(false);
      return written;
    }
    // Tracked frames reach the socket in the order they were pushed, which cumulative
    // acknowledgements rely on: through the event loop's task queue, or at once when the caller
    // is on the loop and no tracked frame waits in the queue (everything pushed before is then
    // in the channel already), which saves the hop of a task on the path of every frame.
    if (ch.eventLoop().inEventLoop() && queuedFrames.get() == 0) {
      ch.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)))
          .addListener((ChannelFutureListener) f -> written.complete(f.isSuccess()));
      return written;
    }
    long high = core.config().writeBufferHighWaterMark();
    queuedBytes.addAndGet(frame.length);
    queuedFrames.incrementAndGet();
    try {
      ch.eventLoop().execute(() -> {
        long left = queuedBytes.addAndGet(-frame.length);
        ch.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)))
            .addListener((ChannelFutureListener) f -> written.complete(f.isSuccess()));
        queuedFrames.decrementAndGet();
        if (left < high && left + frame.length >= high && ch.isWritable()) {
          core.writable(this); // room again that no writability event will announce
        }
      });
    } catch (RejectedExecutionException e) { // the relay is stopping
      queuedBytes.addAndGet(-frame.length);
      queuedFrames.decrementAndGet();
      written.complete(false);
    }
    return written;
  }

  /** Sends a close frame with {@code status} and closes; safe from any thread. */
  CompletableFuture<Void> close(WebSocketCloseStatus status) {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    Channel ch = channel;
    if (ch == null || !ch.isActive()) {
      closed.complete(null);
      return closed;
    }
    ch.closeFuture().addListener(f -> closed.complete(null));
    ch.writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
    return closed;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
      upgraded = true;
      core.connected(this);
      // Frames wait until a header authentication, if any, has bound the caller's DID.
      waitFor(core.authenticate(this, handshake.requestUri(), handshake.requestHeaders()));
    } else if (evt instanceof IdleStateEvent) {
      log.debug("closing idle connection {}", id);
      close(WebSocketCloseStatus.NORMAL_CLOSURE);
    } else {
      super.userEventTriggered(ctx, evt);
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    try {
      if (frame instanceof TextWebSocketFrame text) {
        byte[] bytes = ByteBufUtil.getBytes(text.content());
        if (pending.size() >= MAX_PENDING) {
          log.debug("connection {} exceeded its pending frame bound; closing", id);
          close(WebSocketCloseStatus.POLICY_VIOLATION);
          return;
        }
        pending.add(bytes);
        drain();
      } else if (frame instanceof CloseWebSocketFrame close) {
        // Unbind before answering, so nothing more is pushed into a closing connection.
        core.disconnected(this);
        ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode() == -1 ? 1000 : close.statusCode(), ""))
            .addListener(ChannelFutureListener.CLOSE);
      } else if (frame instanceof BinaryWebSocketFrame) {
        core.rejectUnparsed(this, 400, "frame: binary frames are not accepted; send JSON text");
      }
    } finally {
      frame.release();
    }
  }

  private void drain() {
    while (!busy && !pending.isEmpty()) {
      try {
        waitFor(core.handle(this, pending.poll()));
      } catch (RuntimeException e) {
        log.error("relay bug while handling a frame on {}", id, e);
      }
    }
  }

  /** Stops reading and handling until {@code step} completes. */
  private void waitFor(CompletableFuture<Void> step) {
    if (!step.isDone()) {
      busy = true;
      updateAutoRead();
      step.whenComplete((v, e) -> channel.eventLoop().execute(this::resume));
    }
  }

  private void resume() {
    busy = false;
    updateAutoRead();
    drain();
  }

  private void updateAutoRead() {
    channel.config().setAutoRead(!busy && channel.isWritable());
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    updateAutoRead();
    if (channel.isWritable()) {
      core.writable(this);
    } else {
      // Slow-consumer policy: a connection that stays unwritable for the idle timeout is closed,
      // so frames stuck in its buffer fail and are queued again or reported.
      long millis = core.config().idleTimeout().toMillis();
      ctx.executor().schedule(() -> {
        if (channel.isActive() && !channel.isWritable()) {
          log.debug("closing connection {}: not reading", id);
          ctx.close();
        }
      }, millis, TimeUnit.MILLISECONDS);
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    pending.clear();
    if (upgraded) {
      core.disconnected(this);
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof CorruptedWebSocketFrameException corrupted) {
      // The decoder has already sent the close frame RFC 6455 gives (1002, or 1009 past the
      // hard cap) and closes after it; nothing may follow a close frame.
      log.debug("connection {}: WebSocket protocol error {}: {}", id, corrupted.closeStatus(), cause.getMessage());
    } else if (cause instanceof TooLongFrameException) {
      // A fragmented message past the hard cap: nothing of it is kept.
      close(WebSocketCloseStatus.MESSAGE_TOO_BIG);
    } else {
      log.debug("connection {} failed: {}", id, cause.toString());
      ctx.close();
    }
  }

  @Override
  public String toString() {
    return "RelayConnection[" + id + "]";
  }
}
