package org.anp.transport.internal.relay;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The routing seam: where frames go whose routing key no connection of this relay serves. The
 * relay itself pushes frames to its own connections (through {@link RoutingTable}) and, without
 * a cluster, keeps frames for offline keys in its {@code MessageQueue}; a cluster backend
 * ({@link #LOCAL} is the relay on its own) stores such frames where any node of the cluster can
 * deliver them, hands this node the stored frames of the keys it serves ({@link
 * RelayCore#deliverStored}) and carries final statuses back to each frame's sender, on the node
 * it is connected to ({@link RelayCore#answer}).
 *
 * <p>Implementations are thread-safe; no method blocks (work against a remote store is done on
 * the backend's own threads, and every future completes, with a refusal if need be).
 */
public interface RemoteRoutes {
  /** The relay on its own: nothing is known elsewhere, nothing is stored elsewhere. */
  RemoteRoutes LOCAL = new RemoteRoutes() {
    @Override
    public boolean isCluster() {
      return false;
    }

    @Override
    public boolean isKnown(String key) {
      return false;
    }

    @Override
    public boolean isOnline(String key) {
      return false;
    }

    @Override
    public CompletableFuture<Optional<String>> store(StoredFrame.Outbound frame) {
      return CompletableFuture.completedFuture(Optional.of("no cluster store"));
    }
  };

  /**
   * Connects to the cluster; the relay binds only once this completed. Fails with a
   * {@code TransportException} ({@code SERVICE_UNAVAILABLE}) saying what could not be reached.
   */
  default CompletableFuture<Void> start() {
    return CompletableFuture.completedFuture(null);
  }

  /** Disconnects from the cluster, after the relay closed its connections. */
  default void close() {}

  /** Whether frames for keys not served here are stored in a cluster (else: the local queue). */
  boolean isCluster();

  /** Whether {@code key} registered with a node of the cluster recently (it is served there). */
  boolean isKnown(String key);

  /** Whether {@code key} is connected to some node now, as far as the route registry knows. */
  boolean isOnline(String key);

  /**
   * Stores a frame for its key where any node can deliver it. The future completes with empty
   * once stored, or with the reason it was not (answered 503 to the sender).
   */
  CompletableFuture<Optional<String>> store(StoredFrame.Outbound frame);

  /** Called when the first connection of this relay for {@code key} bound: deliver its stored frames here. */
  default void bound(String key) {}

  /** Called when the last connection of this relay for {@code key} went away. */
  default void unbound(String key) {}

  /**
   * Sends the final status (or the receiver's refusal) of a stored frame to its sender, wherever
   * the sender is connected (or when it comes back), and only then removes the frame from the
   * store; if the status cannot be stored, the frame is left to be delivered again (the receiver
   * drops the repeat and acknowledges it, which sends the status again).
   */
  default void answer(StoredFrame frame, byte[] status) {
    frame.ack();
  }

  /**
   * As {@link #answer}, for the 504 of a stored frame handed out after it expired: the store may
   * also answer such a frame by itself when no node takes it in time (decision 0086), and sends
   * its sender one 504 of the two.
   */
  default void expired(StoredFrame frame, byte[] status) {
    answer(frame, status);
  }
}
