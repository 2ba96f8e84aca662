package org.anp.transport.internal.cluster;

import io.nats.client.Message;
import java.time.Duration;
import java.util.Arrays;

/**
 * The answers of the direct hand-over between nodes ({@code RelayCluster#withDirectHandOver}): a
 * node asked over core NATS to take a frame or a status answers "taken" or "declined".
 */
final class DirectHandOver {
  /** How long a node waits for another to take a frame or a status handed to it directly. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);
  static final byte[] TAKEN = {'1'};
  static final byte[] DECLINED = {'0'};

  private DirectHandOver() {}

  /** Whether a reply (or its failure) says the other node took what it was handed. */
  static boolean taken(Message reply, Throwable error) {
    return error == null && reply != null && Arrays.equals(TAKEN, reply.getData());
  }
}
