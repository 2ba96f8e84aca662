package org.anp.transport.internal.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts off peers that trickle bytes (slowloris): once the first byte of the upgrade request, or
 * of a WebSocket message (all its fragments), has been read, the whole of it must be decoded
 * within the read timeout, or the connection is closed. The idle timeout cannot catch this, as
 * every byte counts as activity; the size limits cannot either, as they are never reached.
 *
 * <p>Two handlers share the state: {@link #bytes()} sits first in the pipeline and notes when
 * bytes arrive while nothing is being decoded; {@link #units()} sits right behind the HTTP codec
 * (after the upgrade, behind the WebSocket decoder that replaces it) and clears the mark for each
 * whole request or message. Time spent with reading switched off by the relay itself (its own
 * backpressure) does not count against the peer. Confined to the channel's event loop.
 */
final class SlowReadGuard {
  private static final Logger log = LoggerFactory.getLogger(SlowReadGuard.class);

  private final long timeoutNanos;
  /** When bytes of an unfinished unit first arrived; -1 when nothing is pending. */
  private long pendingSince = -1;
  /** Inside a fragmented WebSocket message: control frames in between do not finish it. */
  private boolean fragmented;
  private ScheduledFuture<?> check;

  SlowReadGuard(long timeoutMillis) {
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
  }

  /** The handler for the head of the pipeline, before any decoder. */
  ChannelInboundHandlerAdapter bytes() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (pendingSince < 0 && msg instanceof ByteBuf buf && buf.isReadable()) {
          pendingSince = System.nanoTime();
          arm(ctx, timeoutNanos);
        }
        ctx.fireChannelRead(msg);
      }
    };
  }

  /** The handler for the position right behind the HTTP codec. */
  ChannelInboundHandlerAdapter units() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof LastHttpContent) {
          pendingSince = -1;
        } else if (msg instanceof WebSocketFrame frame) {
          if (!isControl(frame)) {
            fragmented = !frame.isFinalFragment();
          }
          if (!fragmented) {
            pendingSince = -1;
          }
        }
        ctx.fireChannelRead(msg);
      }
    };
  }

  private static boolean isControl(WebSocketFrame frame) {
    return !(frame instanceof ContinuationWebSocketFrame)
        && !(frame instanceof TextWebSocketFrame)
        && !(frame instanceof BinaryWebSocketFrame);
  }

  private void arm(ChannelHandlerContext ctx, long delayNanos) {
    if (check == null) {
      check = ctx.executor().schedule(() -> expire(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void expire(ChannelHandlerContext ctx) {
    check = null;
    if (pendingSince < 0 || !ctx.channel().isActive()) {
      return;
    }
    long now = System.nanoTime();
    if (!ctx.channel().config().isAutoRead()) {
      // The relay stopped reading (its own backpressure): the peer gets a full period afresh.
      pendingSince = now;
      arm(ctx, timeoutNanos);
      return;
    }
    long waited = now - pendingSince;
    if (waited >= timeoutNanos) {
      log.debug("closing {}: a request or frame took longer than {} ms to arrive",
          ctx.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
      ctx.close();
    } else {
      arm(ctx, timeoutNanos - waited);
    }
  }
}
