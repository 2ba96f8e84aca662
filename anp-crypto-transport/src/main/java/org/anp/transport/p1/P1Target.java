package org.anp.transport.p1;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code meta.target} of a P1 request (P1 section 6.2.5): what kind of thing is addressed and
 * its DID. The DID is the business DID, never a transport URL.
 *
 * @param kind agent, group or service
 * @param did the target DID; starts with {@code did:}
 */
public record P1Target(Kind kind, String did) {

  /** {@code meta.target.kind}. */
  public enum Kind {
    AGENT,
    GROUP,
    SERVICE;

    /** The wire value: {@code agent}, {@code group} or {@code service}. */
    public String wireValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Checks the parts. */
  public P1Target {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(did, "did");
    if (!did.startsWith("did:")) {
      throw new IllegalArgumentException("target.did: not a DID");
    }
  }

  /** An agent-addressed target. */
  public static P1Target agent(String did) {
    return new P1Target(Kind.AGENT, did);
  }

  /** {@code {"kind":..,"did":..}}. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("kind", kind.wireValue());
    o.put("did", did);
    return o;
  }

  /**
   * The origin-proof {@code @target-uri} of this target (P1 Appendix A.4): {@code
   * anp://<kind>/<percent-encoded DID>}, where every byte of the DID's UTF-8 form outside the
   * RFC 3986 unreserved set is percent-encoded with upper-case hex.
   */
  public String targetUri() {
    StringBuilder out = new StringBuilder("anp://").append(kind.wireValue()).append('/');
    for (byte b : did.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean unreserved =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
      if (unreserved) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
