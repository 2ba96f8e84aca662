package org.anp.identity.didweb;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;

/**
 * A did:web identifier (W3C did:web; ANP-02 1.2 Appendix B): {@code
 * did:web:<host>[%3A<port>][:<segment>]*}, whose document is served at {@code
 * https://host[:port]/<segments joined by />/did.json}, or {@code /.well-known/did.json} without
 * segments. Unlike did:wba, a did:web DID carries no key binding and its document needs no proof.
 * Immutable.
 *
 * @param host the lower-case host name
 * @param port the port, when the DID names one
 * @param path the path segments, possibly empty
 */
public record DidWeb(String host, OptionalInt port, List<String> path) {
  private static final String PREFIX = "did:web:";
  private static final int MAX_LENGTH = 2048;

  /** Validates and copies the parts. */
  public DidWeb {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(port, "port");
    path = List.copyOf(path);
    if (!host.matches("[a-z0-9]([a-z0-9-]{0,62})(\\.[a-z0-9]([a-z0-9-]{0,62}))*")) {
      throw invalid("host: not a lower-case DNS name: " + printable(host));
    }
    if (port.isPresent() && (port.getAsInt() < 1 || port.getAsInt() > 65535)) {
      throw invalid("port: out of range 1..65535");
    }
    for (String segment : path) {
      if (!segment.matches("[A-Za-z0-9._~!$&'()*+,;=@%-]{1,255}") || segment.equals(".") || segment.equals("..")) {
        throw invalid("path: bad segment " + printable(segment));
      }
    }
  }

  /** Parses a did:web DID; see {@link #parse(String)}. */
  public static DidWeb parse(Did did) {
    return parse(Objects.requireNonNull(did, "did").toString());
  }

  /**
   * Parses {@code did:web:<host>[%3A<port>][:<segment>]*}; the host is lower-cased.
   *
   * @throws IdentityException {@code INVALID_DID} naming the bad part
   */
  public static DidWeb parse(String did) {
    Objects.requireNonNull(did, "did");
    if (did.length() > MAX_LENGTH) {
      throw invalid("longer than " + MAX_LENGTH + " characters");
    }
    if (!did.startsWith(PREFIX) || did.length() == PREFIX.length()) {
      throw invalid("method: not a did:web DID");
    }
    String[] parts = did.substring(PREFIX.length()).split(":", -1);
    String host = parts[0];
    OptionalInt port = OptionalInt.empty();
    int pct = host.toLowerCase(Locale.ROOT).indexOf("%3a");
    if (pct >= 0) {
      String digits = host.substring(pct + 3);
      if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw invalid("port: not a decimal port number");
      }
      port = OptionalInt.of(Integer.parseInt(digits));
      host = host.substring(0, pct);
    }
    return new DidWeb(host.toLowerCase(Locale.ROOT), port, List.of(parts).subList(1, parts.length));
  }

  /** The DID in normalized form. */
  public Did toDid() {
    return Did.parse(toString());
  }

  /** The HTTPS URL of the DID document. */
  public URI documentUrl() {
    StringBuilder url = new StringBuilder("https://").append(host);
    port.ifPresent(p -> url.append(':').append(p));
    url.append('/').append(path.isEmpty() ? ".well-known" : String.join("/", path));
    return URI.create(url.append("/did.json").toString());
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(PREFIX).append(host);
    port.ifPresent(p -> s.append("%3A").append(p));
    path.forEach(seg -> s.append(':').append(seg));
    return s.toString();
  }

  private static String printable(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && i < 64; i++) {
      char c = s.charAt(i);
      out.append(c < 0x20 || c > 0x7e ? '?' : c);
    }
    return out.toString();
  }

  private static IdentityException invalid(String detail) {
    return new IdentityException(IdentityError.INVALID_DID, "did:web: " + detail);
  }
}
