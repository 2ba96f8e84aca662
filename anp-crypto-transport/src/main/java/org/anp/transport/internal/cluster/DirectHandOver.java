package org.anp.transport.internal.cluster;

import java.time.Duration;

/**
 * The direct hand-over between nodes ({@code RelayCluster#withDirectHandOver}, decision 0087):
 * a node asked over core NATS to take frames or statuses answers which it took ({@link
 * HandOverCodec}); what it did not take, or did not answer for in time, goes to the stream.
 */
final class DirectHandOver {
  /** How long a node waits for another to answer a batch handed to it directly. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private DirectHandOver() {}
}
