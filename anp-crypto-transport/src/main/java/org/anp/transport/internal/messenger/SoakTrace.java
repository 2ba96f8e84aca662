package org.anp.transport.internal.messenger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** TEMPORARY: a trace of events by messageId for the soak (-Danp.soakTrace=true). */
public final class SoakTrace {
  public static final boolean ON = Boolean.getBoolean("anp.soakTrace");
  private static final long T0 = System.nanoTime();
  private static final Map<String, ConcurrentLinkedQueue<String>> EVENTS = new ConcurrentHashMap<>();

  private SoakTrace() {}

  public static void add(String key, String event) {
    if (ON && key != null) {
      long ms = (System.nanoTime() - T0) / 1_000_000;
      EVENTS.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(ms + " " + Thread.currentThread().getName() + " " + event);
    }
  }

  public static List<String> of(String key) {
    ConcurrentLinkedQueue<String> q = EVENTS.get(key);
    return q == null ? List.of() : List.copyOf(q);
  }

  public static String shortDid(String did) {
    return did == null ? "?" : did.substring(Math.max(0, did.length() - 6));
  }
}
