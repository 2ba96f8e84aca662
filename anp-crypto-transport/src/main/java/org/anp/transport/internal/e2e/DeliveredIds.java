package org.anp.transport.internal.e2e;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code (sourceDid, messageId)} of the payloads an E2E endpoint delivered, each kept until a
 * given instant, so that a repeat (a relay's redelivery, a sender's resend) is not delivered
 * twice. Not thread-safe; the owning endpoint serializes access.
 */
public final class DeliveredIds {
  /** In insertion order; every entry gets the same window, so {@link #prune} stops at the first live one. */
  private final Map<String, Instant> until = new LinkedHashMap<>();

  public boolean contains(String sourceDid, String messageId) {
    return until.containsKey(key(sourceDid, messageId));
  }

  public void add(String sourceDid, String messageId, Instant keepUntil) {
    until.put(key(sourceDid, messageId), keepUntil);
  }

  /** Forgets the entries kept until before {@code now}: amortized constant time per call. */
  public void prune(Instant now) {
    Iterator<Instant> it = until.values().iterator();
    while (it.hasNext() && it.next().isBefore(now)) {
      it.remove();
    }
  }

  private static String key(String sourceDid, String messageId) {
    return sourceDid + " " + messageId;
  }
}
