package org.anp.identity.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * The versions of the {@code DIDWba} header (spec/README.md #7): they differ in the name of the
 * signed field that carries the server's host, {@code service} in 1.0 and {@code aud} in 1.1.
 */
public enum AuthVersion {
  /** {@code v="1.0"}: the signed JSON names the host {@code service} (the snapshot spec). */
  V1_0("1.0", "service"),
  /** {@code v="1.1"}: the signed JSON names the host {@code aud} (newer reference clients). */
  V1_1("1.1", "aud");

  private final String wireValue;
  private final String domainField;

  AuthVersion(String wireValue, String domainField) {
    this.wireValue = wireValue;
    this.domainField = domainField;
  }

  /** The value of the header's {@code v} parameter, e.g. {@code 1.1}. */
  public String wireValue() {
    return wireValue;
  }

  /** The member of the signed JSON that holds the host: {@code service} or {@code aud}. */
  public String domainField() {
    return domainField;
  }

  /**
   * The version a {@code v} parameter names: below 1.1 is 1.0, 1.1 and above is 1.1 (a numeric
   * {@code major.minor} comparison); empty for text that is not such a number.
   */
  public static Optional<AuthVersion> fromWire(String v) {
    Objects.requireNonNull(v, "v");
    if (!v.matches("[0-9]{1,3}(\\.[0-9]{1,3})?")) {
      return Optional.empty();
    }
    int dot = v.indexOf('.');
    int major = Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
    int minor = dot < 0 ? 0 : Integer.parseInt(v.substring(dot + 1));
    return Optional.of(major > 1 || (major == 1 && minor >= 1) ? V1_1 : V1_0);
  }
}
