package org.anp.identity.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.json.Jcs;
import org.anp.identity.json.StrictJson;

/**
 * The ANP-02 1.2 JSON carriage of an RFC 9421 signature: a request body {@code {"auth":
 * {"contentDigest","signatureInput","signature"}, "payload": …}}. The digest covers {@code
 * JCS(payload)} only, never {@code auth}; the signature covers the real HTTP method and target
 * plus {@code content-digest}. Immutable.
 *
 * @param contentDigest the RFC 9530 value, {@code sha-256=:…:}
 * @param signatureInput one {@code Signature-Input} member, {@code sig1=(…);…}
 * @param signature the matching {@code Signature} member, {@code sig1=:…:}
 * @param payload the application payload
 */
public record JsonCarriage(String contentDigest, String signatureInput, String signature, JsonNode payload) {

  /** Checks that every part is present. */
  public JsonCarriage {
    Objects.requireNonNull(contentDigest, "contentDigest");
    Objects.requireNonNull(signatureInput, "signatureInput");
    Objects.requireNonNull(signature, "signature");
    payload = Objects.requireNonNull(payload, "payload").deepCopy();
  }

  /**
   * Parses an envelope. It must have exactly the members {@code auth} and {@code payload}, and
   * {@code auth} exactly the three strings: other members would travel unauthenticated.
   *
   * @throws IdentityException {@code AUTH_MALFORMED_HEADER} (wire {@code invalid_request}) naming
   *     the problem, {@code AUTH_CREDENTIALS_MISSING} without {@code auth}
   */
  public static JsonCarriage parse(byte[] body, int maxBytes) {
    Objects.requireNonNull(body, "body");
    JsonNode root;
    try {
      root = StrictJson.parse(body, maxBytes);
    } catch (IdentityException e) {
      throw malformed("json carriage: " + e.getMessage());
    }
    if (!root.isObject()) {
      throw malformed("json carriage: not a JSON object");
    }
    if (!root.has("auth")) {
      throw new IdentityException(IdentityError.AUTH_CREDENTIALS_MISSING, "json carriage: auth missing");
    }
    onlyMembers(root, "json carriage", "auth", "payload");
    JsonNode auth = root.get("auth");
    if (!auth.isObject() || !root.has("payload")) {
      throw malformed("json carriage: auth must be an object and payload present");
    }
    onlyMembers(auth, "json carriage auth", "contentDigest", "signatureInput", "signature");
    return new JsonCarriage(text(auth, "contentDigest"), text(auth, "signatureInput"), text(auth, "signature"),
        root.get("payload"));
  }

  /** The bytes the digest covers: {@code JCS(payload)}. */
  public byte[] digestedBytes() {
    return Jcs.canonicalBytes(payload);
  }

  /** The envelope as JSON. */
  public ObjectNode toJson() {
    ObjectNode root = StrictJson.mapper().createObjectNode();
    ObjectNode auth = root.putObject("auth");
    auth.put("contentDigest", contentDigest);
    auth.put("signatureInput", signatureInput);
    auth.put("signature", signature);
    root.set("payload", payload.deepCopy());
    return root;
  }

  @Override
  public JsonNode payload() {
    return payload.deepCopy();
  }

  private static void onlyMembers(JsonNode node, String where, String... allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!List.of(allowed).contains(name)) {
        throw malformed(where + ": unexpected member " + name.replaceAll("[^\\x20-\\x7e]", "?")
            .substring(0, Math.min(40, name.length())));
      }
    }
  }

  private static String text(JsonNode auth, String field) {
    JsonNode v = auth.get(field);
    if (v == null || !v.isTextual()) {
      throw malformed("json carriage: auth." + field + ": missing or not a string");
    }
    return v.textValue();
  }

  private static IdentityException malformed(String detail) {
    return new IdentityException(IdentityError.AUTH_MALFORMED_HEADER, detail);
  }
}
