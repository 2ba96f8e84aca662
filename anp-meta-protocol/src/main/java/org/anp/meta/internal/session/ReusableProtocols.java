package org.anp.meta.internal.session;

import java.util.Comparator;
import java.util.Optional;
import org.anp.identity.did.Did;
import org.anp.meta.ProtocolHash;
import org.anp.meta.negotiator.Negotiator;
import org.anp.meta.negotiator.Proposal;
import org.anp.meta.negotiator.Proposal.Role;
import org.anp.meta.negotiator.Verdict;
import org.anp.meta.store.ProtocolStore;
import org.anp.meta.store.StoredProtocol;

/**
 * Which protocol, agreed before, serves a requester's need: one the requester's own negotiator
 * would accept for it, the most recently used first. Thread-safe if the store and the
 * negotiator are.
 */
final class ReusableProtocols {
  private final ProtocolStore store;
  private final Negotiator negotiator;

  ReusableProtocols(ProtocolStore store, Negotiator negotiator) {
    this.store = store;
    this.negotiator = negotiator;
  }

  /** The stored protocol with {@code peer}, most recently used first, that serves {@code need}. */
  Optional<ProtocolHash> find(Did peer, String need) {
    return store.list().stream()
        .filter(p -> p.peer().equals(peer))
        .sorted(Comparator.comparing(StoredProtocol::lastUsedAt).reversed())
        .filter(p -> serves(p.protocol(), need))
        .map(StoredProtocol::hash)
        .findFirst();
  }

  /** Whether the requester's negotiator would accept {@code protocol} for {@code need}. */
  boolean serves(String protocol, String need) {
    try {
      Verdict v = negotiator.evaluate(
          new Proposal(Role.REQUESTER, 1, protocol, Optional.empty(), Optional.empty(), Optional.of(need)));
      return v instanceof Verdict.Accept;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
