package org.anp.identity.wba;

import java.util.Optional;
import org.anp.identity.keys.KeyType;
import org.anp.identity.proof.ProofSuite;

/**
 * The did:wba document layouts of the reference SDK ({@code create_did_wba_document}'s {@code
 * did_profile}); {@link DidWbaIdentity.Builder} writes them and {@link DidWbaDocumentVerifier}
 * enforces the key binding of {@link #E1} and {@link #K1}.
 */
public enum DidWbaProfile {
  /**
   * Ed25519 {@code Multikey} {@code key-1}, {@code DataIntegrityProof} with {@code eddsa-jcs-2022};
   * a DID with a path ends in {@code e1_<RFC 7638 thumbprint of key-1's OKP JWK>}.
   */
  E1("e1_", KeyType.ED25519, ProofSuite.EDDSA_JCS_2022),
  /**
   * secp256k1 JWK {@code key-1}, {@code DataIntegrityProof} with {@code
   * didwba-jcs-ecdsa-secp256k1-2025}; a DID with a path ends in {@code k1_<thumbprint of key-1's
   * EC JWK>}.
   */
  K1("k1_", KeyType.SECP256K1, ProofSuite.DIDWBA_JCS_ECDSA_SECP256K1_2025),
  /**
   * secp256k1 JWK {@code key-1} (with {@code kid}), {@code EcdsaSecp256k1Signature2019} proof, no
   * {@code assertionMethod}, no key binding.
   */
  PLAIN_LEGACY(null, KeyType.SECP256K1, ProofSuite.ECDSA_SECP256K1_SIGNATURE_2019);

  private final String bindingPrefix;
  private final KeyType keyType;
  private final ProofSuite proofSuite;

  DidWbaProfile(String bindingPrefix, KeyType keyType, ProofSuite proofSuite) {
    this.bindingPrefix = bindingPrefix;
    this.keyType = keyType;
    this.proofSuite = proofSuite;
  }

  /** The prefix of the last path segment that binds the DID to key-1, if the profile has one. */
  public Optional<String> bindingPrefix() {
    return Optional.ofNullable(bindingPrefix);
  }

  /** The key type of {@code key-1}. */
  public KeyType keyType() {
    return keyType;
  }

  /** The suite of the document proof. */
  public ProofSuite proofSuite() {
    return proofSuite;
  }

  /** The key-bound profile whose prefix {@code segment} starts with, if any. */
  public static Optional<DidWbaProfile> boundBy(String segment) {
    for (DidWbaProfile profile : values()) {
      if (profile.bindingPrefix != null && segment.startsWith(profile.bindingPrefix)) {
        return Optional.of(profile);
      }
    }
    return Optional.empty();
  }
}
