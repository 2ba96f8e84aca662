package org.anp.meta.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import org.anp.identity.did.Did;
import org.anp.meta.ProtocolHash;

/**
 * A negotiated protocol kept for reuse (spec/meta-protocol.md §9): its exact text, addressed by
 * its hash, with the form a code generator rebuilds its handler from, the peer it was agreed
 * with and when it was agreed and last used. Immutable: the form is copied in and out.
 */
public final class StoredProtocol {
  private final ProtocolHash hash;
  private final String protocol;
  private final JsonNode handlerForm;
  private final Did peer;
  private final Instant agreedAt;
  private final Instant lastUsedAt;

  private StoredProtocol(
      String protocol, JsonNode handlerForm, Did peer, Instant agreedAt, Instant lastUsedAt) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.hash = ProtocolHash.of(protocol);
    this.handlerForm = Objects.requireNonNull(handlerForm, "handlerForm").deepCopy();
    this.peer = Objects.requireNonNull(peer, "peer");
    this.agreedAt = Objects.requireNonNull(agreedAt, "agreedAt");
    this.lastUsedAt = Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    if (lastUsedAt.isBefore(agreedAt)) {
      throw new IllegalArgumentException("lastUsedAt before agreedAt");
    }
  }

  /** A protocol agreed with {@code peer} at {@code agreedAt}; its hash is computed from the text. */
  public static StoredProtocol agreed(String protocol, JsonNode handlerForm, Did peer, Instant agreedAt) {
    return new StoredProtocol(protocol, handlerForm, peer, agreedAt, agreedAt);
  }

  /** A stored entry as read back, with both timestamps. */
  public static StoredProtocol of(
      String protocol, JsonNode handlerForm, Did peer, Instant agreedAt, Instant lastUsedAt) {
    return new StoredProtocol(protocol, handlerForm, peer, agreedAt, lastUsedAt);
  }

  /** This entry used again at {@code when}. */
  public StoredProtocol usedAt(Instant when) {
    return new StoredProtocol(protocol, handlerForm, peer, agreedAt, when.isBefore(lastUsedAt) ? lastUsedAt : when);
  }

  public ProtocolHash hash() {
    return hash;
  }

  /** The agreed text, exactly as accepted. */
  public String protocol() {
    return protocol;
  }

  /** A copy of the handler's form ({@code ProtocolHandler.form()}). */
  public JsonNode handlerForm() {
    return handlerForm.deepCopy();
  }

  public Did peer() {
    return peer;
  }

  public Instant agreedAt() {
    return agreedAt;
  }

  public Instant lastUsedAt() {
    return lastUsedAt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredProtocol s
        && s.protocol.equals(protocol)
        && s.handlerForm.equals(handlerForm)
        && s.peer.equals(peer)
        && s.agreedAt.equals(agreedAt)
        && s.lastUsedAt.equals(lastUsedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(protocol, handlerForm, peer, agreedAt, lastUsedAt);
  }

  @Override
  public String toString() {
    return "StoredProtocol[" + hash + ", peer " + peer + "]";
  }
}
