package org.anp.transport.internal.relay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The relay's routing table (spec/e2e-transport.md section 10.6): which connections serve which
 * router DID after a register, which senders a connection may speak for, which connections are
 * trusted peer relays, which router serves a DID (from resolved documents, for a while), and
 * which routing keys registered here before. No I/O and no clock of its own. Not thread-safe: the
 * relay core guards it with its lock. Every map is bounded. A clustered relay replaces what it
 * holds (bindings across nodes) behind the same operations.
 *
 * @param <C> the connection handle
 */
final class RoutingTable<C> {
  private record Route(String router, Instant until) {}

  /** What the table knows of one registered connection. */
  private static final class Binding {
    Set<String> routers = Set.of();
    /** Senders whose documents name one of the routers, learned on their first frame; bounded. */
    final Set<String> senders = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > 1024;
      }
    });
    boolean peerRelay;
  }

  private final Map<String, List<C>> bindings = new HashMap<>();
  private final Map<C, Binding> connections = new HashMap<>();
  private final Map<String, Route> routes;
  private final Map<String, Boolean> known;
  private int next;

  RoutingTable(int maxRoutes, int maxKnown) {
    this.routes = lru(maxRoutes);
    this.known = lru(maxKnown);
  }

  private static <V> Map<String, V> lru(int max) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > max;
      }
    };
  }

  /** The connections bound to {@code router}, in binding order. */
  List<C> bound(String router) {
    return bindings.getOrDefault(router, List.of());
  }

  boolean isBound(String router) {
    return bindings.containsKey(router);
  }

  /** The routers {@code c} registered (empty before a register). */
  Set<String> routersOf(C c) {
    Binding b = connections.get(c);
    return b == null ? Set.of() : b.routers;
  }

  /** Whether {@code c} registered {@code router}. */
  boolean serves(C c, String router) {
    return routersOf(c).contains(router);
  }

  /** Whether {@code c} may send frames from {@code did}: it registered it, or the sender's router. */
  boolean speaksFor(C c, String did) {
    Binding b = connections.get(c);
    return b != null && (b.routers.contains(did) || b.senders.contains(did));
  }

  /** Remembers that {@code did}'s document names a router {@code c} registered. */
  void addSender(C c, String did) {
    Binding b = connections.get(c);
    if (b != null) {
      b.senders.add(did);
    }
  }

  /** Whether {@code c} registered a trusted relay's DID. */
  boolean isPeerRelay(C c) {
    Binding b = connections.get(c);
    return b != null && b.peerRelay;
  }

  /** A connection of {@code router} that {@code usable} accepts, round robin; empty if none does. */
  Optional<C> pick(String router, Predicate<C> usable) {
    List<C> list = bound(router);
    for (int i = 0; i < list.size(); i++) {
      C c = list.get(Math.floorMod(next + i, list.size()));
      if (usable.test(c)) {
        next++;
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * Replaces the routers of {@code c} (a full-state register) and forgets the senders it had
   * learned; returns the routers it did not have.
   */
  Set<String> rebind(C c, Set<String> routers, boolean peerRelay) {
    Binding b = connections.computeIfAbsent(c, k -> new Binding());
    for (String old : b.routers) {
      if (!routers.contains(old)) {
        remove(old, c);
      }
    }
    Set<String> added = new HashSet<>();
    for (String r : routers) {
      if (!b.routers.contains(r)) {
        bindings.computeIfAbsent(r, k -> new ArrayList<>()).add(c);
        added.add(r);
      }
      known.put(r, Boolean.TRUE);
    }
    b.routers = Set.copyOf(routers);
    b.senders.clear();
    b.peerRelay = peerRelay;
    return added;
  }

  /** Forgets {@code c} (closed). */
  void unbind(C c) {
    Binding b = connections.remove(c);
    if (b != null) {
      for (String r : b.routers) {
        remove(r, c);
      }
    }
  }

  private void remove(String router, C c) {
    List<C> list = bindings.get(router);
    if (list != null) {
      list.remove(c);
      if (list.isEmpty()) {
        bindings.remove(router);
      }
    }
  }

  /** The router of {@code did} if a resolution said so recently, else empty. */
  Optional<String> routeOf(String did, Instant now) {
    Route route = routes.get(did);
    if (route == null) {
      return Optional.empty();
    }
    if (!route.until().isAfter(now)) {
      routes.remove(did);
      return Optional.empty();
    }
    return Optional.of(route.router());
  }

  void rememberRoute(String did, String router, Instant until) {
    routes.put(did, new Route(router, until));
  }

  /** Whether {@code key} was registered here at some point (its frames are queued while it is away). */
  boolean isKnown(String key) {
    return known.containsKey(key);
  }
}
