package org.anp.meta.negotiation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.anp.meta.ProtocolHash;
import org.anp.meta.internal.negotiation.NegotiationMachine;
import org.anp.meta.negotiator.Proposal;
import org.anp.meta.wire.MetaMessage;

/**
 * One meta-protocol negotiation with one peer in one E2E session, as requester or provider, the
 * state machines of spec/meta-protocol.md §4.1-4.2. Sans-IO: it performs no I/O, starts no
 * threads and reads time only from the configured clock. Its inputs are received PT=00
 * messages, {@link #tick()} and the driver's reports (code ready, tests run, violation seen);
 * each returns a {@link Step}: the messages to send, in order, and what happened. Not
 * thread-safe: drive it from one thread.
 *
 * <p>Protocol rules it enforces: {@code sequenceId} is the previous one plus 1 (a provider
 * accepts 0 or 1 first, the reference SDK starting at 1); at most {@code maxRounds} proposals;
 * an {@code accepted} must carry the text this side last proposed; every wait is bounded by a
 * timeout. A malformed message, a wrong {@code sequenceId}, a mismatched acceptance or an
 * exceeded limit during the negotiation is answered with {@code protocolNegotiation rejected}
 * and fails the engine; after agreement such messages are dropped. Unknown actions, and messages
 * of a capability the session does not share, are ignored. Nothing here throws for peer input:
 * failures are {@link NegotiationEvent.Failed} events.
 *
 * @see NegotiationConfig
 */
public interface NegotiationEngine {

  /** A requester that will negotiate a protocol for {@code need} (markdown). */
  static NegotiationEngine requester(NegotiationConfig config, String need) {
    return NegotiationMachine.requester(config, need);
  }

  /** A provider that answers the first proposal it receives. */
  static NegotiationEngine provider(NegotiationConfig config) {
    return NegotiationMachine.provider(config);
  }

  /**
   * An engine already in {@link NegotiationState#READY} for {@code protocol}, which both sides
   * hold from an earlier negotiation (0-RTT: the hash was offered and echoed in the hellos,
   * spec/meta-protocol.md §4.3; see {@link ZeroRtt}). Nothing is negotiated; fix-error and
   * natural-language messages are handled as after an agreement.
   */
  static NegotiationEngine reused(NegotiationConfig config, Proposal.Role role, String protocol) {
    return NegotiationMachine.reused(config, role, protocol);
  }

  /**
   * Requester only: drafts the first candidate and sends it.
   *
   * @throws IllegalStateException for a provider, or if already started
   */
  Step start();

  /** Processes the JSON of one received PT=00 frame (the bytes after the header). */
  Step receive(byte[] json);

  /** Processes one received, already decoded, negotiation message. */
  Step receive(MetaMessage message);

  /** Fires the timeout that is due, if any, at the clock's current time. */
  Step tick();

  /**
   * The local handler for the agreed protocol is ready.
   *
   * @throws IllegalStateException unless in {@link NegotiationState#CODEGEN}
   */
  Step codeReady();

  /**
   * The local handler could not be made: sends {@code codeGeneration error} and fails.
   *
   * @throws IllegalStateException unless in {@link NegotiationState#CODEGEN}
   */
  Step codeFailed(String reason);

  /**
   * Requester: the agreed tests passed; moves to {@link NegotiationState#READY}.
   *
   * @throws IllegalStateException unless test cases were agreed and not yet reported on
   */
  Step testsPassed();

  /**
   * Requester: a test failed; reports it to the peer as a violation.
   *
   * @throws IllegalStateException unless test cases were agreed and not yet reported on
   */
  Step testsFailed(String errorDescription);

  /**
   * The handler found that the peer's traffic violates the agreed protocol: sends
   * {@code fixErrorNegotiation} (or fails, if the session does not share that capability).
   *
   * @throws IllegalStateException unless {@link NegotiationState#READY} or
   *     {@link NegotiationState#TESTING}
   */
  Step reportViolation(String errorDescription);

  /**
   * Sends a natural-language question; the answer arrives as
   * {@link NegotiationEvent.NaturalLanguageAnswer}.
   *
   * @throws IllegalStateException if the session does not share
   *     {@link MetaCapability#NATURAL_LANGUAGE_NEGOTIATION}, or the engine failed
   */
  Step ask(String question);

  /** The current state. */
  NegotiationState state();

  /** The agreed protocol text, once agreed. */
  Optional<String> agreedProtocol();

  /** The agreed protocol's hash, once agreed. */
  default Optional<ProtocolHash> agreedHash() {
    return agreedProtocol().map(ProtocolHash::of);
  }

  /** When the pending timeout fires, if one is pending: the driver calls {@link #tick()} then. */
  Optional<Instant> deadline();

  /**
   * What to send, in order, and what happened.
   *
   * @param outbound messages to send to the peer as PT=00 frames
   * @param events what the driver must know or do
   */
  record Step(List<MetaMessage> outbound, List<NegotiationEvent> events) {
    /** Nothing to send, nothing happened. */
    public static final Step NONE = new Step(List.of(), List.of());

    public Step {
      outbound = List.copyOf(outbound);
      events = List.copyOf(events);
    }
  }
}
