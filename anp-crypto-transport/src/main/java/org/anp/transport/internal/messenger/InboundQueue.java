package org.anp.transport.internal.messenger;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Frames parsed on the transport's thread, waiting for the messenger's loop. A peer's sourceHello
 * (the start of new handshake work) waits behind every other frame, so that under a burst the
 * handshakes already under way, and the payloads they release, are not stuck behind dozens of
 * new hellos. Nothing a sourceHello precedes can arrive before it is answered, so per-sender
 * order holds. One frame in eight is a deferred hello when both queues hold frames, so hellos
 * are delayed, never starved. Thread-safe: one producer, one consumer.
 */
final class InboundQueue {
  private final Queue<Inbound> urgent = new ConcurrentLinkedQueue<>();
  private final Queue<Inbound> deferred = new ConcurrentLinkedQueue<>();

  void add(Inbound in, boolean newHandshake) {
    (newHandshake ? deferred : urgent).add(in);
  }

  boolean isEmpty() {
    return urgent.isEmpty() && deferred.isEmpty();
  }

  /** Up to {@code max} frames in the order to handle them. */
  List<Inbound> take(int max) {
    List<Inbound> batch = new ArrayList<>();
    for (int i = 0; i < max; i++) {
      boolean helloTurn = i % 8 == 7;
      Inbound in = helloTurn ? deferred.poll() : urgent.poll();
      if (in == null) {
        in = helloTurn ? urgent.poll() : deferred.poll();
      }
      if (in == null) {
        break;
      }
      batch.add(in);
    }
    return batch;
  }
}
