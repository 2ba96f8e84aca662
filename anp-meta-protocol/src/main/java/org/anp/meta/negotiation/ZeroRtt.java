package org.anp.meta.negotiation;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.anp.meta.ProtocolHash;

/**
 * The 0-RTT short-cut of spec/meta-protocol.md §4.3 and §9, on the hellos' blocks: an initiator
 * offers the hash of a protocol it holds in its sourceHello ({@code usedProtocolHash}); a
 * responder that holds it too echoes it in its destinationHello, and both go straight to READY
 * with the stored protocol ({@link NegotiationEngine#reused}); a responder that does not holds
 * it back, and they negotiate. Stateless.
 */
public final class ZeroRtt {
  private ZeroRtt() {}

  /**
   * The responder's block: its {@code capabilities}, echoing the initiator's
   * {@code usedProtocolHash} only if {@code held} says the responder has that protocol.
   */
  public static MetaProtocolBlock answer(
      MetaProtocolBlock source, Set<MetaCapability> capabilities, Predicate<ProtocolHash> held) {
    Objects.requireNonNull(held, "held");
    MetaProtocolBlock answer = MetaProtocolBlock.of(capabilities);
    return source.usedProtocolHash().filter(held).map(answer::withUsedProtocolHash).orElse(answer);
  }

  /**
   * The protocol both sides go on with, if the responder echoed exactly the hash the initiator
   * offered; empty means a full negotiation.
   */
  public static Optional<ProtocolHash> agreed(MetaProtocolBlock source, MetaProtocolBlock destination) {
    return source.usedProtocolHash().filter(h -> destination.usedProtocolHash().filter(h::equals).isPresent());
  }
}
