package org.anp.benchmarks.relay;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The client harness shared by the relay and the bare forwarder: one Netty WebSocket connection
 * that writes pre-encoded text frames and hands every received text frame's bytes to a callback
 * on its event loop (the buffer is released after the callback returns). Thread-safe.
 */
final class BenchClient implements AutoCloseable {
  private final Channel channel;

  private BenchClient(Channel channel) {
    this.channel = channel;
  }

  /**
   * Connects and upgrades; the future completes when the upgrade is done.
   *
   * @param localAddress the source address to bind (port 0), e.g. one of several 127.0.0.x
   */
  static CompletableFuture<BenchClient> connect(
      URI uri, EventLoopGroup group, Optional<String> localAddress, Consumer<ByteBuf> onText) {
    return connect(uri, group, localAddress, onText, () -> {});
  }

  /**
   * As {@link #connect(URI, EventLoopGroup, Optional, Consumer)}, and calls {@code onReadBatchEnd}
   * on the event loop after each batch of frames one socket read delivered.
   */
  static CompletableFuture<BenchClient> connect(URI uri, EventLoopGroup group, Optional<String> localAddress,
      Consumer<ByteBuf> onText, Runnable onReadBatchEnd) {
    CompletableFuture<BenchClient> upgraded = new CompletableFuture<>();
    Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpClientCodec());
            ch.pipeline().addLast(new HttpObjectAggregator(8192));
            ch.pipeline().addLast(new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .maxFramePayloadLength(4 << 20)
                .handshakeTimeoutMillis(30_000)
                .build()));
            ch.pipeline().addLast(new SimpleChannelInboundHandler<TextWebSocketFrame>() {
              @Override
              public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
                if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                  upgraded.complete(new BenchClient(ctx.channel()));
                } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                  upgraded.completeExceptionally(new IllegalStateException("upgrade timed out: " + uri));
                }
                super.userEventTriggered(ctx, evt);
              }

              @Override
              protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                onText.accept(frame.content());
              }

              @Override
              public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
                onReadBatchEnd.run();
                super.channelReadComplete(ctx);
              }

              @Override
              public void channelInactive(ChannelHandlerContext ctx) throws Exception {
                upgraded.completeExceptionally(new IllegalStateException("closed before the upgrade: " + uri));
                super.channelInactive(ctx);
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                upgraded.completeExceptionally(cause);
                ctx.close();
              }
            });
          }
        });
    InetSocketAddress remote = new InetSocketAddress(uri.getHost(), uri.getPort());
    ChannelFuture connecting = localAddress.isPresent()
        ? bootstrap.connect(remote, new InetSocketAddress(localAddress.get(), 0))
        : bootstrap.connect(remote);
    connecting.addListener(f -> {
      if (!f.isSuccess()) {
        upgraded.completeExceptionally(f.cause());
      }
    });
    return upgraded;
  }

  /** Writes one text frame with the readable bytes of {@code frame} (not consumed). */
  void send(ByteBuf frame) {
    channel.writeAndFlush(new TextWebSocketFrame(frame.retainedDuplicate()), channel.voidPromise());
  }

  boolean isOpen() {
    return channel.isActive();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly(5_000);
  }
}
