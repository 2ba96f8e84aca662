package org.anp.transport.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.anp.identity.auth.VerifiedCaller;
import org.anp.identity.json.StrictJson;

/**
 * One received HTTP request, fully read: method, target, headers, body, the values of the route's
 * {@code {var}} segments and, after DID authentication, the caller.
 *
 * <p>Immutable and thread-safe; {@link #body()} returns a copy. Header names are compared
 * case-insensitively (stored lower-case), values keep their order.
 */
public final class HttpRequest {
  private final String method;
  private final URI uri;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final Map<String, String> pathVariables;
  private final Optional<VerifiedCaller> caller;
  private final Optional<InetSocketAddress> remoteAddress;

  private HttpRequest(
      String method,
      URI uri,
      Map<String, List<String>> headers,
      byte[] body,
      Map<String, String> pathVariables,
      Optional<VerifiedCaller> caller,
      Optional<InetSocketAddress> remoteAddress) {
    this.method = method;
    this.uri = uri;
    this.headers = headers;
    this.body = body;
    this.pathVariables = pathVariables;
    this.caller = caller;
    this.remoteAddress = remoteAddress;
  }

  /**
   * A request without path variables or caller.
   *
   * @param method the method, e.g. {@code GET}; upper-cased
   * @param uri the absolute URI the request was sent to ({@code http://host:port/path?query})
   * @param headers header values by name (any case; names are lower-cased, lists copied)
   * @param body the body bytes (copied), empty for none
   */
  public static HttpRequest of(
      String method, URI uri, Map<String, List<String>> headers, byte[] body) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach(
        (name, values) ->
            copy.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .addAll(values));
    copy.replaceAll((k, v) -> List.copyOf(v));
    return new HttpRequest(
        method.toUpperCase(Locale.ROOT),
        uri,
        Collections.unmodifiableMap(copy),
        body.clone(),
        Map.of(),
        Optional.empty(),
        Optional.empty());
  }

  /** The method, upper case ({@code GET}, {@code HEAD}, {@code PUT}, ...). */
  public String method() {
    return method;
  }

  /** The absolute URI of the request, built from the {@code Host} header and the target. */
  public URI uri() {
    return uri;
  }

  /** The raw (still percent-encoded) path of {@link #uri()}. */
  public String path() {
    String raw = uri.getRawPath();
    return raw == null || raw.isEmpty() ? "/" : raw;
  }

  /** The first value of a header. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** All values of a header, in order; empty if absent. */
  public List<String> headers(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /** All headers by lower-case name; unmodifiable. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** A copy of the body; empty for none. */
  public byte[] body() {
    return body.clone();
  }

  /** The body length in bytes. */
  public int bodyLength() {
    return body.length;
  }

  /** The body decoded as UTF-8 (malformed sequences replaced). */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * The body as strict JSON (no duplicate keys, limited depth).
   *
   * @throws org.anp.identity.IdentityException {@code INVALID_JSON} (400) if it is not JSON
   */
  public JsonNode bodyJson() {
    return StrictJson.parse(body, Math.max(body.length, 1));
  }

  /**
   * The percent-decoded value of the route's {@code {name}} segment; for a {@code /**} route the
   * name {@code **} gives the raw rest of the path after the prefix (possibly empty).
   *
   * @throws IllegalArgumentException if the route has no such variable
   */
  public String pathVariable(String name) {
    String value = pathVariables.get(name);
    if (value == null) {
      throw new IllegalArgumentException("the route has no path variable '" + name + "'");
    }
    return value;
  }

  /** The DID that authenticated this request; present on {@link AuthPolicy#REQUIRED} routes. */
  public Optional<VerifiedCaller> caller() {
    return caller;
  }

  /** This request with the given path variables (copied). */
  public HttpRequest withPathVariables(Map<String, String> variables) {
    return new HttpRequest(method, uri, headers, body, Map.copyOf(variables), caller, remoteAddress);
  }

  /** This request with an authenticated caller. */
  public HttpRequest withCaller(VerifiedCaller verified) {
    Objects.requireNonNull(verified, "verified");
    return new HttpRequest(method, uri, headers, body, pathVariables, Optional.of(verified), remoteAddress);
  }

  /**
   * The peer's address (the TCP connection's, not a forwarded header), when the server supplies
   * it; per-address limits such as the DID host's creation quota key on it.
   */
  public Optional<InetSocketAddress> remoteAddress() {
    return remoteAddress;
  }

  /** This request with the peer's address. */
  public HttpRequest withRemoteAddress(InetSocketAddress address) {
    Objects.requireNonNull(address, "address");
    return new HttpRequest(method, uri, headers, body, pathVariables, caller, Optional.of(address));
  }

  /** Method and path only: headers and body may carry credentials. */
  @Override
  public String toString() {
    return "HttpRequest[" + method + " " + path() + "]";
  }
}
