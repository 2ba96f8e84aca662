package org.anp.meta.internal.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.anp.identity.did.Did;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.ProtocolHash;
import org.anp.meta.negotiation.MetaCapability;
import org.anp.meta.negotiation.MetaProtocolBlock;
import org.anp.meta.negotiation.ZeroRtt;
import org.anp.transport.spi.HelloExtensions;

/**
 * The {@code metaProtocol} blocks an agent puts in its hellos (spec/meta-protocol.md §4.3, §5):
 * its capabilities, in a sourceHello the hash of a stored protocol it wants to reuse with that
 * peer (set by the agent before it opens the session), in a destinationHello the echo of an
 * offered hash it holds. Reads memory first (the hellos are built on the messenger's thread); an
 * offered hash it does not hold is looked up in the store, so a protocol put there after the
 * agent started (a consensus protocol loaded from a registry) is echoed (decision 0085).
 * Thread-safe.
 */
public final class HelloBlocks implements HelloExtensions {
  private final Set<MetaCapability> capabilities;
  private final Set<ProtocolHash> held = ConcurrentHashMap.newKeySet();
  private final Map<Did, ProtocolHash> offers = new ConcurrentHashMap<>();
  private final Predicate<ProtocolHash> stored;

  /**
   * Blocks announcing {@code capabilities}; {@code stored} tells whether the store holds a hash
   * not held in memory (it must not throw).
   */
  public HelloBlocks(Set<MetaCapability> capabilities, Predicate<ProtocolHash> stored) {
    this.capabilities = Set.copyOf(capabilities);
    this.stored = Objects.requireNonNull(stored, "stored");
  }

  /** The capabilities announced. */
  public Set<MetaCapability> capabilities() {
    return capabilities;
  }

  /** The local side holds {@code hash} (it may echo it). */
  public void hold(ProtocolHash hash) {
    held.add(hash);
  }

  /** The local side no longer holds {@code hash}. */
  public void drop(ProtocolHash hash) {
    held.remove(hash);
  }

  /** The next sourceHello to {@code peer} offers {@code hash}, or nothing if empty. */
  public void offerNext(Did peer, Optional<ProtocolHash> hash) {
    Objects.requireNonNull(peer, "peer");
    hash.ifPresentOrElse(h -> offers.put(peer, h), () -> offers.remove(peer));
  }

  @Override
  public Optional<ObjectNode> offer(Did peerDid) {
    MetaProtocolBlock block = MetaProtocolBlock.of(capabilities);
    ProtocolHash hash = offers.get(peerDid);
    return Optional.of((hash == null ? block : block.withUsedProtocolHash(hash)).toJson());
  }

  @Override
  public Optional<ObjectNode> answer(Did peerDid, Optional<JsonNode> offered) {
    MetaProtocolBlock source;
    try {
      source = offered.map(MetaProtocolBlock::parse).orElse(MetaProtocolBlock.of(Set.of()));
    } catch (MetaProtocolException e) {
      source = MetaProtocolBlock.of(Set.of()); // an unreadable block offers nothing
    }
    return Optional.of(ZeroRtt.answer(source, capabilities, this::holds).toJson());
  }

  private boolean holds(ProtocolHash hash) {
    if (held.contains(hash)) {
      return true;
    }
    if (stored.test(hash)) {
      held.add(hash);
      return true;
    }
    return false;
  }
}
