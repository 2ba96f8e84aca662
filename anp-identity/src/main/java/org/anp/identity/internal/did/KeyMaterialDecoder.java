package org.anp.identity.internal.did;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base58;
import org.anp.identity.codec.Hex;
import org.anp.identity.codec.Multibase;
import org.anp.identity.codec.Multicodec;
import org.anp.identity.did.VerificationMethodType;
import org.anp.identity.internal.keys.JwkCodec;
import org.anp.identity.keys.KeyType;

/**
 * Reads the public key of a verification method from whichever of the four key members it
 * carries, following spec/identity.md 1.3 "Accepted key material" and spec/README.md #3/#4.
 * Everything but the curve point is checked here; the point is decoded on first use
 * ({@link DeferredPublicKey}, decision 0007).
 */
public final class KeyMaterialDecoder {
  static final String JWK = "publicKeyJwk";
  static final String MULTIBASE = "publicKeyMultibase";
  static final String BASE58 = "publicKeyBase58";
  static final String HEX = "publicKeyHex";
  private static final List<String> KEY_MEMBERS = List.of(JWK, MULTIBASE, BASE58, HEX);

  private KeyMaterialDecoder() {}

  /** Reads and checks the key of {@code vm}, whose JSON path is {@code path}. */
  public static DeferredPublicKey decode(VerificationMethodType type, ObjectNode vm, String path) {
    List<String> present = new ArrayList<>();
    for (String member : KEY_MEMBERS) {
      if (vm.has(member)) {
        present.add(member);
      }
    }
    if (present.isEmpty()) {
      throw JsonFields.invalid(path, "no public key member (one of " + KEY_MEMBERS + ")");
    }
    if (present.size() > 1) {
      throw JsonFields.invalid(path, "more than one public key member " + present);
    }
    String member = present.get(0);
    String memberPath = JsonFields.child(path, member);
    if (!allowed(type, member)) {
      throw JsonFields.invalid(memberPath, "not allowed for type " + type.wireName());
    }
    JsonNode value = vm.get(member);
    DeferredPublicKey key;
    if (member.equals(JWK)) {
      ObjectNode jwk = JsonFields.object(value, memberPath);
      if (jwk.has("d")) {
        // DID Core 5.2.1: a public key JWK must not carry private key members.
        throw new IdentityException(IdentityError.INVALID_KEY, memberPath + ": contains the private member 'd'");
      }
      key = at(memberPath, () -> {
        JwkCodec.Parts parts = JwkCodec.parse(jwk, false);
        return DeferredPublicKey.encoded(parts.type(), parts.publicKey().orElseThrow(), memberPath);
      });
    } else {
      String text = JsonFields.string(value, memberPath);
      key = at(memberPath, () -> decodeText(type, member, text, memberPath));
    }
    Optional<KeyType> expected = type.keyType();
    if (expected.isPresent() && key.type() != expected.get()) {
      throw new IdentityException(
          IdentityError.INVALID_KEY,
          memberPath + ": type " + type.wireName() + " requires a " + expected.get()
              + " key, found " + key.type());
    }
    return key;
  }

  private static boolean allowed(VerificationMethodType type, String member) {
    switch (type) {
      case JSON_WEB_KEY_2020:
        return member.equals(JWK);
      case MULTIKEY:
        return member.equals(MULTIBASE);
      case ECDSA_SECP256K1_VERIFICATION_KEY_2019:
      case ECDSA_SECP256R1_VERIFICATION_KEY_2019:
        return true;
      default:
        return !member.equals(HEX);
    }
  }

  // Runs a decoder and puts the JSON path in front of its failure message.
  private static DeferredPublicKey at(String memberPath, Supplier<DeferredPublicKey> decoder) {
    try {
      return decoder.get();
    } catch (IdentityException e) {
      throw JsonFields.at(memberPath, e);
    }
  }

  private static DeferredPublicKey decodeText(
      VerificationMethodType type, String member, String text, String memberPath) {
    switch (member) {
      case MULTIBASE:
        return fromMultibase(type, text, memberPath);
      case BASE58:
        return fromRawForType(type, Base58.decode(text), memberPath);
      default:
        return fromHex(type, text, memberPath);
    }
  }

  private static DeferredPublicKey fromMultibase(VerificationMethodType type, String text, String memberPath) {
    byte[] bytes = Multibase.decode(text);
    if (type == VerificationMethodType.MULTIKEY) {
      Multicodec codec =
          Multicodec.identify(bytes)
              .orElseThrow(
                  () -> new IdentityException(
                      IdentityError.UNSUPPORTED_KEY_TYPE, "Multikey value has no supported multicodec prefix"));
      return DeferredPublicKey.encoded(keyTypeOf(codec), codec.stripPrefix(bytes), memberPath);
    }
    return fromRawForType(type, bytes, memberPath);
  }

  // A typed method may carry the bare key or the key behind its own multicodec prefix
  // (spec/README.md #4). The two never have the same length, so the length decides.
  private static DeferredPublicKey fromRawForType(VerificationMethodType type, byte[] bytes, String memberPath) {
    KeyType keyType = type.keyType().orElseThrow(() -> new IllegalStateException(type.name()));
    if (isRawLength(keyType, bytes.length)) {
      return DeferredPublicKey.encoded(keyType, bytes, memberPath);
    }
    Optional<Multicodec> codec = Multicodec.identify(bytes);
    if (codec.isPresent()) {
      KeyType prefixed = keyTypeOf(codec.get());
      if (prefixed != keyType) {
        throw new IdentityException(
            IdentityError.INVALID_KEY,
            "multicodec prefix " + codec.get() + " does not fit type " + type.wireName());
      }
      return DeferredPublicKey.encoded(keyType, codec.get().stripPrefix(bytes), memberPath);
    }
    throw new IdentityException(
        IdentityError.INVALID_KEY, "a " + keyType + " key cannot be " + bytes.length + " bytes long");
  }

  private static boolean isRawLength(KeyType keyType, int length) {
    switch (keyType) {
      case ED25519:
      case X25519:
        return length == 32;
      default:
        return length == 33 || length == 65;
    }
  }

  // spec/identity.md 2.3 [REF quirk]: the did:all SDK writes "04" twice (132 characters).
  private static DeferredPublicKey fromHex(VerificationMethodType type, String text, String memberPath) {
    String hex = text;
    if (hex.length() == 132 && hex.startsWith("0404")) {
      hex = hex.substring(2);
    }
    if (hex.length() != 130 || !hex.startsWith("04")) {
      throw new IdentityException(
          IdentityError.INVALID_KEY,
          "expected 130 hex characters 04|X|Y (or 132 starting 0404), found " + text.length() + " characters");
    }
    KeyType keyType = type.keyType().orElseThrow(() -> new IllegalStateException(type.name()));
    return DeferredPublicKey.encoded(keyType, Hex.decode(hex), memberPath);
  }

  /** The key type a multicodec public-key prefix stands for. */
  public static KeyType keyTypeOf(Multicodec codec) {
    switch (codec) {
      case ED25519_PUB:
        return KeyType.ED25519;
      case X25519_PUB:
        return KeyType.X25519;
      case SECP256K1_PUB:
        return KeyType.SECP256K1;
      case P256_PUB:
        return KeyType.SECP256R1;
      default:
        throw new IdentityException(
            IdentityError.UNSUPPORTED_KEY_TYPE, "multicodec " + codec + " is not a supported public key type");
    }
  }

  /** The multicodec public-key prefix of a key type. */
  public static Multicodec multicodecOf(KeyType type) {
    switch (type) {
      case ED25519:
        return Multicodec.ED25519_PUB;
      case X25519:
        return Multicodec.X25519_PUB;
      case SECP256K1:
        return Multicodec.SECP256K1_PUB;
      default:
        return Multicodec.P256_PUB;
    }
  }
}
