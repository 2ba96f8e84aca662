package org.anp.transport.internal.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import org.anp.transport.TransportError;

/**
 * Aggregates a request into one message of at most {@code maxRequestBytes} body bytes; a longer
 * body (announced by {@code Content-Length} or found while streaming) is answered with a JSON 413
 * and the connection is closed, so the rest of the body is never read.
 */
final class LimitedAggregator extends HttpObjectAggregator {
  private final int maxRequestBytes;

  LimitedAggregator(int maxRequestBytes) {
    super(maxRequestBytes);
    this.maxRequestBytes = maxRequestBytes;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    RawResponses.errorAndClose(
        ctx,
        TransportError.MESSAGE_TOO_LARGE,
        "MESSAGE_TOO_LARGE: body: longer than " + maxRequestBytes + " bytes");
  }
}
