package org.anp.identity.wba;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;

/**
 * A did:wba identifier split into its parts (spec/identity.md 1.1): a DNS host name, an optional
 * port (written {@code %3A<port>}) and colon-separated path segments.
 *
 * <p>Parsing normalizes the host to lower case and {@code %3a} to {@code %3A}; path segments are
 * kept verbatim. IP addresses, empty segments, bad host labels and ports outside 1..65535 are
 * rejected with {@code INVALID_DID}. Immutable and thread-safe.
 *
 * @param host the lower-case host name
 * @param port the port, when the DID names one
 * @param path the path segments, possibly empty
 */
public record DidWba(String host, OptionalInt port, List<String> path) {
  private static final String PREFIX = "did:wba:";

  /** Validates and copies the parts; see {@link #of(String, OptionalInt, List)}. */
  public DidWba {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(port, "port");
    path = List.copyOf(path);
    validateHost(host);
    if (port.isPresent() && (port.getAsInt() < 1 || port.getAsInt() > 65535)) {
      throw invalid("port: out of range 1..65535: " + port.getAsInt());
    }
    for (int i = 0; i < path.size(); i++) {
      validateSegment(path.get(i), i);
    }
  }

  /**
   * A did:wba identifier from its parts; the host is lower-cased.
   *
   * @throws IdentityException {@code INVALID_DID} naming the bad part
   */
  public static DidWba of(String host, OptionalInt port, List<String> path) {
    return new DidWba(host.toLowerCase(Locale.ROOT), port, path);
  }

  /** Parses a did:wba DID; see {@link #parse(String)}. */
  public static DidWba parse(Did did) {
    return parse(did.toString());
  }

  /**
   * Parses {@code did:wba:<host>[%3A<port>][:<segment>]*}.
   *
   * @throws IdentityException {@code INVALID_DID} naming the bad part
   */
  public static DidWba parse(String did) {
    Objects.requireNonNull(did, "did");
    if (!did.startsWith(PREFIX)) {
      throw invalid("method: not a did:wba DID");
    }
    String msi = did.substring(PREFIX.length());
    if (msi.isEmpty()) {
      throw invalid("method-specific-id: empty");
    }
    String[] parts = msi.split(":", -1);
    String hostPart = parts[0];
    String host = hostPart;
    OptionalInt port = OptionalInt.empty();
    int pct = hostPart.toLowerCase(Locale.ROOT).indexOf("%3a");
    if (pct >= 0) {
      host = hostPart.substring(0, pct);
      String digits = hostPart.substring(pct + 3);
      if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw invalid("port: not a decimal port number: " + digits);
      }
      port = OptionalInt.of(Integer.parseInt(digits));
    }
    return of(host, port, List.of(parts).subList(1, parts.length));
  }

  /** The DID in normalized form. */
  public Did toDid() {
    return Did.parse(toString());
  }

  /**
   * The HTTPS URL of the DID document (spec/identity.md 1.2): {@code https://host[:port]/} + the
   * path segments joined by {@code /} (or {@code .well-known}) + {@code /did.json}.
   */
  public URI documentUrl() {
    StringBuilder url = new StringBuilder("https://").append(host);
    port.ifPresent(p -> url.append(':').append(p));
    url.append('/').append(path.isEmpty() ? ".well-known" : String.join("/", path));
    return URI.create(url.append("/did.json").toString());
  }

  /** The last path segment, if any (where a key-bound DID carries its binding). */
  public Optional<String> lastSegment() {
    return path.isEmpty() ? Optional.empty() : Optional.of(path.get(path.size() - 1));
  }

  /** The DID text in normalized form. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(PREFIX).append(host);
    port.ifPresent(p -> s.append("%3A").append(p));
    for (String segment : path) {
      s.append(':').append(segment);
    }
    return s.toString();
  }

  private static void validateHost(String host) {
    if (host.isEmpty()) {
      throw invalid("host: empty");
    }
    if (host.length() > 253) {
      throw invalid("host: longer than 253 characters");
    }
    if (host.startsWith("[") || host.contains("%")) {
      throw invalid("host: IP addresses and percent-encoding are not allowed: " + host);
    }
    String[] labels = host.split("\\.", -1);
    for (String label : labels) {
      if (label.isEmpty() || label.length() > 63) {
        throw invalid("host: empty or over-long label in " + host);
      }
      if (label.startsWith("-") || label.endsWith("-")) {
        throw invalid("host: label starts or ends with '-' in " + host);
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
          throw invalid("host: invalid character '" + c + "' in " + host);
        }
      }
    }
    String last = labels[labels.length - 1];
    if (last.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw invalid("host: IP addresses are not allowed: " + host);
    }
  }

  private static void validateSegment(String segment, int index) {
    if (segment.isEmpty()) {
      throw invalid("path[" + index + "]: empty segment");
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '-'
              || c == '_';
      if (c == '%') {
        if (i + 2 >= segment.length() || !isHex(segment.charAt(i + 1)) || !isHex(segment.charAt(i + 2))) {
          throw invalid("path[" + index + "]: bad percent-encoding in " + segment);
        }
        i += 2;
      } else if (!plain) {
        throw invalid("path[" + index + "]: invalid character '" + c + "' in " + segment);
      }
    }
    if (segment.equals(".") || segment.equals("..")) {
      throw invalid("path[" + index + "]: dot segment not allowed");
    }
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static IdentityException invalid(String message) {
    return new IdentityException(IdentityError.INVALID_DID, "did:wba " + message);
  }
}
