package org.anp.identity.proof;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.keys.KeyType;

/**
 * The document-proof suites this library signs and verifies, each naming the {@code proof.type}
 * (and, for {@code DataIntegrityProof}, the {@code proof.cryptosuite}) it is written with and the
 * key types it allows.
 *
 * <p>Every suite uses the same signing input (the one the reference SDK uses for did:wba
 * documents): {@code SHA-256(JCS(proof options)) || SHA-256(JCS(document without proof))}.
 * Ed25519 signs those 64 bytes; ECDSA signs them with SHA-256 and writes P1363 {@code r||s}.
 * The algorithm always follows the verification method's key; the suite name only has to allow it
 * (spec/README.md #2, #18).
 */
public enum ProofSuite {
  /** {@code EcdsaSecp256k1Signature2019}: secp256k1 keys. */
  ECDSA_SECP256K1_SIGNATURE_2019("EcdsaSecp256k1Signature2019", null, KeyType.SECP256K1),
  /** {@code EcdsaSecp256r1Signature2019}: P-256 keys. */
  ECDSA_SECP256R1_SIGNATURE_2019("EcdsaSecp256r1Signature2019", null, KeyType.SECP256R1),
  /** {@code Ed25519Signature2020}: Ed25519 keys. */
  ED25519_SIGNATURE_2020("Ed25519Signature2020", null, KeyType.ED25519),
  /** {@code DataIntegrityProof} with cryptosuite {@code eddsa-jcs-2022}: Ed25519 keys. */
  EDDSA_JCS_2022(ProofSuite.DATA_INTEGRITY_PROOF, "eddsa-jcs-2022", KeyType.ED25519),
  /** {@code DataIntegrityProof} with cryptosuite {@code ecdsa-jcs-2019}: P-256 keys. */
  ECDSA_JCS_2019(ProofSuite.DATA_INTEGRITY_PROOF, "ecdsa-jcs-2019", KeyType.SECP256R1),
  /**
   * {@code DataIntegrityProof} with cryptosuite {@code didwba-jcs-ecdsa-secp256k1-2025}: secp256k1
   * keys.
   */
  DIDWBA_JCS_ECDSA_SECP256K1_2025(
      ProofSuite.DATA_INTEGRITY_PROOF, "didwba-jcs-ecdsa-secp256k1-2025", KeyType.SECP256K1);

  /** The {@code proof.type} of every Data Integrity suite. */
  public static final String DATA_INTEGRITY_PROOF = "DataIntegrityProof";

  private final String proofType;
  private final String cryptosuite;
  private final Set<KeyType> keyTypes;

  ProofSuite(String proofType, String cryptosuite, KeyType keyType) {
    this.proofType = proofType;
    this.cryptosuite = cryptosuite;
    this.keyTypes = Set.copyOf(EnumSet.of(keyType));
  }

  /** The value of {@code proof.type}. */
  public String proofType() {
    return proofType;
  }

  /** The value of {@code proof.cryptosuite}; present only for Data Integrity suites. */
  public Optional<String> cryptosuite() {
    return Optional.ofNullable(cryptosuite);
  }

  /** The key types a verification method may have to sign with this suite. */
  public Set<KeyType> keyTypes() {
    return keyTypes;
  }

  /** Whether a key of {@code type} may sign with this suite. */
  public boolean allows(KeyType type) {
    return keyTypes.contains(type);
  }

  /**
   * The suite named by a proof's {@code type} and {@code cryptosuite}.
   *
   * @throws IdentityException {@code INVALID_PROOF} for an unknown combination, naming both values
   */
  public static ProofSuite from(String proofType, Optional<String> cryptosuite) {
    for (ProofSuite suite : values()) {
      if (suite.proofType.equals(proofType)
          && Optional.ofNullable(suite.cryptosuite).equals(cryptosuite)) {
        return suite;
      }
    }
    throw new IdentityException(
        IdentityError.INVALID_PROOF,
        "proof.type/proof.cryptosuite: unsupported suite "
            + proofType
            + cryptosuite.map(c -> "/" + c).orElse(""));
  }

  /** The suite this library writes for a key of {@code type}: the Data Integrity one. */
  public static ProofSuite defaultFor(KeyType type) {
    return switch (type) {
      case ED25519 -> EDDSA_JCS_2022;
      case SECP256R1 -> ECDSA_JCS_2019;
      case SECP256K1 -> DIDWBA_JCS_ECDSA_SECP256K1_2025;
      case X25519 -> throw new IllegalArgumentException("X25519 keys cannot sign");
    };
  }
}
