package org.anp.identity.internal.conformance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.codec.Multibase;
import org.anp.identity.keys.PrivateKeyMaterial;

/** What the ANP-02 1.2 cases share: the outcome exceptions and the request and document edits. */
final class Anp02Checks {
  private Anp02Checks() {}

  /** A case whose outcome disagrees with the file; the message says how. */
  static final class CaseFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CaseFailure(String message) {
      super(message);
    }
  }

  /** A case this library cannot run, with the reason. */
  static final class NotApplicable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotApplicable(String reason) {
      super(reason);
    }
  }

  static void check(boolean ok, String message) {
    if (!ok) {
      throw new CaseFailure(message);
    }
  }

  static void expectOutcome(Anp02Library.Outcome o, String wanted) {
    check(o.verdict().equals(wanted), "expected " + wanted + ", got " + o.verdict());
  }

  /** A {@code label=:base64:} header with one bit of the signature flipped. */
  static String flipBit(String sigHeader) {
    int start = sigHeader.indexOf(':') + 1;
    int end = sigHeader.lastIndexOf(':');
    byte[] sig = Base64.getDecoder().decode(sigHeader.substring(start, end));
    sig[5] ^= 0x01;
    return sigHeader.substring(0, start) + Base64.getEncoder().encodeToString(sig) + sigHeader.substring(end);
  }

  /** The Ed25519 {@code publicKeyMultibase} of {@code key}'s public key. */
  static String multikey(PrivateKeyMaterial key) {
    byte[] raw = key.publicKey().raw();
    byte[] prefixed = new byte[raw.length + 2];
    prefixed[0] = (byte) 0xed;
    prefixed[1] = 0x01;
    System.arraycopy(raw, 0, prefixed, 2, raw.length);
    return Multibase.encodeBase58Btc(prefixed);
  }

  static void removeReference(ObjectNode doc, String relationship, String id) {
    if (!(doc.get(relationship) instanceof ArrayNode refs)) {
      return;
    }
    for (int i = refs.size() - 1; i >= 0; i--) {
      if (refs.get(i).isTextual() && refs.get(i).textValue().equals(id)) {
        refs.remove(i);
      }
    }
  }

  /** Removes a verification method and every reference to it. */
  static void removeMethod(ObjectNode doc, String id) {
    if (doc.get("verificationMethod") instanceof ArrayNode vms) {
      for (int i = vms.size() - 1; i >= 0; i--) {
        if (vms.get(i).path("id").asText().equals(id)) {
          vms.remove(i);
        }
      }
    }
    for (String rel : List.of("authentication", "assertionMethod")) {
      removeReference(doc, rel, id);
    }
  }

  static Map<String, String> headersOf(AuthRequest r) {
    Map<String, String> h = new LinkedHashMap<>();
    r.headers().forEach((k, v) -> h.put(k, v.get(0)));
    return h;
  }

  static AuthRequest retarget(AuthRequest r, String target) {
    return AuthRequest.of(r.method(), URI.create(target), headersOf(r), r.body());
  }

  static AuthRequest withBody(AuthRequest r, byte[] body) {
    return AuthRequest.of(r.method(), r.uri(), headersOf(r), body);
  }

  static AuthRequest withoutHeader(AuthRequest r, String name) {
    Map<String, String> h = headersOf(r);
    h.keySet().removeIf(k -> k.equalsIgnoreCase(name));
    return AuthRequest.of(r.method(), r.uri(), h, r.body());
  }

  /** The same signature under another label in both headers. */
  static AuthRequest relabel(AuthRequest r, String from, String to) {
    Map<String, String> h = headersOf(r);
    for (String name : List.of("Signature-Input", "Signature")) {
      h.put(name, to + h.get(name).substring(from.length()));
    }
    return AuthRequest.of(r.method(), r.uri(), h, r.body());
  }
}
