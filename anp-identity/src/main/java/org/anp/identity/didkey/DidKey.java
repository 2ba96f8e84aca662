package org.anp.identity.didkey;

import java.util.Objects;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.internal.didkey.DidKeyCodec;
import org.anp.identity.keys.PublicKeyMaterial;

/**
 * did:key identifiers (W3C CCG did:key method 0.7) for Ed25519, X25519, secp256k1 and P-256 keys:
 * {@code did:key:z} + base58btc(multicodec prefix ‖ key), EC keys as compressed points
 * ({@code z6Mk…}, {@code z6LS…}, {@code zQ3s…}, {@code zDn…}). Offline; for tests and for peers
 * that need no hosted document. Thread-safe.
 */
public final class DidKey {
  private DidKey() {}

  /** The did:key of a public key. */
  public static Did from(PublicKeyMaterial key) {
    return DidKeyCodec.toDid(Objects.requireNonNull(key, "key"));
  }

  /**
   * The public key a did:key encodes.
   *
   * @throws IdentityException {@code INVALID_DID} for another method or a non-{@code z} id,
   *     {@code INVALID_ENCODING}, {@code UNSUPPORTED_KEY_TYPE} (e.g. P-384) or {@code INVALID_KEY}
   */
  public static PublicKeyMaterial publicKey(Did did) {
    return DidKeyCodec.publicKey(Objects.requireNonNull(did, "did"));
  }

  /**
   * The DID document of a did:key: one {@code Multikey} method {@code <did>#<method-specific-id>}
   * listed in authentication, assertionMethod, capabilityInvocation and capabilityDelegation when
   * the key can sign, and in keyAgreement when it can agree (X25519, P-256). The X25519 key that
   * the did:key spec optionally derives from an Ed25519 key is not added.
   *
   * @throws IdentityException as {@link #publicKey(Did)}
   */
  public static DidDocument document(Did did) {
    return DidKeyCodec.document(Objects.requireNonNull(did, "did"));
  }
}
