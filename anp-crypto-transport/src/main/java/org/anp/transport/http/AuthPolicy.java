package org.anp.transport.http;

/**
 * Whether a route needs DID authentication (spec/identity.md 1.4, 1.5) before its handler runs.
 * The server's verifier (or ANP-02 1.2 gate) checks the {@code Authorization: DIDWba ...} or {@code
 * Bearer} header or the RFC 9421 {@code Signature-Input}/{@code Signature} headers and puts the
 * {@code VerifiedCaller} into {@link HttpRequest#caller()}.
 */
public enum AuthPolicy {
  /** The header is not looked at; {@link HttpRequest#caller()} is empty. */
  NONE,
  /**
   * A present header must verify (a bad one is refused with 401); without a header the handler
   * runs with an empty caller.
   */
  OPTIONAL,
  /** The header must be present and verify, else 401 with a challenge; the caller is present. */
  REQUIRED
}
