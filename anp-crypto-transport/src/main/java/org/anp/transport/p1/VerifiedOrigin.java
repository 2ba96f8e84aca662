package org.anp.transport.p1;

import java.time.Instant;
import java.util.Optional;

/**
 * A P1 origin proof that verified: who signed the request (the business origin, P1 Appendix A.8)
 * with which key, and when. Only {@link OriginProofs} and {@link OriginProofVerifier} make one.
 *
 * <p>Immutable and thread-safe.
 */
public final class VerifiedOrigin {
  private final String did;
  private final String keyId;
  private final Instant created;
  private final Optional<Instant> expires;
  private final Optional<String> nonce;

  VerifiedOrigin(String did, String keyId, Instant created, Optional<Instant> expires, Optional<String> nonce) {
    this.did = did;
    this.keyId = keyId;
    this.created = created;
    this.expires = expires;
    this.nonce = nonce;
  }

  /** The signer's DID; equals the request's {@code meta.sender_did}. */
  public String did() {
    return did;
  }

  /** The full DID URL of the signing key. */
  public String keyId() {
    return keyId;
  }

  /** {@code created} of the signature. */
  public Instant created() {
    return created;
  }

  /** {@code expires} of the signature, if given. */
  public Optional<Instant> expires() {
    return expires;
  }

  /** {@code nonce} of the signature, if given. */
  public Optional<String> nonce() {
    return nonce;
  }

  @Override
  public String toString() {
    return "VerifiedOrigin[" + keyId + "]";
  }
}
