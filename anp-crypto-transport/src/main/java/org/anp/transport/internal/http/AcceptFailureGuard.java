package org.anp.transport.internal.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.anp.identity.limits.RefusalLog;

/**
 * Sits on a server channel, before Netty's acceptor: a failed accept (most often the process out
 * of file descriptors) is counted and logged once per interval through a {@link RefusalLog}
 * instead of a WARN with a stack trace per attempt, and accepting pauses for {@code pause} so the
 * loop does not spin on the error. Other exceptions go on down the pipeline.
 */
public final class AcceptFailureGuard extends ChannelInboundHandlerAdapter {
  private final RefusalLog refusals;
  private final Duration pause;

  /** A guard that reports through {@code refusals} and pauses accepting for {@code pause}. */
  public AcceptFailureGuard(RefusalLog refusals, Duration pause) {
    this.refusals = Objects.requireNonNull(refusals, "refusals");
    this.pause = Objects.requireNonNull(pause, "pause");
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof IOException)) {
      ctx.fireExceptionCaught(cause);
      return;
    }
    refusals.refused("accept", String.valueOf(cause.getMessage()) + "; accepting paused for " + pause.toMillis() + " ms");
    if (ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(false);
      ctx.channel().eventLoop().schedule(
          () -> ctx.channel().config().setAutoRead(true), pause.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
