package org.anp.transport.internal.http;

import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * A WebSocket service served on a path of an HTTP server's port (the relay): when an upgrade
 * request for {@link #path()} arrives, the HTTP engine hands the connection over with
 * {@link #takeOver}. Implementations are thread-safe.
 */
public interface WebSocketMount {
  /** The exact path of the upgrade request, e.g. {@code /ws}. */
  String path();

  /**
   * Adds the service's handlers at the end of {@code pipeline} (the HTTP codec is still in
   * place; the WebSocket handshake replaces it when the request is passed on).
   */
  void takeOver(ChannelPipeline pipeline);

  /** The HTTP server is bound at {@code httpBase}; its event loops are {@code group}. */
  void bound(URI httpBase, EventLoopGroup group);

  /** The HTTP server could not bind. */
  void failed(Throwable cause);

  /** Closes the service's connections gracefully before the HTTP server closes them. */
  CompletableFuture<Void> shutdown();
}
