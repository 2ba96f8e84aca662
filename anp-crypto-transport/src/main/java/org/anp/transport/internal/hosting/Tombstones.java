package org.anp.transport.internal.hosting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.anp.identity.did.Did;
import org.anp.identity.keys.PublicKeyMaterial;

/**
 * DIDs deleted from the host recently, with the public keys their last document held (issue 12;
 * decision 0045): until the tombstone expires, only a document proved by one of those keys may
 * create the DID again, so nobody else can take over a path its owner just gave up. In memory,
 * bounded: past {@code maxEntries}, the oldest tombstone is dropped. Thread-safe.
 */
final class Tombstones {
  private final Duration ttl;
  private final int maxEntries;
  private final Clock clock;
  private final LinkedHashMap<Did, Tombstone> entries = new LinkedHashMap<>();

  private record Tombstone(Set<PublicKeyMaterial> keys, Instant expiresAt) {}

  Tombstones(Duration ttl, int maxEntries, Clock clock) {
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.maxEntries = maxEntries;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Records that {@code did}, whose document held {@code keys}, was deleted now. */
  synchronized void bury(Did did, Set<PublicKeyMaterial> keys) {
    if (ttl.isZero()) {
      return;
    }
    purge(clock.instant());
    entries.remove(did);
    entries.put(did, new Tombstone(Set.copyOf(keys), clock.instant().plus(ttl)));
    if (entries.size() > maxEntries) {
      Iterator<Map.Entry<Did, Tombstone>> oldest = entries.entrySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** The keys that may re-create {@code did}, and until when, if it was deleted recently. */
  synchronized Optional<Map.Entry<Set<PublicKeyMaterial>, Instant>> of(Did did) {
    purge(clock.instant());
    Tombstone t = entries.get(did);
    return t == null ? Optional.empty() : Optional.of(Map.entry(t.keys(), t.expiresAt()));
  }

  /** Forgets {@code did}'s tombstone (it was re-created by its owner). */
  synchronized void lift(Did did) {
    entries.remove(did);
  }

  private void purge(Instant now) {
    Iterator<Map.Entry<Did, Tombstone>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue().expiresAt().isAfter(now)) {
        return;
      }
      it.remove();
    }
  }
}
