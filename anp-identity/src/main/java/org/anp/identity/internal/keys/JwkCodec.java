package org.anp.identity.internal.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.keys.KeyType;

/**
 * JWK (RFC 7517/7518, RFC 8037 for OKP) for the four key types. Coordinates and private values
 * are fixed 32-byte base64url strings; members other than kty, crv, x, y and d (kid, use, alg,
 * key_ops) are ignored on read and never written.
 */
public final class JwkCodec {
  private static final int SIZE = 32;

  private JwkCodec() {}

  /**
   * What a JWK holds. {@code publicKey} is the raw key (EC: {@code 04||X||Y}); it is always
   * present in a public JWK and optional in a private one.
   */
  public record Parts(KeyType type, Optional<byte[]> publicKey, Optional<byte[]> privateKey) {}

  /**
   * Reads a JWK. A public JWK must not carry {@code d} (a private key published by mistake); a
   * private one must.
   *
   * @throws IdentityException {@code INVALID_KEY} naming the member, {@code UNSUPPORTED_KEY_TYPE}
   *     for another kty or crv
   */
  public static Parts parse(JsonNode jwk, boolean privateKey) {
    if (!jwk.isObject()) {
      throw invalid("jwk: not a JSON object");
    }
    String kty = requiredText(jwk, "kty");
    if (!kty.equals("EC") && !kty.equals("OKP")) {
      throw new IdentityException(
          IdentityError.UNSUPPORTED_KEY_TYPE, "jwk.kty: unsupported key type '" + clip(kty) + "'");
    }
    String crv = requiredText(jwk, "crv");
    KeyType type =
        Arrays.stream(KeyType.values())
            .filter(candidate -> candidate.jwkCurve().equals(crv))
            .findFirst()
            .orElseThrow(
                () ->
                    new IdentityException(
                        IdentityError.UNSUPPORTED_KEY_TYPE,
                        "jwk.crv: unsupported curve '" + clip(crv) + "'"));
    if (!type.jwkKeyType().equals(kty)) {
      throw invalid("jwk.kty: '" + kty + "' does not match crv '" + type.jwkCurve() + "'");
    }
    if (!type.isEc() && jwk.has("y")) {
      throw invalid("jwk.y: not allowed for kty OKP");
    }
    Optional<byte[]> d = optionalBytes(jwk, "d");
    if (privateKey && d.isEmpty()) {
      throw invalid("jwk.d: missing in a private key");
    }
    if (!privateKey && d.isPresent()) {
      throw invalid("jwk.d: a public key must not carry the private key");
    }
    Optional<byte[]> x = optionalBytes(jwk, "x");
    Optional<byte[]> y = type.isEc() ? optionalBytes(jwk, "y") : Optional.empty();
    if (!privateKey && x.isEmpty()) {
      throw invalid("jwk.x: missing");
    }
    if (type.isEc() && x.isPresent() != y.isPresent()) {
      throw invalid(x.isPresent() ? "jwk.y: missing" : "jwk.x: missing");
    }
    Optional<byte[]> publicKey = x.map(xs -> type.isEc() ? uncompressed(xs, y.orElseThrow()) : xs);
    return new Parts(type, publicKey, d);
  }

  /** Writes kty, crv, x[, y][, d] in that order. */
  public static ObjectNode write(KeyType type, byte[] publicKey, Optional<byte[]> privateKey) {
    ObjectNode jwk = JsonNodeFactory.instance.objectNode();
    jwk.put("kty", type.jwkKeyType());
    jwk.put("crv", type.jwkCurve());
    if (type.isEc()) {
      jwk.put("x", Base64Codec.encodeUrl(Arrays.copyOfRange(publicKey, 1, 1 + SIZE)));
      jwk.put("y", Base64Codec.encodeUrl(Arrays.copyOfRange(publicKey, 1 + SIZE, 1 + 2 * SIZE)));
    } else {
      jwk.put("x", Base64Codec.encodeUrl(publicKey));
    }
    privateKey.ifPresent(d -> jwk.put("d", Base64Codec.encodeUrl(d)));
    return jwk;
  }

  /**
   * The RFC 7638 thumbprint: base64url(SHA-256) of the required members in lexicographic order
   * with no white space. The member values are base64url text and curve names, which need no
   * JSON escaping.
   */
  public static String thumbprint(KeyType type, byte[] publicKey) {
    StringBuilder json = new StringBuilder(160);
    json.append("{\"crv\":\"").append(type.jwkCurve()).append("\",\"kty\":\"");
    json.append(type.jwkKeyType()).append("\",\"x\":\"");
    if (type.isEc()) {
      json.append(Base64Codec.encodeUrl(Arrays.copyOfRange(publicKey, 1, 1 + SIZE)));
      json.append("\",\"y\":\"");
      json.append(Base64Codec.encodeUrl(Arrays.copyOfRange(publicKey, 1 + SIZE, 1 + 2 * SIZE)));
    } else {
      json.append(Base64Codec.encodeUrl(publicKey));
    }
    json.append("\"}");
    return Base64Codec.encodeUrl(Sha256.digest(json.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] uncompressed(byte[] x, byte[] y) {
    byte[] point = new byte[1 + 2 * SIZE];
    point[0] = 4;
    System.arraycopy(x, 0, point, 1, SIZE);
    System.arraycopy(y, 0, point, 1 + SIZE, SIZE);
    return point;
  }

  private static String requiredText(JsonNode jwk, String member) {
    JsonNode value = jwk.get(member);
    if (value == null) {
      throw invalid("jwk." + member + ": missing");
    }
    if (!value.isTextual()) {
      throw invalid("jwk." + member + ": not a string");
    }
    return value.textValue();
  }

  private static Optional<byte[]> optionalBytes(JsonNode jwk, String member) {
    if (!jwk.has(member)) {
      return Optional.empty();
    }
    String text = requiredText(jwk, member);
    byte[] bytes;
    try {
      // Lenient reader: padding is tolerated, the standard alphabet is not.
      bytes = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IdentityException(
          IdentityError.INVALID_KEY, "jwk." + member + ": not base64url", e);
    }
    if (bytes.length != SIZE) {
      throw invalid("jwk." + member + ": expected 32 bytes, got " + bytes.length);
    }
    return Optional.of(bytes);
  }

  /** Attacker-chosen text in a message: short and printable ASCII only. */
  private static String clip(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < 20; i++) {
      char c = text.charAt(i);
      out.append(c < 0x20 || c > 0x7e ? '?' : c);
    }
    return text.length() > 20 ? out + "..." : out.toString();
  }

  private static IdentityException invalid(String message) {
    return new IdentityException(IdentityError.INVALID_KEY, message);
  }
}
