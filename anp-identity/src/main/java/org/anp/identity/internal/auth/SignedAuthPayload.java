package org.anp.identity.internal.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.anp.identity.json.Jcs;

/**
 * The JSON object a {@code DIDWba} header or JSON login signs (spec/identity.md 1.4 steps 1-2):
 * {@code {nonce, timestamp, <service|aud>, did}}, canonicalized with JCS. Stateless.
 */
public final class SignedAuthPayload {
  private SignedAuthPayload() {}

  /** The payload object. */
  public static ObjectNode object(
      String domainField, String did, String nonce, String timestamp, String domain) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("nonce", nonce);
    o.put("timestamp", timestamp);
    o.put(domainField, domain);
    o.put("did", did);
    return o;
  }

  /** The JCS bytes of {@link #object}: what gets hashed and signed. */
  public static byte[] canonicalBytes(
      String domainField, String did, String nonce, String timestamp, String domain) {
    return Jcs.canonicalBytes(object(domainField, did, nonce, timestamp, domain));
  }
}
