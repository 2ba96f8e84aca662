package org.anp.identity.auth.anp02;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.AccessTokenService;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.auth.VerifiedCaller;
import org.anp.identity.did.DidDocument;
import org.anp.identity.internal.auth.HttpMessageSignatures;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.identity.proof.DataIntegrityProofs;
import org.anp.identity.proof.DocumentProofs;
import org.anp.identity.resolve.DidResolver;

/** This library, as the ANP-02 1.2 driver sees it. */
final class LibrarySubject implements Anp02Subject {

  @Override
  public Endpoint endpoint(DidResolver resolver, Clock clock, Duration futureSkew, boolean authorized) {
    DidWbaVerifier verifier = DidWbaVerifier.builder().resolver(resolver).ignoreAudience().clock(clock)
        .maxFutureSkew(futureSkew).build();
    return new Endpoint() {
      @Override
      public Outcome http(AuthRequest request) {
        try {
          VerifiedCaller c = verifier.verify(request).join();
          return authorized ? new Outcome(Optional.of(c), "", Optional.empty())
              : new Outcome(Optional.empty(), "forbidden_did", Optional.empty());
        } catch (IdentityException e) {
          return new Outcome(Optional.empty(), e.code().wireName(), Optional.empty());
        } catch (CompletionException e) {
          return new Outcome(Optional.empty(), ((IdentityException) e.getCause()).code().wireName(), Optional.empty());
        }
      }

      @Override
      public Outcome json(AuthRequest request) {
        throw new UnsupportedOperationException("JSON carriage");
      }

      @Override
      public void issueNonce(String nonce) {
        throw new UnsupportedOperationException("server-issued nonces");
      }
    };
  }

  @Override
  public String signatureBase(String method, URI target, Optional<String> contentDigest, String signatureInput) {
    HttpMessageSignatures.Parsed parsed = HttpMessageSignatures.parse(signatureInput, "sig1=:AAAA:".replace("sig1",
        signatureInput.substring(0, signatureInput.indexOf('='))));
    Map<String, List<String>> headers = new HashMap<>();
    contentDigest.ifPresent(d -> headers.put("content-digest", List.of(d)));
    return new String(HttpMessageSignatures.signatureBase(method, target, headers, parsed), StandardCharsets.UTF_8);
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
