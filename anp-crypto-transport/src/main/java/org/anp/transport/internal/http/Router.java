package org.anp.transport.internal.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.http.AuthPolicy;
import org.anp.transport.http.HttpHandler;

/**
 * The route table. Routes without {@code **} are tried first in the order they were added, then
 * prefix routes, longest prefix first. {@code HEAD} uses a {@code GET} route unless a {@code
 * HEAD} route exists. Immutable once built; thread-safe.
 */
public final class Router {
  private final List<Route> routes;

  private Router(List<Route> routes) {
    this.routes = routes;
  }

  /** A route table that is filled with {@link #add} and then frozen with {@link #freeze}. */
  public static Router.Table table() {
    return new Table();
  }

  /** What a lookup found: a route with its variables. */
  public record Match(String method, AuthPolicy policy, HttpHandler handler, Map<String, String> variables) {}

  /**
   * Finds the route for a method and raw path.
   *
   * @throws TransportException {@code INVALID_MESSAGE} for a malformed path, {@code
   *     RESOURCE_NOT_FOUND} when no route has this path, {@code METHOD_NOT_ALLOWED} when routes
   *     have the path but not the method (see {@link #allowedMethods})
   */
  public Match find(String method, String rawPath) {
    RequestPath path = RequestPath.parse(rawPath);
    Optional<Match> viaGet = Optional.empty();
    for (Route route : routes) {
      Optional<Map<String, String>> vars = route.pattern().match(path);
      if (vars.isEmpty()) {
        continue;
      }
      if (route.method().equals(method)) {
        return new Match(route.method(), route.policy(), route.handler(), vars.get());
      }
      if (method.equals("HEAD") && route.method().equals("GET") && viaGet.isEmpty()) {
        viaGet = Optional.of(new Match("GET", route.policy(), route.handler(), vars.get()));
      }
    }
    if (viaGet.isPresent()) {
      return viaGet.get();
    }
    if (allowedMethods(rawPath).isEmpty()) {
      throw new TransportException(TransportError.RESOURCE_NOT_FOUND, "path: no resource here");
    }
    throw new TransportException(TransportError.METHOD_NOT_ALLOWED, "method: " + method + " not allowed here");
  }

  /** The methods some route accepts for this raw path (with {@code HEAD} where {@code GET} is). */
  public SortedSet<String> allowedMethods(String rawPath) {
    RequestPath path = RequestPath.parse(rawPath);
    TreeSet<String> allowed = new TreeSet<>();
    for (Route route : routes) {
      if (route.pattern().match(path).isPresent()) {
        allowed.add(route.method());
        if (route.method().equals("GET")) {
          allowed.add("HEAD");
        }
      }
    }
    return Collections.unmodifiableSortedSet(allowed);
  }

  /** Collects routes. Not thread-safe. */
  public static final class Table {
    private final List<Route> routes = new ArrayList<>();

    private Table() {}

    /**
     * Adds a route.
     *
     * @throws IllegalArgumentException for a bad method token or pattern, or a duplicate route
     */
    public void add(String method, String pattern, AuthPolicy policy, HttpHandler handler) {
      String m = method.toUpperCase(Locale.ROOT);
      if (m.isEmpty() || !m.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
        throw new IllegalArgumentException("bad method: " + method);
      }
      RoutePattern parsed = RoutePattern.parse(pattern);
      for (Route r : routes) {
        if (r.method().equals(m) && r.pattern().toString().equals(parsed.toString())) {
          throw new IllegalArgumentException("duplicate route " + m + " " + pattern);
        }
      }
      routes.add(new Route(m, parsed, policy, handler));
    }

    /** The frozen router. */
    public Router freeze() {
      List<Route> ordered = new ArrayList<>();
      routes.stream().filter(r -> !r.pattern().isPrefix()).forEach(ordered::add);
      routes.stream()
          .filter(r -> r.pattern().isPrefix())
          .sorted(Comparator.comparingInt((Route r) -> r.pattern().fixedSegments()).reversed())
          .forEach(ordered::add);
      return new Router(List.copyOf(ordered));
    }
  }
}
