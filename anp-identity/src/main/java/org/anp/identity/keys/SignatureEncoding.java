package org.anp.identity.keys;

/**
 * How an ECDSA signature {@code (r, s)} is written as bytes. Always chosen explicitly, never
 * guessed from the input (spec ambiguity 10). Ed25519 signatures have one form, the 64-byte
 * {@code R||S} string, which corresponds to {@link #P1363_FIXED}.
 */
public enum SignatureEncoding {
  /**
   * IEEE P1363 / JOSE form: {@code r||s}, each left-padded to the curve size (32 + 32 bytes for
   * the curves ANP uses). Used by did:wba, did:all, E2E hellos and JWS ES256/ES256K.
   */
  P1363_FIXED,
  /** ASN.1 DER {@code SEQUENCE { INTEGER r, INTEGER s }}, as X.509 and Java's SHA256withECDSA. */
  DER
}
