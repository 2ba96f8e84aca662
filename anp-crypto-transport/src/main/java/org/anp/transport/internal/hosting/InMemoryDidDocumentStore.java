package org.anp.transport.internal.hosting;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.anp.identity.did.Did;
import org.anp.transport.hosting.DidDocumentStore;

/** A {@link DidDocumentStore} in a concurrent map; bytes are copied in and out. Thread-safe. */
public final class InMemoryDidDocumentStore implements DidDocumentStore {
  private final ConcurrentMap<Did, byte[]> documents = new ConcurrentHashMap<>();

  @Override
  public Optional<byte[]> get(Did did) {
    byte[] stored = documents.get(Objects.requireNonNull(did, "did"));
    return stored == null ? Optional.empty() : Optional.of(stored.clone());
  }

  @Override
  public boolean create(Did did, byte[] document) {
    return documents.putIfAbsent(Objects.requireNonNull(did, "did"), document.clone()) == null;
  }

  @Override
  public void put(Did did, byte[] document) {
    documents.put(Objects.requireNonNull(did, "did"), document.clone());
  }

  @Override
  public boolean delete(Did did) {
    return documents.remove(Objects.requireNonNull(did, "did")) != null;
  }
}
