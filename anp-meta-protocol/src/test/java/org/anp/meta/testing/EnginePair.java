package org.anp.meta.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.UnaryOperator;
import org.anp.meta.negotiation.NegotiationEngine;
import org.anp.meta.negotiation.NegotiationEngine.Step;
import org.anp.meta.negotiation.NegotiationEvent;
import org.anp.meta.wire.Frame;
import org.anp.meta.wire.MetaMessage;

/**
 * A requester and a provider engine wired back to back, in memory: every outbound message is
 * encoded to a PT=00 frame and its JSON fed to the other engine, in order. A driver stand-in
 * reports code as ready whenever an engine asks for it (unless told not to) and records every
 * event per side and every message in a transcript.
 */
public final class EnginePair {
  /** One message on the "wire". */
  public record Sent(boolean fromRequester, MetaMessage message, byte[] frame) {}

  public final NegotiationEngine requester;
  public final NegotiationEngine provider;
  public final List<NegotiationEvent> requesterEvents = new ArrayList<>();
  public final List<NegotiationEvent> providerEvents = new ArrayList<>();
  public final List<Sent> transcript = new ArrayList<>();
  private final Deque<Sent> inFlight = new ArrayDeque<>();
  private boolean autoCode = true;
  private UnaryOperator<byte[]> tamper = UnaryOperator.identity();

  public EnginePair(NegotiationEngine requester, NegotiationEngine provider) {
    this.requester = requester;
    this.provider = provider;
  }

  public EnginePair manualCode() {
    autoCode = false;
    return this;
  }

  /** Rewrites the JSON of frames in flight (to inject faults). */
  public EnginePair tamper(UnaryOperator<byte[]> tamper) {
    this.tamper = tamper;
    return this;
  }

  /** Starts the requester and runs until nothing is in flight. */
  public EnginePair run() {
    return feed(true, requester.start());
  }

  /** Applies a step taken outside (e.g. codeReady()) by one side, and runs to quiescence. */
  public EnginePair feed(boolean fromRequester, Step step) {
    absorb(fromRequester, step);
    while (!inFlight.isEmpty()) {
      Sent s = inFlight.poll();
      NegotiationEngine to = s.fromRequester() ? provider : requester;
      byte[] json = Frame.decode(s.frame(), 1 << 21).data();
      absorb(!s.fromRequester(), to.receive(tamper.apply(json)));
    }
    return this;
  }

  /** Messages sent by one side, in order. */
  public List<MetaMessage> sentBy(boolean requesterSide) {
    return transcript.stream().filter(s -> s.fromRequester() == requesterSide).map(Sent::message).toList();
  }

  private void absorb(boolean fromRequester, Step step) {
    for (MetaMessage m : step.outbound()) {
      Sent s = new Sent(fromRequester, m, Frame.meta(m).encode());
      transcript.add(s);
      inFlight.add(s);
    }
    (fromRequester ? requesterEvents : providerEvents).addAll(step.events());
    if (autoCode) {
      for (NegotiationEvent e : step.events()) {
        if (e instanceof NegotiationEvent.CodeNeeded) {
          absorb(fromRequester, (fromRequester ? requester : provider).codeReady());
        }
      }
    }
  }
}
