package org.anp.application.registry;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.anp.identity.did.Did;
import org.anp.meta.session.MetaProtocolListener;
import org.anp.meta.wire.MetaMessage;
import org.anp.meta.wire.ProtocolType;
import org.anp.transport.messenger.AgentMessenger;

/**
 * What one agent of a negotiation scenario did: the negotiation messages it sent or received, the
 * application requests it served, and (once {@link #countFramesOf} is called) the meta-protocol
 * frames its messenger received. Thread-safe.
 */
public final class NegotiationLog implements MetaProtocolListener {
  private final List<MetaMessage> negotiation = new CopyOnWriteArrayList<>();
  private final AtomicInteger requestsServed = new AtomicInteger();
  private final AtomicInteger metaFrames = new AtomicInteger();

  @Override
  public void messageSent(Did peer, MetaMessage message) {
    negotiation.add(message);
  }

  @Override
  public void messageReceived(Did peer, MetaMessage message) {
    negotiation.add(message);
  }

  @Override
  public void requestServed(Did peer) {
    requestsServed.incrementAndGet();
  }

  /** Counts the meta-protocol frames {@code messenger} receives from now on. */
  public void countFramesOf(AgentMessenger messenger) {
    messenger.onMessage(m -> {
      if (m.payload().length > 0 && ProtocolType.fromHeader(m.payload()[0]) == ProtocolType.META) {
        metaFrames.incrementAndGet();
      }
    });
  }

  /** The negotiation messages sent or received so far, in order (a live, read-only view). */
  public List<MetaMessage> negotiation() {
    return Collections.unmodifiableList(negotiation);
  }

  /** Application requests served so far. */
  public int requestsServed() {
    return requestsServed.get();
  }

  /** Meta-protocol frames received so far by the messenger given to {@link #countFramesOf}. */
  public int metaFrames() {
    return metaFrames.get();
  }
}
