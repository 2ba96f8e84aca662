package org.anp.meta.internal.store;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.anp.meta.ProtocolHash;
import org.anp.meta.store.ProtocolStore;
import org.anp.meta.store.StoredProtocol;

/** {@link ProtocolStore} in a concurrent map. Thread-safe. */
public final class InMemoryProtocolStore implements ProtocolStore {
  private final Map<ProtocolHash, StoredProtocol> entries = new ConcurrentHashMap<>();

  @Override
  public void put(StoredProtocol protocol) {
    entries.put(protocol.hash(), protocol);
  }

  @Override
  public Optional<StoredProtocol> find(ProtocolHash hash) {
    return Optional.ofNullable(entries.get(hash));
  }

  @Override
  public boolean evict(ProtocolHash hash) {
    return entries.remove(hash) != null;
  }

  @Override
  public List<StoredProtocol> list() {
    return entries.values().stream().sorted(Comparator.comparing(p -> p.hash().hex())).toList();
  }
}
