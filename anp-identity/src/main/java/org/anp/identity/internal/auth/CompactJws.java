package org.anp.identity.internal.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.json.StrictJson;

/**
 * JWS compact serialization (RFC 7515 section 7.1) for JWTs, the reading side (the issuer writes
 * {@code base64url(JCS(header)) '.' base64url(JCS(payload))} itself): three base64url parts without
 * padding, header and payload JSON objects parsed strictly (no duplicate members). Stateless.
 */
public final class CompactJws {
  /** Longest token accepted. */
  public static final int MAX_LENGTH = 8192;

  /**
   * A decoded token; nothing in it is verified yet.
   *
   * @param header the protected header
   * @param payload the claims
   * @param signingInput the ASCII bytes {@code base64url(header) '.' base64url(payload)}
   * @param signature the signature bytes
   */
  public record Decoded(ObjectNode header, ObjectNode payload, byte[] signingInput, byte[] signature) {}

  private CompactJws() {}

  /**
   * Splits and decodes a compact JWS.
   *
   * @throws IdentityException {@code AUTH_TOKEN_INVALID} naming the part that is malformed
   */
  public static Decoded decode(String token) {
    if (token.length() > MAX_LENGTH) {
      throw invalid("token: " + token.length() + " characters exceed the limit of " + MAX_LENGTH);
    }
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
      throw invalid("token: expected three dot-separated parts");
    }
    ObjectNode header = object("header", token.substring(0, first));
    ObjectNode payload = object("payload", token.substring(first + 1, second));
    String sig = token.substring(second + 1);
    if (sig.isEmpty()) {
      throw invalid("token signature: empty");
    }
    byte[] signature = part("signature", sig);
    return new Decoded(
        header, payload, token.substring(0, second).getBytes(StandardCharsets.US_ASCII), signature);
  }

  private static ObjectNode object(String name, String b64) {
    byte[] bytes = part(name, b64);
    JsonNode node;
    try {
      node = StrictJson.parse(bytes, MAX_LENGTH);
    } catch (IdentityException e) {
      throw invalid("token " + name + ": not valid JSON");
    }
    if (!(node instanceof ObjectNode o)) {
      throw invalid("token " + name + ": not a JSON object");
    }
    return o;
  }

  private static byte[] part(String name, String b64) {
    if (b64.indexOf('=') >= 0) {
      throw invalid("token " + name + ": padding is not allowed");
    }
    try {
      return Base64Codec.decodeUrl(b64);
    } catch (IdentityException e) {
      throw invalid("token " + name + ": not base64url");
    }
  }

  private static IdentityException invalid(String detail) {
    return new IdentityException(IdentityError.AUTH_TOKEN_INVALID, detail);
  }
}
