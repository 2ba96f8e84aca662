package org.anp.cli.conformance;

import static org.anp.cli.conformance.CaseChecks.expect;
import static org.anp.cli.conformance.CaseChecks.succeeds;
import static org.anp.cli.conformance.CaseChecks.text;
import static org.anp.cli.conformance.CaseChecks.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.did.DidDocument;
import org.anp.identity.wba.DidWbaIdentity;

/**
 * The {@code did-wba/http-signatures.json} format: {@code cases[]} of RFC 9421 signed requests.
 * Each case is verified as the verifier sees it ({@code verify.method}, {@code verify.url},
 * {@code verify.body}, the request headers plus {@code signature_headers}): {@code
 * expected.signature} with the clock at the signature's {@code created}, {@code expected.request}
 * at {@code verify.verify_at_unix}, each with a fresh nonce store. Documents come as in
 * {@link AuthHeadersSuite}. Stateless and thread-safe.
 */
public final class HttpSignaturesSuite extends DidCasesSuite {
  private static final Pattern CREATED = Pattern.compile(";created=(-?[0-9]{1,15})");

  public HttpSignaturesSuite() {
    super("signature_headers");
  }

  @Override
  public String name() {
    return "http-signatures";
  }

  @Override
  public String emitFileName() {
    return "http-signatures.json";
  }

  @Override
  void caseShape(FileShape c) {
    c.object("signature_headers", h -> { })
        .object("verify", v -> v.text("method").text("url"))
        .optionalObject("request", r -> r.optionalObject("headers", h -> { }))
        .optionalObject("expected", e -> e.optionalText("signature").optionalText("request"));
  }

  @Override
  void checkCase(String id, JsonNode c, JsonNode root, Map<String, DidDocument> documents) {
    JsonNode v = c.path("verify");
    URI uri = URI.create(text(v, "url"));
    Map<String, String> headers = new LinkedHashMap<>();
    c.path("request").path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
    c.path("signature_headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
    byte[] body = v.path("body").isTextual() ? v.path("body").textValue().getBytes(StandardCharsets.UTF_8) : new byte[0];
    AuthRequest request = AuthRequest.of(text(v, "method"), uri, headers, body);
    String input = headers.getOrDefault("Signature-Input", "");
    Matcher m = CREATED.matcher(input);
    if (!m.find()) {
      throw new IllegalStateException("signature_headers.Signature-Input: no created parameter");
    }
    Instant created = Instant.ofEpochSecond(Long.parseLong(m.group(1)));
    String host = uri.getHost();
    boolean signatureValid = succeeds(() -> verifier(documents, host, created).verify(request).join());
    expect("expected.signature", verdict(c, "signature"), signatureValid);
    Instant at = Instant.ofEpochSecond(v.path("verify_at_unix").asLong());
    boolean requestValid = succeeds(() -> verifier(documents, host, at).verify(request).join());
    expect("expected.request", verdict(c, "request"), requestValid);
  }

  @Override
  public JsonNode emit(SecureRandom random, Clock clock) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    List<DidWbaIdentity> identities = emitIdentities(random, clock);
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode meta = root.putObject("meta");
    meta.put("generated_at", now.toString());
    meta.put("generator", "anp-java HttpSignaturesSuite");
    root.put("reference_time_unix", now.getEpochSecond());
    root.set("identities", identitiesJson(identities));
    ArrayNode cases = root.putArray("cases");
    String url = "https://api.example.com/agents/travel/rpc?lang=en";
    String json = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"search\",\"params\":{\"city\":\"Hangzhou\"}}";
    for (DidWbaIdentity who : identities) {
      String name = identityName(who);
      add(cases, name + "/valid/get", who, random, now, now, "GET", url, null, "GET", url, null, "valid", "valid", "signed GET");
      add(cases, name + "/valid/post-json", who, random, now, now, "POST", url, json, "POST", url, json, "valid", "valid",
          "POST with a JSON body; content-digest covered");
      add(cases, name + "/invalid/body-tampered", who, random, now, now, "POST", url, json, "POST", url,
          json.replace("Hangzhou", "Shanghai"), "invalid", "invalid", "body changed after signing");
      add(cases, name + "/invalid/url-changed", who, random, now, now, "GET", url, null, "GET",
          url.replace("travel", "other"), null, "invalid", "invalid", "sent to another path than signed");
      add(cases, name + "/invalid/method-changed", who, random, now, now, "GET", url, null, "DELETE", url, null,
          "invalid", "invalid", "signed GET, received DELETE");
      ObjectNode flipped = add(cases, name + "/invalid/tampered-signature", who, random, now, now, "GET", url, null, "GET",
          url, null, "invalid", "invalid", "one bit of the signature flipped");
      ObjectNode sh = (ObjectNode) flipped.get("signature_headers");
      String sig = sh.get("Signature").asText();
      int mid = sig.indexOf(':') + 5;
      char c = sig.charAt(mid);
      sh.put("Signature", sig.substring(0, mid) + (c == 'A' ? 'B' : 'A') + sig.substring(mid + 1));
      add(cases, name + "/invalid/expired", who, random, now.minus(Duration.ofMinutes(15)), now, "GET", url, null, "GET",
          url, null, "valid", "invalid", "created 15 min before verify_at, expires = created + 300");
    }
    return root;
  }

  private static ObjectNode add(ArrayNode cases, String id, DidWbaIdentity who, SecureRandom random, Instant signedAt,
      Instant verifyAt, String method, String url, String body, String verifyMethod, String verifyUrl, String verifyBody,
      String signature, String request, String reason) {
    DidWbaAuthenticator signer = DidWbaAuthenticator.builder()
        .did(who.did())
        .signingKey("key-1", who.privateKey("key-1").orElseThrow())
        .clock(Clock.fixed(signedAt, ZoneOffset.UTC))
        .random(random)
        .build();
    Map<String, String> requestHeaders = body == null ? Map.of() : Map.of("Content-Type", "application/json");
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    Map<String, String> signed = signer.httpSignatureHeaders(method, URI.create(url), requestHeaders, bytes);
    ObjectNode c = cases.addObject();
    c.put("id", id);
    c.put("identity", identityName(who));
    c.put("keyid", who.did() + "#key-1");
    ObjectNode req = c.putObject("request");
    req.put("method", method);
    req.put("url", url);
    ObjectNode h = req.putObject("headers");
    requestHeaders.forEach(h::put);
    if (body == null) {
      req.putNull("body");
    } else {
      req.put("body", body);
    }
    ObjectNode sh = c.putObject("signature_headers");
    signed.forEach(sh::put);
    ObjectNode v = c.putObject("verify");
    v.put("method", verifyMethod);
    v.put("url", verifyUrl);
    if (verifyBody == null) {
      v.putNull("body");
    } else {
      v.put("body", verifyBody);
    }
    v.put("verify_at_unix", verifyAt.getEpochSecond());
    c.put("label", "expected-" + request);
    ObjectNode expected = c.putObject("expected");
    expected.put("signature", signature);
    expected.put("request", request);
    c.put("reason", reason);
    return c;
  }
}
