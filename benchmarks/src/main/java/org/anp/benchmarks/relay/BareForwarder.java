package org.anp.benchmarks.relay;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * The baseline of the relay benchmarks: the least a WebSocket hop can do. Connections are paired
 * in the order they are accepted (first with second, third with fourth, ...), and every text
 * frame from one is written as it is to its partner. No parsing, no status, no limits. Same Netty
 * version, transport and thread counts as the relay. Thread-safe.
 */
final class BareForwarder implements AutoCloseable {
  private static final AttributeKey<Channel> PARTNER = AttributeKey.valueOf("anp.bench.partner");

  private final EventLoopGroup boss =
      new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("bare-accept", true), NioIoHandler.newFactory());
  private final EventLoopGroup workers =
      new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("bare-io", true), NioIoHandler.newFactory());
  private Channel waiting;
  private Channel server;

  /** Binds to a free loopback port; returns the WebSocket URL. */
  URI start() {
    server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            pair(ch);
            ch.pipeline().addLast(new HttpServerCodec());
            ch.pipeline().addLast(new HttpObjectAggregator(16 * 1024));
            ch.pipeline().addLast(new WebSocketServerProtocolHandler("/ws", null, false, 4 << 20));
            ch.pipeline().addLast(new SimpleChannelInboundHandler<TextWebSocketFrame>(false) {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                Channel partner = ctx.channel().attr(PARTNER).get();
                if (partner == null) {
                  frame.release();
                } else {
                  partner.writeAndFlush(frame, partner.voidPromise());
                }
              }
            });
          }
        })
        .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    return URI.create("ws://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/ws");
  }

  private synchronized void pair(Channel ch) {
    if (waiting == null) {
      waiting = ch;
    } else {
      waiting.attr(PARTNER).set(ch);
      ch.attr(PARTNER).set(waiting);
      waiting = null;
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().awaitUninterruptibly(5_000);
    }
    boss.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
    workers.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).awaitUninterruptibly(5_000);
  }
}
