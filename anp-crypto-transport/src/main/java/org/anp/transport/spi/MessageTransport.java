package org.anp.transport.spi;

import java.util.concurrent.CompletableFuture;

/**
 * How an agent's message-service frames move to and from its relay: one call to
 * {@link #connect} opens one connection that carries whole frames (UTF-8 JSON, one object per
 * frame, spec/e2e-transport.md section 10). The messenger above it registers, keeps the
 * connection alive with heartbeats, and opens a new connection when one closes; a transport does
 * none of that.
 *
 * <p>Contract: implementations are thread-safe. The future of {@code connect} always completes
 * (a transport applies its own connect timeout) and fails with a
 * {@link org.anp.transport.TransportException} when no connection could be opened. The listener
 * of one connection is called from one thread at a time, in arrival order, and
 * {@link Listener#onClosed} is called exactly once per connection that was opened, after every
 * {@link Listener#onFrame}, whoever closed it. Listeners must not block.
 */
public interface MessageTransport extends AutoCloseable {

  /** Opens one connection; frames that arrive on it go to {@code listener}. */
  CompletableFuture<Connection> connect(Listener listener);

  /** Releases the transport's threads and closes its open connections. Idempotent. */
  @Override
  void close();

  /** One open connection. Thread-safe. */
  interface Connection {
    /**
     * Writes one frame. The future completes when the frame was handed to the network, and
     * fails with a {@link org.anp.transport.TransportException} if the connection is closed or
     * the write failed; it never means the relay accepted the frame.
     */
    CompletableFuture<Void> send(byte[] utf8Frame);

    /** Closes the connection; {@link Listener#onClosed} follows. Idempotent. */
    void close();
  }

  /** Receives the frames and the end of one connection. */
  interface Listener {
    /** One inbound frame, UTF-8 JSON as received (not yet parsed). */
    void onFrame(byte[] utf8Frame);

    /** The connection ended; {@code reason} is a short text for logs. */
    void onClosed(String reason);
  }
}
