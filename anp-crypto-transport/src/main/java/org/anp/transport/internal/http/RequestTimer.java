package org.anp.transport.internal.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.anp.transport.TransportError;

/**
 * Sits in front of the HTTP codec and bounds how long a client may take to send one whole
 * request: the clock starts at the first byte and stops when the dispatcher has the complete
 * request. A slow client (slowloris, a stalled body) gets 408 and the connection is closed. One
 * instance per channel; used only on its event loop.
 */
final class RequestTimer extends ChannelDuplexHandler {
  private final long timeoutNanos;
  private ChannelHandlerContext context;
  private ScheduledFuture<?> pending;

  RequestTimer(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.context = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (pending == null && msg instanceof ByteBuf buf && buf.isReadable()) {
      pending = ctx.executor().schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
    }
    ctx.fireChannelRead(msg);
  }

  /** The dispatcher has a complete request; the next byte starts a new clock. */
  void requestComplete() {
    cancel();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  private void expire() {
    pending = null;
    if (context.channel().isActive()) {
      RawResponses.rawErrorAndClose(
          context, TransportError.REQUEST_TIMEOUT, "REQUEST_TIMEOUT: request not received in time");
    }
  }

  private void cancel() {
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
  }
}
