package org.anp.application.internal.description;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Multibase;
import org.anp.identity.json.Jcs;
import org.anp.identity.keys.KeyType;

/**
 * The arithmetic of an agent-description proof (spec/application.md section 5): the digest is
 * {@code SHA-256(JCS(description with proof, without proof.proofValue))}, and the key signs that
 * digest (ECDSA with SHA-256 over the 32 bytes, P1363 {@code r||s}; Ed25519 over the 32 bytes).
 */
public final class DescriptionProofs {
  private static final Map<KeyType, String> WRITTEN_TYPE =
      Map.of(
          KeyType.SECP256K1, "EcdsaSecp256k1Signature2019",
          KeyType.SECP256R1, "EcdsaSecp256r1Signature2019",
          KeyType.ED25519, "Ed25519Signature2020");
  private static final Map<KeyType, Set<String>> ACCEPTED_TYPES =
      Map.of(
          KeyType.SECP256K1, Set.of("EcdsaSecp256k1Signature2019", "DataIntegrityProof"),
          KeyType.SECP256R1, Set.of("EcdsaSecp256r1Signature2019", "DataIntegrityProof"),
          KeyType.ED25519,
          Set.of("Ed25519Signature2018", "Ed25519Signature2020", "DataIntegrityProof"));

  private DescriptionProofs() {}

  /** The {@code proof.type} written for a key of {@code type}. */
  public static String typeFor(KeyType type) {
    String written = WRITTEN_TYPE.get(type);
    if (written == null) {
      throw new IllegalArgumentException(type + " keys cannot sign");
    }
    return written;
  }

  /** Whether a proof of {@code proofType} may be made with a key of {@code keyType}. */
  public static boolean allows(String proofType, KeyType keyType) {
    return ACCEPTED_TYPES.getOrDefault(keyType, Set.of()).contains(proofType);
  }

  /**
   * The digest a proof signs: the description with its proof, {@code proofValue} removed,
   * canonicalized with JCS and hashed with SHA-256. {@code description} is not changed.
   */
  public static byte[] digest(ObjectNode description) {
    // Shallow copies: the members are shared, only the two objects that change are new.
    ObjectNode copy = description.objectNode();
    copy.setAll(description);
    JsonNode proof = copy.get("proof");
    if (proof instanceof ObjectNode p) {
      ObjectNode withoutValue = p.objectNode();
      withoutValue.setAll(p);
      withoutValue.remove("proofValue");
      copy.set("proof", withoutValue);
    }
    try {
      return MessageDigest.getInstance("SHA-256").digest(Jcs.canonicalBytes(copy));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /**
   * The signatures a proof value may stand for: base64url without padding (what the spec says
   * and this library writes) and, for a {@code z…} value, multibase base58btc (what the spec's
   * example shows, Q22). Values that decode in neither are skipped.
   */
  public static List<byte[]> signatures(String proofValue) {
    List<byte[]> out = new ArrayList<>(2);
    decode(() -> Base64Codec.decodeUrl(proofValue)).ifPresent(out::add);
    if (proofValue.startsWith("z")) {
      decode(() -> Multibase.decodeBase58Btc(proofValue)).ifPresent(out::add);
    }
    return out;
  }

  private interface Decoder {
    byte[] decode();
  }

  private static Optional<byte[]> decode(Decoder decoder) {
    try {
      return Optional.of(decoder.decode());
    } catch (IdentityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
