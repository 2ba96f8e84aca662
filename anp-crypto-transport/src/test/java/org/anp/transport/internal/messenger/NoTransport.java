package org.anp.transport.internal.messenger;

import java.util.concurrent.CompletableFuture;
import org.anp.transport.spi.MessageTransport;

/** The transport of an engine under test: the engine does no I/O, so it is never used. */
final class NoTransport implements MessageTransport {
  @Override
  public CompletableFuture<Connection> connect(Listener listener) {
    throw new AssertionError("the engine does no I/O");
  }

  @Override
  public void close() {}
}
