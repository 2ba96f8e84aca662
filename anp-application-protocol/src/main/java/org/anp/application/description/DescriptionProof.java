package org.anp.application.description;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@code proof} member of an agent description as written (ANP-07 "Proof"). Holding one says
 * nothing about its validity: only {@link DescriptionVerifier} checks it.
 *
 * @param type the signature type, such as {@code EcdsaSecp256k1Signature2019}
 * @param created when it was signed (ISO 8601, as written)
 * @param proofPurpose {@code assertionMethod}
 * @param verificationMethod the absolute id of the signing verification method
 * @param domain the host the description is meant to be served from
 * @param challenge a random string; required whenever {@code domain} is present
 * @param proofValue the signature, base64url (or multibase {@code z…})
 * @param extensions members not listed above
 */
public record DescriptionProof(
    String type,
    String created,
    String proofPurpose,
    String verificationMethod,
    Optional<String> domain,
    Optional<String> challenge,
    String proofValue,
    Extensions extensions) {
  public DescriptionProof {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(proofPurpose, "proofPurpose");
    Objects.requireNonNull(verificationMethod, "verificationMethod");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(challenge, "challenge");
    Objects.requireNonNull(proofValue, "proofValue");
    Objects.requireNonNull(extensions, "extensions");
  }

  @Override
  public String toString() {
    return "DescriptionProof[" + type + ", " + verificationMethod + ", " + created + "]";
  }
}
