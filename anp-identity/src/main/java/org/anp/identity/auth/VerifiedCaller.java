package org.anp.identity.auth;

import java.time.Instant;
import java.util.Objects;
import org.anp.identity.did.Did;

/**
 * A DID that proved control of an HTTP request, after every check passed. Only
 * {@link DidWbaVerifier} and {@link AccessTokenService} construct it (STYLE.md S6), so holding one
 * means verification happened. Immutable and thread-safe.
 */
public final class VerifiedCaller {
  private final Did did;
  private final String verificationMethod;
  private final Instant signedAt;
  private final AuthScheme scheme;

  VerifiedCaller(Did did, String verificationMethod, Instant signedAt, AuthScheme scheme) {
    this.did = Objects.requireNonNull(did, "did");
    this.verificationMethod = Objects.requireNonNull(verificationMethod, "verificationMethod");
    this.signedAt = Objects.requireNonNull(signedAt, "signedAt");
    this.scheme = Objects.requireNonNull(scheme, "scheme");
  }

  /** The authenticated DID. */
  public Did did() {
    return did;
  }

  /**
   * The absolute id of the verification method that signed ({@code did#fragment}). For a bearer
   * token it is the method recorded in the token; a token issued by another implementation that
   * records none (the reference SDK's RS256 tokens) gives the empty string.
   */
  public String verificationMethod() {
    return verificationMethod;
  }

  /** When the request was signed (for a bearer token: when the token was issued). */
  public Instant signedAt() {
    return signedAt;
  }

  /** How the caller authenticated. */
  public AuthScheme scheme() {
    return scheme;
  }

  @Override
  public String toString() {
    return "VerifiedCaller[" + did + ", " + scheme + "]";
  }
}
