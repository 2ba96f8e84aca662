package org.anp.identity.auth;

/** How a {@link VerifiedCaller} proved its DID. */
public enum AuthScheme {
  /** The {@code Authorization: DIDWba ...} header (or its legacy {@code DID ...} form). */
  DIDWBA_HEADER,
  /** RFC 9421 HTTP message signatures ({@code Signature-Input} and {@code Signature}). */
  HTTP_SIGNATURE,
  /** An access token issued earlier by {@link AccessTokenService}. */
  BEARER_TOKEN,
  /** The JSON-body login of spec/identity.md 1.6. */
  JSON_LOGIN
}
