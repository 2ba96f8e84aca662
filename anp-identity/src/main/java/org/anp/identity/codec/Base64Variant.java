package org.anp.identity.codec;

/**
 * The two Base64 alphabets ANP uses, always named explicitly (spec ambiguity 25): signatures,
 * JWK coordinates and thumbprints use {@link #URL_NO_PAD}; AES-GCM fields and HTTP
 * {@code Signature} headers use {@link #STANDARD}.
 */
public enum Base64Variant {
  /** RFC 4648 section 4, standard alphabet, written with padding; padding required on read. */
  STANDARD,
  /** RFC 4648 section 5, URL-safe alphabet, written without padding; padding accepted on read. */
  URL_NO_PAD
}
