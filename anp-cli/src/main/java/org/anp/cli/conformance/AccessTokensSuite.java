package org.anp.cli.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.anp.identity.auth.AccessTokenService;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.json.StrictJson;

/**
 * The {@code did-wba/access-tokens.json} format: the reference SDK's RS256 access tokens.
 * {@code jwt_public_key_pem}; {@code tokens[]}, each with the token text ({@code token},
 * {@code jwt} or {@code access_token}) and its verdict ({@code expected.bearer}, a string
 * {@code expected}, or {@code label}), checked with the clock at the token's own {@code iat}
 * (conformance README); and {@code response_headers_on_success}, whose
 * {@code Authorization: Bearer} and {@code Authentication-Info} must carry the same valid token
 * with {@code expires_in = exp - iat}.
 *
 * <p>The reference SDK's file was not available when this was written; the field names are those
 * the conformance README lists. Stateless and thread-safe.
 */
public final class AccessTokensSuite implements ConformanceSuite {
  private static final Pattern INFO =
      Pattern.compile("access_token=\"([^\"]+)\",\\s*token_type=\"Bearer\",\\s*expires_in=([0-9]+)");

  @Override
  public String name() {
    return "access-tokens";
  }

  @Override
  public boolean recognizes(JsonNode root) {
    return root != null && root.isObject() && root.path("tokens").isArray() && root.has("jwt_public_key_pem");
  }

  @Override
  public String emitFileName() {
    return "access-tokens.json";
  }

  @Override
  public Optional<String> malformation(JsonNode root) {
    return FileShape.problem(root, f -> f
        .text("jwt_public_key_pem")
        .eachObject("tokens", t -> { })
        .optionalObject("response_headers_on_success", h -> { }));
  }

  @Override
  public List<CaseResult> run(JsonNode root) {
    List<CaseResult> results = new ArrayList<>();
    String pem = root.path("jwt_public_key_pem").asText("");
    int index = 0;
    for (JsonNode t : root.path("tokens")) {
      String id = t.path("id").asText(t.path("name").asText("tokens[" + index + "]"));
      index++;
      results.add(CaseChecks.check(id, () -> {
        String token = tokenText(t);
        boolean valid = CaseChecks.succeeds(() -> service(pem, iat(token)).verify(token));
        CaseChecks.expect("expected", CaseChecks.verdict(t, "bearer"), valid);
      }));
    }
    if (root.has("response_headers_on_success")) {
      results.add(CaseChecks.check("response_headers_on_success",
          () -> checkResponseHeaders(root.path("response_headers_on_success"), pem)));
    }
    return results;
  }

  private static void checkResponseHeaders(JsonNode headers, String pem) {
    String authorization = CaseChecks.text(headers, "Authorization");
    if (!authorization.startsWith("Bearer ")) {
      throw new IllegalStateException("Authorization: not a Bearer value");
    }
    String token = authorization.substring(7);
    Matcher m = INFO.matcher(CaseChecks.text(headers, "Authentication-Info"));
    if (!m.find() || !m.group(1).equals(token)) {
      throw new IllegalStateException("Authentication-Info: does not carry the Authorization token");
    }
    long iat = iat(token).getEpochSecond();
    JsonNode claims = claims(token);
    if (claims.path("exp").asLong() - iat != Long.parseLong(m.group(2))) {
      throw new IllegalStateException("Authentication-Info: expires_in is not exp - iat");
    }
    service(pem, Instant.ofEpochSecond(iat)).verify(token);
  }

  private static AccessTokenService service(String pem, Instant at) {
    return AccessTokenService.builder().rs256VerificationKeyPem(pem).clock(Clock.fixed(at, ZoneOffset.UTC)).build();
  }

  private static String tokenText(JsonNode t) {
    for (String field : List.of("token", "jwt", "access_token")) {
      if (t.path(field).isTextual()) {
        return t.path(field).textValue();
      }
    }
    throw new IllegalStateException("token: no token, jwt or access_token member");
  }

  /** The unverified {@code iat} of a token, the clock the README prescribes. */
  private static Instant iat(String token) {
    JsonNode iat = claims(token).path("iat");
    if (!iat.isNumber()) {
      throw new IllegalStateException("token: payload has no numeric iat");
    }
    return Instant.ofEpochSecond(iat.asLong());
  }

  private static JsonNode claims(String token) {
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      throw new IllegalStateException("token: not a compact JWS");
    }
    return StrictJson.parse(Base64Codec.decodeUrl(parts[1]), 8192);
  }

  @Override
  public JsonNode emit(SecureRandom random, Clock clock) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    KeyPair rsa;
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
      gen.initialize(2048, random);
      rsa = gen.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA is required of every JDK", e);
    }
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.putObject("meta").put("generated_at", now.toString()).put("generator", "anp-java AccessTokensSuite");
    root.put("jwt_public_key_pem", "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(rsa.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n");
    String did = "did:wba:alice.example.com";
    long t = now.getEpochSecond();
    String valid = rs256(rsa, did, t, t + 3600);
    ArrayNode tokens = root.putArray("tokens");
    addToken(tokens, "valid", valid, "valid");
    addToken(tokens, "expired", rs256(rsa, did, t, t - 60), "invalid");
    String other = rs256(rsa, "did:wba:mallory.example.com", t, t + 3600);
    addToken(tokens, "payload-swapped", valid.substring(0, valid.indexOf('.'))
        + other.substring(other.indexOf('.'), other.lastIndexOf('.')) + valid.substring(valid.lastIndexOf('.')), "invalid");
    ObjectNode headers = root.putObject("response_headers_on_success");
    headers.put("Authentication-Info", "access_token=\"" + valid + "\", token_type=\"Bearer\", expires_in=3600");
    headers.put("Authorization", "Bearer " + valid);
    return root;
  }

  private static void addToken(ArrayNode tokens, String id, String token, String expected) {
    ObjectNode o = tokens.addObject();
    o.put("id", id);
    o.put("token", token);
    o.put("label", "expected-" + expected);
    o.putObject("expected").put("bearer", expected);
  }

  private static String rs256(KeyPair rsa, String sub, long iat, long exp) {
    String header = Base64Codec.encodeUrl("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = Base64Codec.encodeUrl(
        ("{\"sub\":\"" + sub + "\",\"iat\":" + iat + ",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8));
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(rsa.getPrivate());
      s.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
      return header + "." + payload + "." + Base64Codec.encodeUrl(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA256withRSA is required of every JDK", e);
    }
  }
}
