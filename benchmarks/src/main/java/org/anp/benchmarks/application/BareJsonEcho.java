package org.anp.benchmarks.application;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline of the call benchmarks: the least a JSON-RPC-over-HTTP server can do. A Netty
 * HTTP/1.1 server (same Netty version and event-loop threads as the project's server) parses
 * each POSTed body with Jackson and answers {@code {"jsonrpc":"2.0","id":<id>,"result":<params>}}
 * on its event loop: no authentication, no routing, no method binding, no limits. Its client
 * ({@link #call}) is the JDK HTTP client (HTTP/1.1) with Jackson, as our client is: it writes the
 * same request, reads the response and converts the result to {@link EchoService.Echo}.
 */
final class BareJsonEcho implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventLoopGroup boss =
      new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("bare-echo-accept", true), NioIoHandler.newFactory());
  private final EventLoopGroup workers =
      new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("bare-echo-io", true), NioIoHandler.newFactory());
  private final HttpClient http = AnpCallRig.http();
  private final AtomicLong ids = new AtomicLong();
  private final Channel server;
  private final URI url;

  BareJsonEcho() {
    server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec());
            ch.pipeline().addLast(new HttpObjectAggregator(1 << 20));
            ch.pipeline().addLast(new Echo());
          }
        })
        .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    url = URI.create("http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/rpc");
  }

  /** Sends the benchmark's request and returns the converted result. */
  CompletableFuture<EchoService.Echo> call() {
    ObjectNode request = JSON.createObjectNode();
    request.put("jsonrpc", "2.0");
    long id = ids.incrementAndGet();
    request.put("id", id);
    request.put("method", Payload.METHOD);
    request.set("params", JSON.valueToTree(Payload.PARAMS));
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(request);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    HttpRequest post = HttpRequest.newBuilder(url)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    return http.sendAsync(post, HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
      try {
        JsonNode response = JSON.readTree(r.body());
        if (r.statusCode() != 200 || response.path("id").asLong() != id) {
          throw new IllegalStateException("not the answer: " + r.statusCode());
        }
        return JSON.treeToValue(response.get("result"), EchoService.Echo.class);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Override
  public void close() {
    server.close().awaitUninterruptibly(5_000);
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  /** Parses the request and answers its params as the result. */
  private static final class Echo extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws IOException {
      JsonNode in = JSON.readTree((java.io.InputStream) new ByteBufInputStream(request.content()));
      ObjectNode out = JSON.createObjectNode();
      out.put("jsonrpc", "2.0");
      out.set("id", in.get("id"));
      out.set("result", in.get("params"));
      FullHttpResponse response = new DefaultFullHttpResponse(
          HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(JSON.writeValueAsBytes(out)));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
      HttpUtil.setContentLength(response, response.content().readableBytes());
      if (HttpUtil.isKeepAlive(request)) {
        ctx.writeAndFlush(response);
      } else {
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }
}
