package org.anp.transport.internal.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.http.HttpRequest;
import org.anp.transport.http.HttpResponse;

/**
 * The last handler of a connection: turns each complete request into an {@link HttpRequest},
 * routes it, and runs authentication and the handler on the worker executor; the response is
 * written back on the event loop. Requests of one connection are answered strictly in order
 * (pipelined requests wait in a queue and reading pauses meanwhile). One instance per channel;
 * all state is touched only on the channel's event loop.
 */
final class RequestDispatcher extends ChannelInboundHandlerAdapter {
  private final NettyHttpEngine engine;
  private final RequestTimer timer;
  private final Queue<FullHttpRequest> queued = new ArrayDeque<>();
  private boolean busy;
  private boolean closeWhenIdle;
  private boolean rejected;
  /** Handed over to a mounted WebSocket service: everything passes through. */
  private boolean upgraded;

  RequestDispatcher(NettyHttpEngine engine, RequestTimer timer) {
    this.engine = engine;
    this.timer = timer;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    Optional<TransportException> refused = engine.connectionOpened(ctx.channel());
    if (refused.isPresent()) {
      rejected = true;
      TransportException e = refused.get();
      RawResponses.errorAndClose(ctx, e.code(), e.code().name() + ": " + e.getMessage().replaceFirst("^[A-Z_]+: ", ""));
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    engine.connectionClosed(ctx.channel());
    FullHttpRequest r;
    while ((r = queued.poll()) != null) {
      r.release();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (upgraded || !(msg instanceof FullHttpRequest request)) {
      ctx.fireChannelRead(msg);
      return;
    }
    timer.requestComplete();
    if (!rejected && !busy && queued.isEmpty() && request.decoderResult().isSuccess() && takeOver(ctx, request)) {
      return;
    }
    if (rejected) {
      request.release(); // the 503 is on its way and the connection is closing
      return;
    }
    if (!request.decoderResult().isSuccess()) {
      request.release();
      queued.forEach(FullHttpRequest::release);
      queued.clear();
      rejected = true;
      RawResponses.errorAndClose(ctx, TransportError.INVALID_MESSAGE, "INVALID_MESSAGE: malformed HTTP request");
      return;
    }
    queued.add(request);
    if (!busy) {
      next(ctx);
    }
  }

  /**
   * A WebSocket upgrade for the path of a mounted service: the HTTP timers leave the pipeline,
   * the service's handlers join it, and the request goes on to them for the handshake. This
   * handler stays for the connection count only.
   */
  private boolean takeOver(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (!"websocket".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE, ""))) {
      return false;
    }
    // The exact path, as the WebSocket handshake compares it (a query string is another path).
    Optional<WebSocketMount> mount = engine.isClosing() ? Optional.empty() : engine.mountAt(request.uri());
    if (mount.isEmpty()) {
      return false;
    }
    upgraded = true;
    ctx.pipeline().remove("request-timer");
    ctx.pipeline().remove("idle");
    mount.get().takeOver(ctx.pipeline());
    ctx.fireChannelRead(request);
    return true;
  }

  /** Idle keep-alive connections are closed; a connection with work in progress is left alone. */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (upgraded) {
      ctx.fireUserEventTriggered(evt);
    } else if (evt instanceof IdleStateEvent) {
      if (!busy && queued.isEmpty()) {
        ctx.close();
      }
    } else if (evt == RawResponses.REFUSE_FURTHER_REQUESTS) {
      rejected = true;
    } else if (evt == NettyHttpEngine.SHUTDOWN) {
      if (busy) {
        closeWhenIdle = true;
      } else {
        ctx.close();
      }
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // I/O errors (connection reset) end the connection; nothing to answer.
    ctx.close();
  }

  private void next(ChannelHandlerContext ctx) {
    FullHttpRequest request = queued.poll();
    if (request == null) {
      busy = false;
      if (closeWhenIdle) {
        ctx.close();
        return;
      }
      ctx.channel().config().setAutoRead(true);
      return;
    }
    busy = true;
    ctx.channel().config().setAutoRead(false);
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    boolean head = request.method().name().equals("HEAD");
    String what = request.method().name() + " " + pathForLog(request.uri());
    engine.requestStarted();
    CompletableFuture<HttpResponse> response;
    try {
      HttpRequest converted = convert(request);
      if (ctx.channel().remoteAddress() instanceof InetSocketAddress peer) {
        converted = converted.withRemoteAddress(peer);
      }
      response = engine.dispatch(converted);
    } catch (RuntimeException e) {
      response = CompletableFuture.failedFuture(e);
    } finally {
      request.release();
    }
    // The handler's deadline is a timer of this event loop (where the response is written and the
    // timer cancelled, without the lock and the extra thread of CompletableFuture.orTimeout).
    CompletableFuture<HttpResponse> answer = response;
    ScheduledFuture<?> deadline = answer.isDone() ? null : ctx.executor().schedule(
        () -> answer.completeExceptionally(new TimeoutException()), engine.handlerTimeoutNanos(), TimeUnit.NANOSECONDS);
    answer.whenComplete((ok, failure) -> {
      HttpResponse r = ok != null ? ok : engine.errorResponse(failure, what);
      ctx.executor().execute(() -> write(ctx, r, head, keepAlive, deadline));
    });
  }

  private void write(ChannelHandlerContext ctx, HttpResponse response, boolean head, boolean keepAlive,
      ScheduledFuture<?> deadline) {
    if (deadline != null) {
      deadline.cancel(false);
    }
    boolean keep = keepAlive && !closeWhenIdle && !engine.isClosing() && ctx.channel().isActive();
    ctx.writeAndFlush(RawResponses.toNetty(response, head, keep))
        .addListener(
            f -> {
              engine.requestFinished();
              if (!keep || !f.isSuccess()) {
                ctx.close();
              } else {
                next(ctx);
              }
            });
  }

  private static HttpRequest convert(FullHttpRequest request) {
    String host = request.headers().get(HttpHeaderNames.HOST);
    if (host == null || host.isEmpty()) {
      throw new TransportException(TransportError.INVALID_MESSAGE, "host: header missing");
    }
    URI uri;
    try {
      String raw = request.uri();
      if (isPlainOriginForm(raw)) {
        // One parse instead of two for the usual target: the checks below hold for it by form.
        uri = new URI("http://" + host + raw);
        String query = uri.getRawQuery();
        if (uri.getHost() == null || !raw.equals(query == null ? uri.getRawPath() : uri.getRawPath() + "?" + query)) {
          throw new TransportException(TransportError.INVALID_MESSAGE, "host: not a host name");
        }
        return HttpRequest.of(request.method().name(), uri, headersOf(request), bodyOf(request));
      }
      URI target = new URI(raw);
      String rawPath = target.getRawPath();
      if (rawPath == null || !rawPath.startsWith("/")) {
        throw new TransportException(TransportError.INVALID_MESSAGE, "request-target: not an absolute path");
      }
      String query = target.getRawQuery();
      uri = new URI("http://" + host + rawPath + (query == null ? "" : "?" + query));
      if (uri.getHost() == null) {
        throw new TransportException(TransportError.INVALID_MESSAGE, "host: not a host name");
      }
    } catch (URISyntaxException e) {
      throw new TransportException(TransportError.INVALID_MESSAGE, "request-target or host: malformed");
    }
    return HttpRequest.of(request.method().name(), uri, headersOf(request), bodyOf(request));
  }

  /**
   * An origin-form target ({@code /path[?query]}) without a fragment, a second leading slash
   * (which {@link URI} would read as an authority) or a backslash: the path and query are then
   * exactly the text after the host.
   */
  private static boolean isPlainOriginForm(String target) {
    if (target.isEmpty() || target.charAt(0) != '/' || target.startsWith("//")) {
      return false;
    }
    for (int i = 1; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c == '#' || c == '\\' || c <= ' ' || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, List<String>> headersOf(FullHttpRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : request.headers()) {
      headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>(1)).add(h.getValue());
    }
    return headers;
  }

  private static byte[] bodyOf(FullHttpRequest request) {
    byte[] body = new byte[request.content().readableBytes()];
    request.content().getBytes(request.content().readerIndex(), body);
    return body;
  }

  private static String pathForLog(String target) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    return path.length() > 200 ? path.substring(0, 200) + "..." : path;
  }

}
