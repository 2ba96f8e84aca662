package org.anp.transport.e2e;

import java.time.Instant;
import java.util.Objects;

/**
 * The proof of a hello: suite name (ignored on verification, spec ambiguity 18), creation time,
 * verification-method id and the base64url signature text.
 */
public record HelloProof(String type, Instant created, String verificationMethod, String proofValue) {
  public HelloProof {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(verificationMethod, "verificationMethod");
    Objects.requireNonNull(proofValue, "proofValue");
  }
}
