package org.anp.identity.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.json.Jcs;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.identity.keys.Sha256DigestSigning;
import org.anp.identity.wba.DidWbaIdentity;
import org.junit.jupiter.api.Test;

/** Client-side header shape, domain rule and bearer-token reuse. */
class DidWbaAuthenticatorTest {
  private static final DidWbaIdentity ID = DidWbaIdentity.builder().host("alice.example.com").build();
  private final DidWbaVerifierTest.ManualClock clock =
      new DidWbaVerifierTest.ManualClock(Instant.parse("2026-01-02T03:04:05.678Z"));

  private DidWbaAuthenticator authenticator() {
    return DidWbaAuthenticator.builder().did(ID.did()).signingKey("key-1", ID.privateKey("key-1").orElseThrow())
        .clock(clock).random(new SecureRandom()).build();
  }

  @Test
  void headerSignsTheBareLowerCaseHostAndWholeSeconds() {
    String value = authenticator().authorizationHeader(URI.create("https://API.Example.com:8443/x/y?q"));
    DidWbaAuthHeader h = DidWbaAuthHeader.parse(value);
    assertThat(value).startsWith("DIDWba v=\"1.1\", did=\"" + ID.did() + "\", nonce=\"");
    assertThat(h.version()).contains(AuthVersion.V1_1);
    assertThat(h.timestamp()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(h.nonce()).matches("[0-9a-f]{32}");
    assertThat(DidWbaVerifier.verifySignature(h, ID.document(), "api.example.com").fragment()).isEqualTo("key-1");
    assertThat(authenticator().authorizationHeader(URI.create("https://api.example.com/"))).doesNotContain(h.nonce());
  }

  // Decision 0012: the reference SDK reads a header without v as 1.1 and checks aud. A client with
  // default settings must pass that reading; the header it sent before (no v, service) must not,
  // or this test would not tell the two apart.
  @Test
  void defaultClientIsAcceptedByAServerThatReadsAMissingVAs11() {
    URI target = URI.create("https://api.example.com:8443/agents/travel?x=1");
    String value = authenticator().authorizationHeader(target);

    assertThat(value).contains("v=\"1.1\"");
    assertThat(sdkStyleServerAccepts(value, "api.example.com")).isTrue();
    assertThat(sdkStyleServerAccepts(value, "other.example.com")).isFalse();
    DidWbaVerifier server = DidWbaVerifier.builder().resolver(AuthVectors.resolver(List.of(ID.document())))
        .audience("api.example.com").clock(clock).build();
    assertThat(server.verify(AuthRequest.of("GET", target, Map.of("Authorization", value), new byte[0])).join().did())
        .isEqualTo(ID.did());

    String oldDefault = signedWithoutV(AuthVersion.V1_0);
    assertThat(sdkStyleServerAccepts(oldDefault, "api.example.com")).isFalse();
    assertThat(sdkStyleServerAccepts(signedWithoutV(AuthVersion.V1_1), "api.example.com")).isTrue();
  }

  @Test
  void jsonLoginCarriesTheVersionItSigns() {
    ObjectNode login = authenticator().jsonLogin(URI.create("https://api.example.com/auth"));
    assertThat(login.path("v").asText()).isEqualTo("1.1");
    ObjectNode v10 = DidWbaAuthenticator.builder().did(ID.did()).signingKey("key-1", ID.privateKey("key-1").orElseThrow())
        .version(AuthVersion.V1_0).clock(clock).build().jsonLogin(URI.create("https://api.example.com/auth"));
    assertThat(v10.path("v").asText()).isEqualTo("1.0");
  }

  /** A header as the client sent it before decision 0012: no v, signed as {@code signedAs}. */
  private String signedWithoutV(AuthVersion signedAs) {
    DidWbaAuthHeader h = DidWbaAuthHeader.parse(authenticator().authorizationHeader(URI.create("https://api.example.com/")));
    byte[] input = h.signingInput(signedAs, "api.example.com");
    String sig = Base64Codec.encodeUrl(Sha256DigestSigning.sign(ID.privateKey("key-1").orElseThrow(), input));
    return new DidWbaAuthHeader(Optional.empty(), h.did(), h.nonce(), h.timestamp(), "key-1", sig, false).toHeaderValue();
  }

  /**
   * The reference SDK's reading of a header (verify_auth_header_signature), written out here
   * independently of our parser: parameters by regular expression, {@code v} defaulting to 1.1,
   * {@code aud} from 1.1 and {@code service} below, SHA-256 of the JCS bytes signed.
   */
  private static boolean sdkStyleServerAccepts(String header, String domain) {
    Map<String, String> p = new HashMap<>();
    Matcher m = Pattern.compile("([a-z_]+)=\"([^\"]*)\"").matcher(header);
    while (m.find()) {
      p.put(m.group(1), m.group(2));
    }
    String field = Double.parseDouble(p.getOrDefault("v", "1.1")) >= 1.1 ? "aud" : "service";
    ObjectNode signed = JsonNodeFactory.instance.objectNode();
    signed.put("nonce", p.get("nonce"));
    signed.put("timestamp", p.get("timestamp"));
    signed.put(field, domain);
    signed.put("did", p.get("did"));
    PublicKeyMaterial key = ID.document().verificationMethod(p.get("verification_method")).orElseThrow().publicKey();
    try {
      Sha256DigestSigning.verify(key, Jcs.canonicalBytes(signed), Base64Codec.decodeUrl(p.get("signature")));
      return true;
    } catch (IdentityException e) {
      return false;
    }
  }

  @Test
  void storesTokensPerHostAndHonoursExpiry() {
    DidWbaAuthenticator a = authenticator();
    URI api = URI.create("https://api.example.com/rpc");
    assertThat(a.bearerHeader(api)).isEmpty();
    a.acceptResponseHeaders(api, Map.of("authentication-info", List.of("access_token=\"t1\", token_type=\"Bearer\", expires_in=60"),
        "Authorization", List.of("Bearer ignored")));
    assertThat(a.bearerHeader(URI.create("https://api.example.com:9443/other"))).contains("Bearer t1");
    assertThat(a.bearerHeader(URI.create("https://elsewhere.example.com/"))).isEmpty();
    clock.set(clock.instant().plus(Duration.ofSeconds(60)));
    assertThat(a.bearerHeader(api)).isEmpty();
    a.acceptResponseHeaders(api, Map.of("Authorization", List.of("Bearer t2")));
    assertThat(a.bearerHeader(api)).contains("Bearer t2");
    a.acceptResponseHeaders(api, Map.of("Content-Type", List.of("text/plain")));
    assertThat(a.bearerHeader(api)).contains("Bearer t2");
    a.forgetToken(api);
    assertThat(a.bearerHeader(api)).isEmpty();
  }

  @Test
  void builderRefusesIncompleteOrWrongKeys() {
    assertThatThrownBy(() -> DidWbaAuthenticator.builder().did(ID.did()).build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> DidWbaAuthenticator.builder().signingKey("key-1", PrivateKeyMaterial.generate(KeyType.X25519, new SecureRandom())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DidWbaAuthenticator.builder().signingKey("a#b", ID.privateKey("key-1").orElseThrow()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> authenticator().authorizationHeader(URI.create("mailto:x@y")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
