package org.anp.identity.auth.anp02;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.auth.VerifiedCaller;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.identity.resolve.DidResolver;

/**
 * What the ANP-02 1.2 vector driver exercises of this library: a server endpoint that
 * authenticates requests, document and object proofs, and access tokens. Each method throws
 * {@link UnsupportedOperationException} for a feature this library does not offer.
 */
interface Anp02Subject {

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

    /** A request authenticated by JSON carriage ({@code {"auth":…,"payload":…}} body). */
    Outcome json(AuthRequest request);

    /** The server issues (and from now on requires) this nonce. */
    void issueNonce(String nonce);
  }

  /**
   * A new endpoint resolving with {@code resolver}, at {@code clock}, accepting signatures up to
   * {@code futureSkew} ahead, granting access to authenticated callers only if {@code authorized}.
   */
  Endpoint endpoint(DidResolver resolver, Clock clock, Duration futureSkew, boolean authorized);

  /** The RFC 9421 signature base of a request with these signature parameters. */
  String signatureBase(String method, URI target, Optional<String> contentDigest, String signatureInput);

  /** Verifies a DID document's proof; throws an {@code IdentityException} if it does not verify. */
  void verifyDocumentProof(ObjectNode document);

  /** Verifies an object's Data Integrity proof with {@code key}; throws if it does not verify. */
  void verifyObjectProof(ObjectNode object, PublicKeyMaterial key);

  /** Signs a document with an {@code eddsa-jcs-2022} proof by {@code vmId}. */
  ObjectNode signDocument(ObjectNode withoutProof, PrivateKeyMaterial key, String vmId, Instant created);

  /**
   * Verifies a bearer token at a resource.
   *
   * @return {@link Outcome#OK} or the public error
   */
  String verifyToken(String jwt, PrivateKeyMaterial issuerKey, String expectedIssuer, String resource,
      String requiredScope, Instant now);
}
