package org.anp.identity.did;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code proof} object of a DID document, as received. This type only carries the values;
 * verifying them is the job of the proof verifiers, which work on {@link #json()}.
 *
 * <p>Immutable and thread-safe: {@link #json()} returns a copy.
 *
 * @param type the proof type, e.g. {@code DataIntegrityProof}; never used to choose a curve
 * @param cryptosuite the cryptosuite of a {@code DataIntegrityProof}, if present
 * @param created the creation time as written (not parsed here)
 * @param verificationMethod the id of the verification method that made the proof
 * @param proofPurpose the proof purpose, e.g. {@code assertionMethod}
 * @param proofValue the encoded signature
 * @param json the proof object as received
 */
public record DocumentProof(
    String type,
    Optional<String> cryptosuite,
    String created,
    String verificationMethod,
    String proofPurpose,
    String proofValue,
    ObjectNode json) {

  public DocumentProof {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(cryptosuite, "cryptosuite");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(verificationMethod, "verificationMethod");
    Objects.requireNonNull(proofPurpose, "proofPurpose");
    Objects.requireNonNull(proofValue, "proofValue");
    json = Objects.requireNonNull(json, "json").deepCopy();
  }

  /** A copy of the proof object as received. */
  @Override
  public ObjectNode json() {
    return json.deepCopy();
  }
}
