package org.anp.transport.internal.messenger;

import java.util.concurrent.CompletableFuture;

/**
 * The tail of one sender's inbound E2E frames still being processed (a hello waiting for its
 * DID document): later frames of that sender wait behind it, so a Finished never overtakes its
 * destinationHello. Completed by the engine when the frame's output was handled.
 */
final class InboundChain {
  final String sender;
  final CompletableFuture<Void> tail = new CompletableFuture<>();

  InboundChain(String sender) {
    this.sender = sender;
  }
}
