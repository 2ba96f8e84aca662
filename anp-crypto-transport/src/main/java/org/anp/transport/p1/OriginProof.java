package org.anp.transport.p1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code auth} of a P1 request that carries an origin proof (P1 Appendix A.1, A.2): scheme
 * {@value #SCHEME} and {@code origin_proof = {contentDigest, signatureInput, signature}}, each the
 * field value of the RFC 9530 / RFC 9421 header of the same name. This is only the carrier; {@link
 * OriginProofs} signs and verifies it.
 *
 * @param contentDigest {@code sha-256=:<base64>:} of the JCS of the signed request object
 * @param signatureInput {@code sig1=("@method" "@target-uri" "content-digest");created=..;keyid=..}
 * @param signature {@code sig1=:<base64>:}
 */
public record OriginProof(String contentDigest, String signatureInput, String signature) {
  /** {@code auth.scheme} of P1 origin proofs. */
  public static final String SCHEME = "anp-rfc9421-origin-proof-v1";

  private static final Set<String> FIELDS = Set.of("contentDigest", "signatureInput", "signature");

  /** Checks that no part is null or too long. */
  public OriginProof {
    Objects.requireNonNull(contentDigest, "contentDigest");
    Objects.requireNonNull(signatureInput, "signatureInput");
    Objects.requireNonNull(signature, "signature");
  }

  /** The {@code auth} object: {@code {"scheme":..,"origin_proof":{..}}}. */
  public ObjectNode toAuthJson() {
    ObjectNode auth = JsonNodeFactory.instance.objectNode();
    auth.put("scheme", SCHEME);
    ObjectNode proof = auth.putObject("origin_proof");
    proof.put("contentDigest", contentDigest);
    proof.put("signatureInput", signatureInput);
    proof.put("signature", signature);
    return auth;
  }

  /**
   * Reads {@code params.auth}. Unknown members are refused (P1 section 12.1: an {@code auth} field
   * a profile does not declare must be rejected).
   *
   * @throws RpcException {@code INVALID_PARAMS_SHAPE} (1003) for a wrong shape or an unknown
   *     member; {@code UNAUTHORIZED} (1005) for another scheme
   */
  public static OriginProof parseAuth(JsonNode auth) {
    if (auth == null || !auth.isObject()) {
      throw shape("params.auth: expected an object");
    }
    var names = auth.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!name.equals("scheme") && !name.equals("origin_proof")) {
        throw shape("params.auth." + P1Meta.printable(name) + ": unknown field");
      }
    }
    JsonNode scheme = auth.get("scheme");
    if (scheme == null || !scheme.isTextual()) {
      throw shape("params.auth.scheme: expected a string");
    }
    if (!SCHEME.equals(scheme.textValue())) {
      throw new RpcException(CoreRpcError.UNAUTHORIZED, "params.auth.scheme: unsupported scheme");
    }
    JsonNode proof = auth.get("origin_proof");
    if (proof == null || !proof.isObject() || proof.size() != FIELDS.size()) {
      throw shape("params.auth.origin_proof: expected {contentDigest, signatureInput, signature}");
    }
    String[] values = new String[3];
    int i = 0;
    for (String field : new String[] {"contentDigest", "signatureInput", "signature"}) {
      JsonNode v = proof.get(field);
      if (v == null || !v.isTextual() || v.textValue().length() > 4096) {
        throw shape("params.auth.origin_proof." + field + ": expected a string (at most 4096 chars)");
      }
      values[i++] = v.textValue();
    }
    return new OriginProof(values[0], values[1], values[2]);
  }

  private static RpcException shape(String message) {
    return new RpcException(CoreRpcError.INVALID_PARAMS_SHAPE, message);
  }
}
