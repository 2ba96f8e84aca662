package org.anp.identity.did;

import java.util.Objects;
import java.util.Optional;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.keys.KeyType;

/**
 * The verification method types this library reads (spec/identity.md 1.3, spec/README.md #2-#4).
 * A type either fixes the key type ({@link #keyType()} present) or takes it from the key itself
 * ({@code JsonWebKey2020} from the JWK {@code crv}, {@code Multikey} from the multicodec prefix).
 */
public enum VerificationMethodType {
  ECDSA_SECP256K1_VERIFICATION_KEY_2019("EcdsaSecp256k1VerificationKey2019", KeyType.SECP256K1),
  /** An extension of did:wba used by did:all and the E2E hellos (spec/README.md #2). */
  ECDSA_SECP256R1_VERIFICATION_KEY_2019("EcdsaSecp256r1VerificationKey2019", KeyType.SECP256R1),
  ED25519_VERIFICATION_KEY_2018("Ed25519VerificationKey2018", KeyType.ED25519),
  ED25519_VERIFICATION_KEY_2020("Ed25519VerificationKey2020", KeyType.ED25519),
  JSON_WEB_KEY_2020("JsonWebKey2020", null),
  MULTIKEY("Multikey", null),
  X25519_KEY_AGREEMENT_KEY_2019("X25519KeyAgreementKey2019", KeyType.X25519),
  /** The multibase successor of the 2019 type, emitted by did:key implementations. */
  X25519_KEY_AGREEMENT_KEY_2020("X25519KeyAgreementKey2020", KeyType.X25519);

  private final String wireName;
  private final KeyType keyType;

  VerificationMethodType(String wireName, KeyType keyType) {
    this.wireName = wireName;
    this.keyType = keyType;
  }

  /** The {@code type} string of the verification method JSON. */
  public String wireName() {
    return wireName;
  }

  /** The key type this verification method type requires, if it fixes one. */
  public Optional<KeyType> keyType() {
    return Optional.ofNullable(keyType);
  }

  /**
   * The type with the given wire name (case-sensitive).
   *
   * @throws IdentityException {@code UNSUPPORTED_VERIFICATION_METHOD} for any other name
   */
  public static VerificationMethodType fromWireName(String wireName) {
    Objects.requireNonNull(wireName, "wireName");
    for (VerificationMethodType t : values()) {
      if (t.wireName.equals(wireName)) {
        return t;
      }
    }
    throw new IdentityException(
        IdentityError.UNSUPPORTED_VERIFICATION_METHOD,
        "type: unsupported verification method type '" + wireName + "'");
  }
}
