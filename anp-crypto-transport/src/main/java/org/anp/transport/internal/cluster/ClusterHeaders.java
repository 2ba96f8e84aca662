package org.anp.transport.internal.cluster;

/** The NATS message headers a relay cluster puts on stored frames and on statuses between nodes. */
final class ClusterHeaders {
  static final String KEY = "Anp-Key";
  static final String SOURCE = "Anp-Source";
  static final String DESTINATION = "Anp-Destination";
  static final String TYPE = "Anp-Type";
  static final String MESSAGE_ID = "Anp-Message-Id";
  /** Epoch milliseconds after which the frame is answered 504 instead of delivered. */
  static final String EXPIRES = "Anp-Expires";
  static final String ORIGIN_NODE = "Anp-Origin-Node";
  static final String ORIGIN_CONNECTION = "Anp-Origin-Connection";
  /** The routing key the sender is served under, whose subject its statuses go to. */
  static final String ORIGIN_KEY = "Anp-Origin-Key";

  private ClusterHeaders() {}
}
