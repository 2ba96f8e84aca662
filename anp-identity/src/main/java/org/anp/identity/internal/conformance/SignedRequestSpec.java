package org.anp.identity.internal.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.keys.PrivateKeyMaterial;

/**
 * An HTTP request of a byte vector, taken apart so that a scenario can change one thing and sign
 * again with the public test key (the upstream adapter rule). Immutable; the {@code with…}
 * methods return changed copies.
 */
record SignedRequestSpec(
    String label,
    String method,
    String target,
    Optional<String> payload,
    List<String> components,
    long created,
    long expires,
    Optional<String> nonce,
    String keyid,
    Optional<String> alg,
    String fixture) {

  /** The request of an {@code http-headers} or {@code http-json-metadata} byte vector. */
  static SignedRequestSpec of(JsonNode v) {
    List<String> components = new ArrayList<>();
    v.path("components").forEach(c -> components.add(c.textValue()));
    String params = v.path("signature_params").textValue();
    return new SignedRequestSpec(
        "sig1",
        v.path("method").textValue(),
        v.path("target_uri").textValue(),
        v.path("payload_utf8").isTextual() ? Optional.of(v.path("payload_utf8").textValue()) : Optional.empty(),
        List.copyOf(components),
        Long.parseLong(param(params, "created")),
        Long.parseLong(param(params, "expires")),
        params.contains(";nonce=\"") ? Optional.of(param(params, "nonce")) : Optional.empty(),
        v.path("keyid").textValue(),
        Optional.empty(),
        v.path("identity_fixture").textValue());
  }

  private static String param(String params, String name) {
    int i = params.indexOf(";" + name + "=");
    int start = i + name.length() + 2;
    int end = params.indexOf(';', start);
    String value = end < 0 ? params.substring(start) : params.substring(start, end);
    return value.startsWith("\"") ? value.substring(1, value.length() - 1) : value;
  }

  SignedRequestSpec withKeyid(String newKeyid) {
    return new SignedRequestSpec(label, method, target, payload, components, created, expires, nonce, newKeyid, alg, fixture);
  }

  SignedRequestSpec withAlg(String newAlg) {
    return new SignedRequestSpec(label, method, target, payload, components, created, expires, nonce, keyid,
        Optional.of(newAlg), fixture);
  }

  SignedRequestSpec withNonce(String newNonce) {
    return new SignedRequestSpec(label, method, target, payload, components, created, expires, Optional.of(newNonce),
        keyid, alg, fixture);
  }

  SignedRequestSpec withoutComponent(String component) {
    List<String> c = new ArrayList<>(components);
    c.remove(component);
    return new SignedRequestSpec(label, method, target, payload, List.copyOf(c), created, expires, nonce, keyid, alg,
        fixture);
  }

  /** The {@code sha-256=:…:} digest of the payload. */
  Optional<String> contentDigest() {
    return payload.map(p -> "sha-256=:" + Base64.getEncoder().encodeToString(
        Anp02Fixtures.sha256(p.getBytes(StandardCharsets.UTF_8))) + ":");
  }

  /** The {@code Signature-Input} member value (without the label). */
  String signatureParams() {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < components.size(); i++) {
      sb.append(i == 0 ? "" : " ").append('"').append(components.get(i)).append('"');
    }
    sb.append(");created=").append(created).append(";expires=").append(expires);
    nonce.ifPresent(n -> sb.append(";nonce=\"").append(n).append('"'));
    sb.append(";keyid=\"").append(keyid).append('"');
    alg.ifPresent(a -> sb.append(";alg=\"").append(a).append('"'));
    return sb.toString();
  }

  /** The private test key named by {@link #keyid} (its fragment), of this spec's fixture. */
  PrivateKeyMaterial signingKey(Anp02Fixtures fixtures) {
    return fixtures.key(fixture, keyid.substring(keyid.indexOf('#') + 1));
  }

  /** The signature bytes, made with this library's signature base and the test key. */
  byte[] sign(Anp02Library library, Anp02Fixtures fixtures) {
    String base = library.signatureBase(method, URI.create(target), contentDigest(), label + "=" + signatureParams());
    return signingKey(fixtures).sign(base.getBytes(StandardCharsets.UTF_8));
  }

  /** The signed headers: {@code Signature-Input}, {@code Signature} and, with a body, {@code Content-Digest}. */
  Map<String, String> headers(Anp02Library library, Anp02Fixtures fixtures) {
    Map<String, String> h = new LinkedHashMap<>();
    contentDigest().ifPresent(d -> h.put("Content-Digest", d));
    h.put("Signature-Input", label + "=" + signatureParams());
    h.put("Signature", label + "=:" + Base64.getEncoder().encodeToString(sign(library, fixtures)) + ":");
    return h;
  }

  /** The request as sent, signed by the test key. */
  AuthRequest request(Anp02Library library, Anp02Fixtures fixtures) {
    byte[] body = payload.map(p -> p.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
    return AuthRequest.of(method, URI.create(target), headers(library, fixtures), body);
  }
}
