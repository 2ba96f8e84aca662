/**
 * Keys and signatures: {@link org.anp.identity.keys.KeyType} (P-256, secp256k1, Ed25519,
 * X25519), {@link org.anp.identity.keys.PublicKeyMaterial} (raw, JWK, SPKI, RFC 7638
 * thumbprint, verification), {@link org.anp.identity.keys.PrivateKeyMaterial} (generation,
 * PKCS#8 and JWK import/export, signing, ECDH/X25519) and the did:wba digest-signing rule
 * {@link org.anp.identity.keys.Sha256DigestSigning}.
 *
 * <p>All elliptic-curve work runs on BouncyCastle's lightweight API; SHA-256 comes from the JDK.
 * Every failure caused by input is an {@link org.anp.identity.IdentityException} whose
 * {@link org.anp.identity.IdentityError} code is {@code INVALID_KEY}, {@code INVALID_SIGNATURE}
 * or {@code UNSUPPORTED_KEY_TYPE}.
 */
package org.anp.identity.keys;
