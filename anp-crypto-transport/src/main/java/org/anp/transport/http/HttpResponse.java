package org.anp.transport.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.anp.identity.json.StrictJson;

/**
 * A response a handler returns: status, headers and body. The server adds {@code
 * Content-Length}, {@code Connection} and (for {@code HEAD}) drops the body.
 *
 * <p>Immutable and thread-safe; {@link #body()} returns a copy. Header names are lower-cased.
 */
public final class HttpResponse {
  private final int status;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  private HttpResponse(int status, Map<String, List<String>> headers, byte[] body) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status out of range 100..599: " + status);
    }
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  /** An empty response with this status (100..599). */
  public static HttpResponse of(int status) {
    return new HttpResponse(status, Map.of(), new byte[0]);
  }

  /** A response with a body of the given content type (bytes copied). */
  public static HttpResponse of(int status, String contentType, byte[] body) {
    Objects.requireNonNull(contentType, "contentType");
    return new HttpResponse(status, Map.of(), body.clone()).withHeader("content-type", contentType);
  }

  /** A JSON response ({@code application/json}), compact. */
  public static HttpResponse json(int status, JsonNode json) {
    Objects.requireNonNull(json, "json");
    byte[] bytes;
    try {
      bytes = StrictJson.mapper().writeValueAsBytes(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JsonNode tree always serializes", e);
    }
    return of(status, "application/json", bytes);
  }

  /** A plain-text response ({@code text/plain; charset=utf-8}). */
  public static HttpResponse text(int status, String text) {
    return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  /** The status code. */
  public int status() {
    return status;
  }

  /** Headers by lower-case name; unmodifiable. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of a header. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** A copy of the body. */
  public byte[] body() {
    return body.clone();
  }

  /** This response with one more value for a header (names are case-insensitive). */
  public HttpResponse withHeader(String name, String value) {
    Objects.requireNonNull(value, "value");
    String key = name.toLowerCase(Locale.ROOT);
    if (key.isEmpty() || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("bad header " + name);
    }
    Map<String, List<String>> copy = new LinkedHashMap<>(headers);
    List<String> values = new ArrayList<>(copy.getOrDefault(key, List.of()));
    values.add(value);
    copy.put(key, List.copyOf(values));
    return new HttpResponse(status, Collections.unmodifiableMap(copy), body);
  }

  /** This response with every header of {@code extra} added. */
  public HttpResponse withHeaders(Map<String, String> extra) {
    HttpResponse out = this;
    for (Map.Entry<String, String> e : extra.entrySet()) {
      out = out.withHeader(e.getKey(), e.getValue());
    }
    return out;
  }

  @Override
  public String toString() {
    return "HttpResponse[" + status + ", " + body.length + " bytes]";
  }
}
