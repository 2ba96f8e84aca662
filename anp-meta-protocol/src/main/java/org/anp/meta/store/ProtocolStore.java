package org.anp.meta.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.anp.meta.ProtocolHash;
import org.anp.meta.internal.store.FileProtocolStore;
import org.anp.meta.internal.store.InMemoryProtocolStore;
import org.anp.meta.negotiation.NegotiationEvent;

/**
 * Negotiated protocols kept for reuse, by the SHA-256 of their text (spec/meta-protocol.md §9):
 * an agent that holds hash H can skip the negotiation with any peer that offers H in its hello
 * (§4.3). Implementations are thread-safe.
 */
public interface ProtocolStore {

  /** A store in memory, lost with the process (tests, short-lived agents). */
  static ProtocolStore inMemory() {
    return new InMemoryProtocolStore();
  }

  /**
   * A store of one JSON file per protocol in {@code directory} (created if missing), written
   * atomically, so it survives restarts and crashes mid-write.
   *
   * @throws org.anp.meta.MetaProtocolException {@code STORE_FAILED} if the directory cannot be
   *     created
   */
  static ProtocolStore onFiles(Path directory) {
    return FileProtocolStore.open(directory);
  }

  /**
   * Stores {@code protocol}, replacing an entry with the same hash.
   *
   * @throws org.anp.meta.MetaProtocolException {@code STORE_FAILED} on an I/O error
   */
  void put(StoredProtocol protocol);

  /**
   * The entry for {@code hash}, if stored.
   *
   * @throws org.anp.meta.MetaProtocolException {@code STORE_FAILED} if it cannot be read or was
   *     damaged (its text no longer hashes to {@code hash})
   */
  Optional<StoredProtocol> find(ProtocolHash hash);

  /**
   * Removes the entry for {@code hash}.
   *
   * @return whether there was one
   * @throws org.anp.meta.MetaProtocolException {@code STORE_FAILED} on an I/O error
   */
  boolean evict(ProtocolHash hash);

  /** Every stored entry, by hash. */
  List<StoredProtocol> list();

  /**
   * Applies what a negotiation engine reported: an accepted fix changes the code of the protocol,
   * so its entry is evicted (spec §9); other events change nothing.
   */
  default void onEvent(NegotiationEvent event) {
    if (event instanceof NegotiationEvent.FixAccepted fix) {
      evict(fix.hash());
    }
  }
}
