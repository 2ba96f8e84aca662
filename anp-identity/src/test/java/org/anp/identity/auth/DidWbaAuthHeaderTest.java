package org.anp.identity.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.junit.jupiter.api.Test;

/** Parsing both header forms, and refusing everything else with a typed error. */
class DidWbaAuthHeaderTest {
  private static final String SIG = "SPadMBKXHePhfKnRbEmUqxupwEzdWI2j97XaXr3GVN7gwytrWJhw3JMuXJ6Q_gTlgbOYVjjGPq-JZ7hOMpD6XA";
  private static final String GOOD =
      "DIDWba did=\"did:wba:example.com%3A8800:user:alice\", nonce=\"abc123\", timestamp=\"2024-12-05T12:34:56Z\", "
          + "verification_method=\"key-1\", signature=\"" + SIG + "\"";

  @Test
  void parsesTheSpecForm() {
    DidWbaAuthHeader h = DidWbaAuthHeader.parse(GOOD);
    assertThat(h.did()).hasToString("did:wba:example.com%3A8800:user:alice");
    assertThat(h.nonce()).isEqualTo("abc123");
    assertThat(h.timestamp()).isEqualTo("2024-12-05T12:34:56Z");
    assertThat(h.verificationMethod()).isEqualTo("key-1");
    assertThat(h.version()).isEmpty();
    assertThat(h.legacyForm()).isFalse();
    assertThat(h.signatureBytes()).hasSize(64);
    assertThat(DidWbaAuthHeader.parse(h.toHeaderValue())).isEqualTo(h);
    assertThat(h.toString()).doesNotContain(SIG);
  }

  @Test
  void parsesOrderFreeWhitespaceAndVersion() {
    DidWbaAuthHeader h = DidWbaAuthHeader.parse(
        "didwba   signature=\"" + SIG + "\",verification_method = \"key-1\" ,  v=\"1.2\", timestamp=\"2024-12-05T12:34:56Z\","
            + " nonce=\"abc123\", did=\"did:wba:example.com\", extra=\"ignored\"");
    assertThat(h.version()).contains(AuthVersion.V1_1);
    assertThat(DidWbaAuthHeader.parse(GOOD.replace("DIDWba ", "DIDWba v=\"1.0\", ")).version()).contains(AuthVersion.V1_0);
    assertThat(DidWbaAuthHeader.parse(GOOD.replace("DIDWba ", "DIDWba v=\"0.9\", ")).version()).contains(AuthVersion.V1_0);
  }

  @Test
  void parsesTheLegacyTestServerForm() {
    DidWbaAuthHeader h = DidWbaAuthHeader.parse(
        "DID did:wba:example.com%3A8800:user:alice Nonce <abc123> Timestamp <2024-12-05T12:34:56Z> VerificationMethod <key-1> Signature <" + SIG + ">");
    assertThat(h.legacyForm()).isTrue();
    assertThat(h.nonce()).isEqualTo("abc123");
    DidWbaAuthHeader plain = DidWbaAuthHeader.parse(
        "DID did:wba:example.com Signature " + SIG + " Nonce abc Timestamp 2024-12-05T12:34:56Z VerificationMethod key-1");
    assertThat(plain.did()).hasToString("did:wba:example.com");
    assertThat(plain.toHeaderValue()).startsWith("DIDWba did=");
  }

  @Test
  void refusesBadInputWithATypedError() {
    List<String> bad = List.of(
        "", "   ", "DIDWba", "Bearer abc", "garbage with spaces", "DIDWba did",
        GOOD.replace(", signature=\"" + SIG + "\"", ""),
        GOOD.replace("nonce=\"abc123\"", "nonce=\"abc123\", nonce=\"x\""),
        GOOD.replace("nonce=\"abc123\"", "nonce=\"abc123"),
        GOOD.substring(0, GOOD.length() - 1),
        GOOD + ",",
        GOOD + " trailing",
        GOOD.replace("nonce=\"abc123\"", "nonce=abc123"),
        GOOD.replace("2024-12-05T12:34:56Z", "yesterday"),
        GOOD.replace("2024-12-05T12:34:56Z", "2024-12-05T12:34:56+01:00"),
        GOOD.replace(SIG, "not*base64"),
        GOOD.replace("did:wba:example.com%3A8800:user:alice", "not-a-did"),
        GOOD.replace("DIDWba ", "DIDWba v=\"one\", "),
        GOOD.replace("abc123", "a\u0001b"),
        GOOD.replace("abc123", "x".repeat(200)),
        GOOD.replace("abc123", "caf\u00e9"),
        "DID did:wba:example.com Nonce",
        "DID did:wba:example.com Colour red Nonce a Timestamp 2024-12-05T12:34:56Z VerificationMethod k Signature " + SIG,
        "DIDWba " + "a=\"b\", ".repeat(20) + "c=\"d\"",
        GOOD + ", pad=\"" + "x".repeat(5000) + "\"");
    for (String value : bad) {
      assertThatThrownBy(() -> DidWbaAuthHeader.parse(value))
          .as(value.length() > 80 ? value.substring(0, 80) : value)
          .isInstanceOfSatisfying(IdentityException.class,
              e -> assertThat(e.code()).isEqualTo(IdentityError.AUTH_MALFORMED_HEADER));
    }
  }

  @Test
  void fuzzedHeadersNeverEscapeAsUntypedExceptions() {
    java.util.Random random = new java.util.Random(42);
    String alphabet = "DIDWbad=\", <>:_-%3Aabc0123456789TZ.\t";
    for (int i = 0; i < 5000; i++) {
      StringBuilder sb = new StringBuilder(random.nextBoolean() ? "DIDWba " : "DID ");
      int n = random.nextInt(120);
      for (int k = 0; k < n; k++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      try {
        DidWbaAuthHeader.parse(sb.toString());
      } catch (IdentityException e) {
        assertThat(e.code()).isEqualTo(IdentityError.AUTH_MALFORMED_HEADER);
      }
    }
  }
}
