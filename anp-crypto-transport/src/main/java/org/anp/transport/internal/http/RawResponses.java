package org.anp.transport.internal.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.anp.identity.ErrorCode;
import org.anp.transport.http.HttpResponse;

/** Writing responses to a channel. */
final class RawResponses {
  /**
   * The user event that tells the dispatcher a final error response is on its way: requests that
   * still arrive on the connection are dropped.
   */
  static final Object REFUSE_FURTHER_REQUESTS = new Object();

  /**
   * How long a connection whose output was shut down after a final error keeps draining input
   * before it is closed. Closing a socket with unread input makes the kernel send a reset that
   * can destroy the error response before the client reads it.
   */
  private static final long LINGER_MILLIS = 2000;

  private RawResponses() {}

  /** The Netty form of {@code response}; without body bytes (but with their length) for HEAD. */
  static FullHttpResponse toNetty(HttpResponse response, boolean head, boolean keepAlive) {
    byte[] body = response.body();
    ByteBuf content = head || body.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
    FullHttpResponse out =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()), content);
    for (Map.Entry<String, List<String>> e : response.headers().entrySet()) {
      out.headers().add(e.getKey(), e.getValue());
    }
    out.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    out.headers()
        .set(
            HttpHeaderNames.CONNECTION,
            keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    return out;
  }

  /** Writes a coded error through the HTTP codec and ends the connection gently. */
  static void errorAndClose(ChannelHandlerContext ctx, ErrorCode code, String message) {
    ctx.fireUserEventTriggered(REFUSE_FURTHER_REQUESTS);
    ctx.writeAndFlush(toNetty(ErrorResponses.body(code, message), false, false))
        .addListener(f -> closeGently(ctx.channel()));
  }

  /**
   * Sends FIN after the response, discards whatever the client still sends, and closes when the
   * client does or after {@link #LINGER_MILLIS}.
   */
  private static void closeGently(Channel channel) {
    if (channel instanceof SocketChannel socket && socket.isActive() && !socket.isOutputShutdown()) {
      socket
          .shutdownOutput()
          .addListener(
              f -> channel.eventLoop().schedule((Runnable) channel::close, LINGER_MILLIS, TimeUnit.MILLISECONDS));
    } else {
      channel.close();
    }
  }

  /**
   * Writes a coded error as raw HTTP/1.1 bytes (for handlers in front of the codec) and closes the
   * connection.
   */
  static void rawErrorAndClose(ChannelHandlerContext ctx, ErrorCode code, String message) {
    byte[] body = ErrorResponses.body(code, message).body();
    String head =
        "HTTP/1.1 " + code.httpStatus() + " " + HttpResponseStatus.valueOf(code.httpStatus()).reasonPhrase()
            + "\r\ncontent-type: application/json\r\ncontent-length: " + body.length
            + "\r\nconnection: close\r\n\r\n";
    ByteBuf buf = Unpooled.buffer(head.length() + body.length);
    buf.writeBytes(head.getBytes(StandardCharsets.US_ASCII)).writeBytes(body);
    ctx.fireUserEventTriggered(REFUSE_FURTHER_REQUESTS);
    ctx.writeAndFlush(buf).addListener(f -> closeGently(ctx.channel()));
  }
}
