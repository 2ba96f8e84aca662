package org.anp.identity.internal.conformance;

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
import org.anp.identity.auth.VerifiedCaller;
import org.anp.identity.did.DidDocument;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.identity.proof.DataIntegrityProofs;
import org.anp.identity.proof.DocumentProofs;
import org.anp.identity.resolve.DidResolver;

/**
 * This library as the ANP-02 1.2 cases use it: a server endpoint (the 1.2 gate with its replay
 * cache and issued nonces), signature bases, document and object proofs, and access tokens.
 */
final class Anp02Library {

  /** The outcome of one request at an endpoint: the caller, or the public error. */
  record Outcome(Optional<VerifiedCaller> caller, String error, Optional<String> authenticationInfo) {
    static final String OK = "authenticated";

    boolean ok() {
      return caller.isPresent();
    }

    String verdict() {
      return ok() ? OK : error;
    }
  }

  /** One server: its replay cache and issued nonces live as long as it does. */
  interface Endpoint {
    /** A request authenticated by RFC 9421 headers. */
    Outcome http(AuthRequest request);

    /** A request authenticated by JSON carriage. */
    Outcome json(AuthRequest request);

    /** The server issues (and from now on requires) this nonce. */
    void issueNonce(String nonce);
  }

  /** A new endpoint; {@code authorized} is the access policy's answer for every caller. */
  Endpoint endpoint(DidResolver resolver, Clock clock, Duration futureSkew, boolean authorized) {
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
          throw new Anp02Checks.CaseFailure("the challenge does not carry the issued nonce: " + challenge.headers());
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
      throw new Anp02Checks.CaseFailure("not a DIDWba challenge: " + challenge);
    }
    return new Outcome(Optional.empty(), m.group(1), Optional.empty());
  }

  String signatureBase(String method, URI target, Optional<String> contentDigest, String signatureInput) {
    return SignatureBases.signatureBase(method, target,
        contentDigest.map(d -> Map.of("content-digest", d)).orElse(Map.of()), signatureInput);
  }

  void verifyDocumentProof(ObjectNode document) {
    DocumentProofs.verify(DidDocument.fromJson(document));
  }

  void verifyObjectProof(ObjectNode object, PublicKeyMaterial key) {
    DataIntegrityProofs.verify(object, key, "assertionMethod");
  }

  ObjectNode signDocument(ObjectNode withoutProof, PrivateKeyMaterial key, String vmId, Instant created) {
    return DataIntegrityProofs.sign(withoutProof, key, vmId, "assertionMethod", created);
  }

  /** Verifies a bearer token at a service with this issuer name and key: the outcome or the error. */
  String verifyToken(String jwt, PrivateKeyMaterial issuerKey, String expectedIssuer, Instant now) {
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
