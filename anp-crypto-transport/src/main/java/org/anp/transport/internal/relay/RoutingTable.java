package org.anp.transport.internal.relay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which connections serve which router, which router serves a DID (from resolved documents), and
 * which routing keys registered here before. Not thread-safe: {@link RelayCore} guards it with
 * its lock. Every map is bounded.
 */
final class RoutingTable {
  private record Route(String router, Instant until) {}

  private final Map<String, List<RelayConnection>> bindings = new HashMap<>();
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

  List<RelayConnection> bound(String router) {
    return bindings.getOrDefault(router, List.of());
  }

  boolean isBound(String router) {
    return bindings.containsKey(router);
  }

  /**
   * A connection of {@code router} that can take a frame (writable, below its bound of
   * unacknowledged frames), round robin; empty if none can.
   */
  Optional<RelayConnection> pickWritable(String router) {
    return pick(router, RelayConnection::canTake);
  }

  /** A connection of {@code router} with room in its write buffer, round robin; for untracked frames. */
  Optional<RelayConnection> pickForResponse(String router) {
    return pick(router, RelayConnection::isWritable);
  }

  private Optional<RelayConnection> pick(String router, Predicate<RelayConnection> usable) {
    List<RelayConnection> list = bound(router);
    for (int i = 0; i < list.size(); i++) {
      RelayConnection c = list.get(Math.floorMod(next + i, list.size()));
      if (usable.test(c)) {
        next++;
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** Replaces the routers of {@code c} (full-state register); returns the routers it did not have. */
  Set<String> rebind(RelayConnection c, Set<String> routers) {
    for (String old : c.routers) {
      if (!routers.contains(old)) {
        remove(old, c);
      }
    }
    Set<String> added = new HashSet<>();
    for (String r : routers) {
      if (!c.routers.contains(r)) {
        bindings.computeIfAbsent(r, k -> new ArrayList<>()).add(c);
        added.add(r);
      }
      known.put(r, Boolean.TRUE);
    }
    c.routers = Set.copyOf(routers);
    c.senders.clear();
    return added;
  }

  void unbind(RelayConnection c) {
    for (String r : c.routers) {
      remove(r, c);
    }
    c.routers = Set.of();
    c.senders.clear();
  }

  private void remove(String router, RelayConnection c) {
    List<RelayConnection> list = bindings.get(router);
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

  boolean isKnown(String key) {
    return known.containsKey(key);
  }
}
