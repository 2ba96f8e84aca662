package org.anp.identity.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.junit.jupiter.api.Test;

/** Bad input to the 1.2 parsers ends in a typed error, never anything else. */
class JsonCarriageTest {

  @Test
  void malformedEnvelopesAreTypedErrors() {
    String[] bad = {"", "[]", "{", "{\"payload\":1}", "{\"auth\":1,\"payload\":1}", "{\"auth\":{},\"payload\":1}",
        "{\"auth\":{\"contentDigest\":\"a\",\"signatureInput\":\"b\",\"signature\":1},\"payload\":1}",
        "{\"auth\":{\"contentDigest\":\"a\",\"signatureInput\":\"b\",\"signature\":\"c\"}}",
        "{\"auth\":{\"contentDigest\":\"a\",\"signatureInput\":\"b\",\"signature\":\"c\",\"x\":1},\"payload\":1}",
        "{\"auth\":{\"contentDigest\":\"a\",\"signatureInput\":\"b\",\"signature\":\"c\"},\"payload\":1,\"\\u0001\":2}"};
    for (String b : bad) {
      assertThatThrownBy(() -> JsonCarriage.parse(b.getBytes(StandardCharsets.UTF_8), 1024)).as(b)
          .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code().wireName()).isEqualTo("invalid_request"));
    }
    JsonCarriage ok = JsonCarriage.parse(
        "{\"auth\":{\"contentDigest\":\"a\",\"signatureInput\":\"b\",\"signature\":\"c\"},\"payload\":{\"z\":1,\"a\":[]}}"
            .getBytes(StandardCharsets.UTF_8), 1024);
    assertThat(new String(ok.digestedBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":[],\"z\":1}");
    assertThat(JsonCarriage.parse(ok.toJson().toString().getBytes(StandardCharsets.UTF_8), 1024)).isEqualTo(ok);
  }

  @Test
  void garbageSignatureHeadersAreTypedErrorsWithoutResolving() {
    HttpSignatureVerifier verifier = HttpSignatureVerifier.builder()
        .resolver(did -> CompletableFuture.failedFuture(new AssertionError("must not resolve")))
        .clock(Clock.fixed(java.time.Instant.ofEpochSecond(1000), java.time.ZoneOffset.UTC)).build();
    URI target = URI.create("https://api.example/x");
    String[][] cases = {
        {"sig1=(\"@method\")", "sig1=:AAAA:"},
        {"sig1=(\"@method\" \"@target-uri\");created=1", "sig1=:AAAA:"},
        {"sig1=(\"@method\" \"@target-uri\");keyid=\"did:web:a.example#k\"", "sig1=:AAAA:"},
        {"sig1=(\"@method\" \"@target-uri\");created=1;keyid=\"no-fragment\"", "sig1=:AAAA:"},
        {"sig1=(\"@method\" \"@target-uri\" \"x-missing\");created=1000;keyid=\"did:web:a.example#k\"", "sig1=:AAAA:"},
        {"sig1=(\"@method\" \"@target-uri\");created=1;expires=0;keyid=\"did:web:a.example#k\"", "sig1=:AAAA:"},
        {"sig1=(", "sig1=:AAAA:"},
        {"sig1=(\"@method\" \"@target-uri\");created=1;keyid=\"did:web:a.example#k\"", "sig2=:AAAA:"},
    };
    for (String[] c : cases) {
      CompletableFuture<VerifiedCaller> f = verifier.verify(
          AuthRequest.of("GET", target, Map.of("Signature-Input", c[0], "Signature", c[1]), new byte[0]));
      assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).as(c[0])
          .cause().isInstanceOfSatisfying(IdentityException.class,
              e -> assertThat(e.code()).isIn(IdentityError.AUTH_MALFORMED_HEADER));
    }
    assertThatThrownBy(() -> verifier.verify(AuthRequest.of("GET", target, Map.of(), new byte[0])).join())
        .isInstanceOf(CompletionException.class).cause()
        .isInstanceOfSatisfying(IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.AUTH_CREDENTIALS_MISSING));
  }
}
