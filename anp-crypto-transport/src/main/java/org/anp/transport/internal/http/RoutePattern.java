package org.anp.transport.internal.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A path pattern: literal segments, {@code {name}} segments (one non-empty segment, decoded) and
 * an optional final {@code **} that matches the raw rest of the path. Immutable.
 */
final class RoutePattern {
  static final String REST = "**";

  private final String text;
  private final List<String> segments;
  private final boolean prefix;

  private RoutePattern(String text, List<String> segments, boolean prefix) {
    this.text = text;
    this.segments = segments;
    this.prefix = prefix;
  }

  /**
   * Parses {@code /a/{b}/c} or {@code /a/**}.
   *
   * @throws IllegalArgumentException for a pattern that does not start with {@code /}, has an
   *     empty segment, a repeated or malformed variable, or {@code **} before the end
   */
  static RoutePattern parse(String text) {
    Objects.requireNonNull(text, "pattern");
    if (!text.startsWith("/")) {
      throw new IllegalArgumentException("pattern must start with '/': " + text);
    }
    List<String> parts = text.equals("/") ? List.of() : List.of(text.substring(1).split("/", -1));
    List<String> names = new ArrayList<>();
    boolean prefix = false;
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      if (part.isEmpty()) {
        throw new IllegalArgumentException("empty segment in pattern " + text);
      }
      if (part.equals(REST)) {
        if (i != parts.size() - 1) {
          throw new IllegalArgumentException("'**' must be the last segment: " + text);
        }
        prefix = true;
      } else if (part.startsWith("{") || part.endsWith("}")) {
        String name = part.length() > 2 ? part.substring(1, part.length() - 1) : "";
        if (!part.startsWith("{") || !part.endsWith("}") || name.isEmpty() || name.contains("{")
            || names.contains(name)) {
          throw new IllegalArgumentException("bad or repeated variable " + part + " in " + text);
        }
        names.add(name);
      } else if (part.contains("{") || part.contains("}") || part.contains("*")) {
        throw new IllegalArgumentException("bad segment " + part + " in " + text);
      }
    }
    return new RoutePattern(text, prefix ? parts.subList(0, parts.size() - 1) : parts, prefix);
  }

  /** Whether this pattern ends in {@code **}. */
  boolean isPrefix() {
    return prefix;
  }

  /** The number of segments before {@code **} (longer prefixes are tried first). */
  int fixedSegments() {
    return segments.size();
  }

  /**
   * The variables if {@code path} matches.
   *
   * @param path the request path split into raw and decoded segments
   */
  Optional<Map<String, String>> match(RequestPath path) {
    int n = segments.size();
    if (prefix ? path.size() < n : path.size() != n) {
      return Optional.empty();
    }
    Map<String, String> variables = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String want = segments.get(i);
      String decoded = path.decoded(i);
      if (want.startsWith("{")) {
        if (decoded.isEmpty()) {
          return Optional.empty();
        }
        variables.put(want.substring(1, want.length() - 1), decoded);
      } else if (!want.equals(decoded)) {
        return Optional.empty();
      }
    }
    if (prefix) {
      variables.put(REST, path.rawRest(n));
    }
    return Optional.of(variables);
  }

  @Override
  public String toString() {
    return text;
  }
}
