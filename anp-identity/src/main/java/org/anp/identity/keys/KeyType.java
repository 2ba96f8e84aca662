package org.anp.identity.keys;

import java.util.Objects;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;

/**
 * The key types ANP uses: two ECDSA curves and Ed25519 for signatures, X25519 and P-256 for key
 * agreement. Each constant knows its JWK {@code crv} name (RFC 7518 section 6.2.1.1, RFC 8037
 * section 2 and RFC 8812 section 3.1 for secp256k1).
 *
 * <p>The curve of a key is always taken from its own description (JWK {@code crv}, SPKI/PKCS#8
 * algorithm identifier), never from a proof type (spec pitfall 6).
 */
public enum KeyType {
  /** NIST P-256 (prime256v1): ECDSA with SHA-256 and ECDH. */
  SECP256R1("P-256", true, true),
  /** secp256k1: ECDSA with SHA-256 only (no agreement is defined for it in ANP). */
  SECP256K1("secp256k1", true, false),
  /** Ed25519 (RFC 8032), pure EdDSA. */
  ED25519("Ed25519", true, false),
  /** X25519 (RFC 7748) Diffie-Hellman; cannot sign. */
  X25519("X25519", false, true);

  private final String jwkCurve;
  private final boolean canSign;
  private final boolean canAgree;

  KeyType(String jwkCurve, boolean canSign, boolean canAgree) {
    this.jwkCurve = jwkCurve;
    this.canSign = canSign;
    this.canAgree = canAgree;
  }

  /**
   * The JWK {@code crv} value: {@code P-256}, {@code secp256k1}, {@code Ed25519} or
   * {@code X25519}.
   */
  public String jwkCurve() {
    return jwkCurve;
  }

  /** The JWK {@code kty} value: {@code EC} for the Weierstrass curves, {@code OKP} otherwise. */
  public String jwkKeyType() {
    return isEc() ? "EC" : "OKP";
  }

  /** Whether keys of this type produce and verify signatures. */
  public boolean canSign() {
    return canSign;
  }

  /** Whether keys of this type take part in a Diffie-Hellman key agreement. */
  public boolean canAgree() {
    return canAgree;
  }

  /** Whether this is one of the short-Weierstrass curves (P-256, secp256k1). */
  public boolean isEc() {
    return this == SECP256R1 || this == SECP256K1;
  }

  /**
   * The key type with the given JWK {@code crv} name, compared exactly (JWK names are
   * case-sensitive).
   *
   * @throws IdentityException {@code UNSUPPORTED_KEY_TYPE} for any other curve name
   */
  public static KeyType fromJwkCurve(String crv) {
    Objects.requireNonNull(crv, "crv");
    for (KeyType type : values()) {
      if (type.jwkCurve.equals(crv)) {
        return type;
      }
    }
    throw new IdentityException(
        IdentityError.UNSUPPORTED_KEY_TYPE, "crv: unsupported curve '" + printable(crv) + "'");
  }

  /** Keeps attacker-chosen text short and free of control characters in messages. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < 40; i++) {
      char c = text.charAt(i);
      out.append(c < 0x20 || c > 0x7e ? '?' : c);
    }
    if (text.length() > 40) {
      out.append("...");
    }
    return out.toString();
  }
}
