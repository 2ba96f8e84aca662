package org.anp.meta.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.anp.identity.did.Did;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.negotiation.NegotiationEvent;
import org.anp.meta.wire.MetaMessage;
import org.anp.meta.wire.ProtocolType;
import org.anp.transport.messenger.AgentMessenger;

/**
 * Records what an agent sent, received and reported, and counts received frames by PT; every
 * record wakes {@link #until} (no polling).
 */
final class Recorder implements MetaProtocolListener {
  final List<MetaMessage> sent = new CopyOnWriteArrayList<>();
  final List<MetaMessage> received = new CopyOnWriteArrayList<>();
  final BlockingQueue<NegotiationEvent> events = new LinkedBlockingQueue<>();
  final List<NegotiationEvent> allEvents = new CopyOnWriteArrayList<>();
  final List<MetaProtocolError> notServed = new CopyOnWriteArrayList<>();
  private final AtomicIntegerArray framesByType = new AtomicIntegerArray(4);

  void countFrames(AgentMessenger messenger) {
    messenger.onMessage(m -> {
      byte[] p = m.payload();
      if (p.length > 0) {
        framesByType.incrementAndGet(ProtocolType.fromHeader(p[0]).value());
        changed();
      }
    });
  }

  private synchronized void changed() {
    notifyAll();
  }

  /** Waits up to 30 s, woken by every record, until {@code condition} holds. */
  synchronized void until(BooleanSupplier condition, String what) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      long left = end - System.nanoTime();
      assertThat(left).as("waiting for " + what).isPositive();
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** Received frames of {@code type} (the raw count at the messenger, before the agent). */
  int frames(ProtocolType type) {
    return framesByType.get(type.value());
  }

  @Override
  public void messageSent(Did peer, MetaMessage message) {
    sent.add(message);
    changed();
  }

  @Override
  public void messageReceived(Did peer, MetaMessage message) {
    received.add(message);
    changed();
  }

  @Override
  public void requestNotServed(Did peer, MetaProtocolError code) {
    notServed.add(code);
    changed();
  }

  @Override
  public void event(Did peer, NegotiationEvent event) {
    allEvents.add(event);
    events.add(event);
  }

  /** Waits up to 30 s for an event matching {@code p}. */
  NegotiationEvent await(Predicate<NegotiationEvent> p) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < end) {
      NegotiationEvent e = events.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (e != null && p.test(e)) {
        return e;
      }
    }
    assertThat(allEvents).as("events").anyMatch(p);
    throw new AssertionError("unreachable");
  }
}
