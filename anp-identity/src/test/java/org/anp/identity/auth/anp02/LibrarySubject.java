package org.anp.identity.auth.anp02;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.AccessTokenService;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.auth.DidAuthenticationGate;
import org.anp.identity.auth.HttpSignatureVerifier;
import org.anp.identity.auth.IssuedNonces;
import org.anp.identity.auth.NonceStore;
import org.anp.identity.auth.SignatureBases;
import org.anp.identity.did.DidDocument;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.identity.proof.DataIntegrityProofs;
import org.anp.identity.proof.DocumentProofs;
import org.anp.identity.resolve.DidResolver;

/** This library, as the ANP-02 1.2 driver sees it. */
final class LibrarySubject implements Anp02Subject {

  @Override
  public Endpoint endpoint(DidResolver resolver, Clock clock, Duration futureSkew, boolean authorized) {
    NonceStore replayCache = NonceStore.inMemory(1000, Duration.ofMinutes(6));
    return new Endpoint() {
      private DidAuthenticationGate gate = gate(false, () -> "unused");

      private DidAuthenticationGate gate(boolean requireIssued, Supplier<String> nonces) {
        HttpSignatureVerifier verifier = HttpSignatureVerifier.builder().resolver(resolver).clock(clock)
            .maxFutureSkew(futureSkew).replayCache(replayCache)
            .issuedNonces(IssuedNonces.create(clock, Duration.ofMinutes(5), 100, nonces))
            .requireIssuedNonce(requireIssued).build();
        return DidAuthenticationGate.builder().verifier(verifier).access(caller -> authorized).build();
      }

      @Override
      public Outcome http(AuthRequest request) {
        return outcome(gate.authenticate(request));
      }

      @Override
      public Outcome json(AuthRequest request) {
        return outcome(gate.authenticateJson(request));
      }

      @Override
      public void issueNonce(String nonce) {
        gate = gate(true, () -> nonce);
        DidAuthenticationGate.Decision challenge = gate.authenticate(
            AuthRequest.of("GET", java.net.URI.create("https://api.example/"), Map.of(), new byte[0])).join();
        if (!challenge.headers().get("WWW-Authenticate").contains("nonce=\"" + nonce + "\"")) {
          throw new AssertionError("the challenge does not carry the issued nonce: " + challenge.headers());
        }
      }
    };
  }

  private static Outcome outcome(java.util.concurrent.CompletableFuture<DidAuthenticationGate.Decision> decision) {
    DidAuthenticationGate.Decision d = decision.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
    if (d.granted()) {
      return new Outcome(d.caller(), "", Optional.ofNullable(d.headers().get("Authentication-Info")));
    }
    String challenge = d.headers().get("WWW-Authenticate");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("error=\"([a-z_]+)\"").matcher(challenge);
    if (!challenge.startsWith("DIDWba realm=") || !m.find()) {
      throw new AssertionError("not a DIDWba challenge: " + challenge);
    }
    return new Outcome(Optional.empty(), m.group(1), Optional.empty());
  }

  @Override
  public String signatureBase(String method, URI target, Optional<String> contentDigest, String signatureInput) {
    return SignatureBases.signatureBase(method, target,
        contentDigest.map(d -> Map.of("content-digest", d)).orElse(Map.of()), signatureInput);
  }

  @Override
  public void verifyDocumentProof(ObjectNode document) {
    DocumentProofs.verify(DidDocument.fromJson(document));
  }

  @Override
  public void verifyObjectProof(ObjectNode object, PublicKeyMaterial key) {
    DataIntegrityProofs.verify(object, key, "assertionMethod");
  }

  @Override
  public ObjectNode signDocument(ObjectNode withoutProof, PrivateKeyMaterial key, String vmId, Instant created) {
    return DataIntegrityProofs.sign(withoutProof, key, vmId, "assertionMethod", created);
  }

  @Override
  public String verifyToken(String jwt, PrivateKeyMaterial issuerKey, String expectedIssuer, String resource,
      String requiredScope, Instant now) {
    AccessTokenService service = AccessTokenService.builder().signingKey(issuerKey).issuer(expectedIssuer)
        .clockSkew(Duration.ZERO).clock(Clock.fixed(now, java.time.ZoneOffset.UTC)).build();
    try {
      service.verify(jwt);
      return Outcome.OK;
    } catch (IdentityException e) {
      return e.code().wireName();
    }
  }
}
