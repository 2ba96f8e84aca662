package org.anp.transport.relay;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code proof} of one router entry of a {@code register} frame (spec/e2e-transport.md
 * 10.3). {@code type} is informational: the key, and with it the algorithm, comes from the
 * verification method in the router's DID document. Immutable.
 *
 * @param type the proof type text, e.g. {@code EcdsaSecp256r1Signature2019}
 * @param created when the entry was signed; the relay accepts it within its time window
 * @param proofPurpose {@code assertionMethod} when present (the reference SDK writes it)
 * @param verificationMethod the absolute id of the signing key, {@code <router DID>#<fragment>}
 * @param proofValue the signature, base64url without padding (64 bytes decoded)
 */
public record RouterProof(
    String type,
    Instant created,
    Optional<String> proofPurpose,
    String verificationMethod,
    String proofValue) {
  public RouterProof {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(proofPurpose, "proofPurpose");
    Objects.requireNonNull(verificationMethod, "verificationMethod");
    Objects.requireNonNull(proofValue, "proofValue");
  }

  @Override
  public String toString() {
    return "RouterProof[" + type + ", " + created + ", " + verificationMethod + "]";
  }
}
