package org.anp.identity.internal.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.anp.identity.codec.Base58;
import org.anp.identity.codec.Hex;
import org.anp.identity.codec.Multibase;
import org.anp.identity.codec.Multicodec;
import org.anp.identity.internal.did.KeyMaterialDecoder;
import org.anp.identity.keys.PublicKeyMaterial;

/**
 * Writes a new public key into an existing verification method's JSON in the encoding the method
 * already uses, so that a rotated key looks like the key it replaces: the same member ({@code
 * publicKeyJwk}, {@code publicKeyMultibase}, {@code publicKeyBase58}, {@code publicKeyHex}), with or
 * without a multicodec prefix, compressed or not, a JWK {@code kid} (the RFC 7638 thumbprint, as we
 * write them) only where there was one. Stateless.
 */
public final class VerificationMethodKeys {
  private VerificationMethodKeys() {}

  /**
   * A copy of {@code method} holding {@code key} instead of its key.
   *
   * @throws IllegalArgumentException if the method has no key member we write, or the old value
   *     does not decode (a document that parsed always decodes)
   */
  public static ObjectNode withKey(ObjectNode method, PublicKeyMaterial key) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(key, "key");
    ObjectNode out = method.deepCopy();
    if (out.has("publicKeyJwk")) {
      ObjectNode jwk = key.toJwk();
      if (out.get("publicKeyJwk").has("kid")) {
        jwk.put("kid", key.jwkThumbprint());
      }
      out.set("publicKeyJwk", jwk);
    } else if (out.has("publicKeyMultibase")) {
      byte[] old = Multibase.decode(text(out, "publicKeyMultibase"));
      out.put("publicKeyMultibase", Multibase.encodeBase58Btc(likeOld(old, key)));
    } else if (out.has("publicKeyBase58")) {
      byte[] old = Base58.decode(text(out, "publicKeyBase58"));
      out.put("publicKeyBase58", Base58.encode(likeOld(old, key)));
    } else if (out.has("publicKeyHex")) {
      String old = text(out, "publicKeyHex");
      // keep the reference SDK's doubled 04 prefix if the document used it (spec/identity.md 2.3)
      out.put("publicKeyHex", (old.startsWith("0404") && old.length() == 132 ? "04" : "") + Hex.encode(key.raw()));
    } else {
      throw new IllegalArgumentException(text(out, "id") + ": no public key member to replace");
    }
    return out;
  }

  // The old bytes are the bare key or the key behind its multicodec prefix (spec/README.md #4);
  // EC keys are 33 (compressed) or 65 bytes. Lengths tell the forms apart.
  private static byte[] likeOld(byte[] old, PublicKeyMaterial key) {
    boolean prefixed = old.length != 32 && old.length != 33 && old.length != 65;
    Multicodec codec = KeyMaterialDecoder.multicodecOf(key.type());
    int bare = prefixed ? old.length - codec.prefix().length : old.length;
    byte[] raw = key.type().isEc() && bare == 33 ? key.compressed() : key.raw();
    return prefixed ? codec.addPrefix(raw) : raw;
  }

  private static String text(ObjectNode node, String member) {
    JsonNode value = node.get(member);
    return value == null ? "" : value.asText();
  }
}
