package org.anp.identity.auth;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a verifier needs of an HTTP request: method, the absolute request URI as the client
 * addressed it, the headers and the body. Header names compare case-insensitively.
 *
 * <p>Immutable: the map, its lists and the body are copied in and out.
 *
 * @param method the request method, e.g. {@code GET}; stored upper-case
 * @param uri the absolute request URI ({@code https://host[:port]/path?query})
 * @param headers header name to values, in arrival order
 * @param body the request body; empty for none
 */
public record AuthRequest(String method, URI uri, Map<String, List<String>> headers, byte[] body) {

  /** Validates and copies. The URI must be absolute with a host. */
  public AuthRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    if (method.isBlank()) {
      throw new IllegalArgumentException("method is blank");
    }
    if (!uri.isAbsolute() || uri.getHost() == null) {
      throw new IllegalArgumentException("uri must be absolute with a host: " + uri);
    }
    method = method.toUpperCase(Locale.ROOT);
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      Objects.requireNonNull(e.getKey(), "header name");
      copy.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).addAll(List.copyOf(e.getValue()));
    }
    copy.replaceAll((k, v) -> List.copyOf(v));
    headers = Collections.unmodifiableMap(copy);
    body = body.clone();
  }

  /** A request with single-valued headers. */
  public static AuthRequest of(String method, URI uri, Map<String, String> headers, byte[] body) {
    Objects.requireNonNull(headers, "headers");
    Map<String, List<String>> multi = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> multi.put(k, List.of(v)));
    return new AuthRequest(method, uri, multi, body);
  }

  /** The values of one header (case-insensitive name); empty if absent. */
  public List<String> headerValues(String name) {
    return headers.getOrDefault(Objects.requireNonNull(name, "name"), List.of());
  }

  /** The first value of one header (case-insensitive name). */
  public Optional<String> header(String name) {
    List<String> values = headerValues(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** A copy of the body. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The lower-case host of {@link #uri()}, without port: the domain signatures are bound to. */
  public String host() {
    return uri.getHost().toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthRequest r
        && r.method.equals(method)
        && r.uri.equals(uri)
        && r.headers.equals(headers)
        && java.util.Arrays.equals(r.body, body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, uri, headers, java.util.Arrays.hashCode(body));
  }

  /** Method and URI only: headers may carry credentials. */
  @Override
  public String toString() {
    return "AuthRequest[" + method + " " + uri + ", " + body.length + " body bytes]";
  }
}
