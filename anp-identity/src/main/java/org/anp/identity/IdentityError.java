package org.anp.identity;

/**
 * Error codes of the identity layer, with the HTTP status and wire name a server uses when the
 * error ends a request. Authentication failures map to 401 and the OAuth error strings of the
 * did:wba specification; everything else is a client-side 400 or a resolution failure.
 */
public enum IdentityError implements ErrorCode {
  /** Text that should be hex, Base64, base58 or multibase is not. */
  INVALID_ENCODING(400, "invalid_request"),
  /** JSON that does not parse, has duplicate keys, or has a field of the wrong type. */
  INVALID_JSON(400, "invalid_request"),
  /** An input exceeds a configured size limit. */
  INPUT_TOO_LARGE(413, "invalid_request"),
  /** Key bytes of the wrong length, a point not on the curve, a malformed JWK or PEM. */
  INVALID_KEY(400, "invalid_request"),
  /** A key type, curve, algorithm or multicodec that is not supported. */
  UNSUPPORTED_KEY_TYPE(400, "invalid_request"),
  /** A signature that does not verify, or that is malformed. */
  INVALID_SIGNATURE(401, "invalid_signature"),
  /** A DID that does not match the DID syntax or its method's syntax. */
  INVALID_DID(400, "invalid_did"),
  /** A DID URL that does not match the DID URL syntax. */
  INVALID_DID_URL(400, "invalid_did"),
  /** A DID document that is structurally invalid (missing or mistyped field, bad reference). */
  INVALID_DOCUMENT(400, "invalid_did"),
  /** A verification method of a type this library does not understand. */
  UNSUPPORTED_VERIFICATION_METHOD(400, "invalid_verification_method"),
  /** A verification method that is missing or not allowed for the requested relationship. */
  INVALID_VERIFICATION_METHOD(401, "invalid_verification_method"),
  /** A document proof that is missing, malformed or does not verify. */
  INVALID_PROOF(400, "invalid_did"),
  /** The key does not match the identifier bound to it (did:all id, e1_/k1_ segment). */
  KEY_BINDING_MISMATCH(400, "invalid_did"),
  /** No DID method is registered for the DID's method name. */
  METHOD_NOT_SUPPORTED(400, "invalid_did"),
  /** The DID could not be found (404 or deactivated). */
  DID_NOT_FOUND(401, "invalid_did"),
  /** Resolution did not finish within the configured time. */
  RESOLUTION_TIMEOUT(401, "invalid_did"),
  /** Resolution failed for another reason (transport error, unexpected status). */
  RESOLUTION_FAILED(401, "invalid_did"),
  /**
   * This resolver would not fetch: the host resolves to a loopback, private or link-local address
   * it is not configured to reach, or too many lookups to that host (or in all) are running. A
   * local decision, never cached as a failure of the DID (issue 12, decision 0044).
   */
  RESOLUTION_REFUSED(401, "invalid_did"),
  // HTTP authentication (spec/identity.md 1.4-1.6, spec/README.md #14): every authentication
  // failure is a 401 carrying the OAuth error string of the WWW-Authenticate challenge.
  /** No credentials: neither an Authorization header nor HTTP message signature headers. */
  AUTH_CREDENTIALS_MISSING(401, "invalid_request"),
  /** An Authorization header, signature header or JSON login that does not parse. */
  AUTH_MALFORMED_HEADER(401, "invalid_request"),
  /** The request's host is not one of the verifier's audiences. */
  AUTH_AUDIENCE_MISMATCH(401, "invalid_request"),
  /** The signed timestamp is outside the verifier's past/future window. */
  AUTH_TIMESTAMP_OUT_OF_WINDOW(401, "invalid_timestamp"),
  /** The nonce was already used by this DID within the retention period (a replay). */
  AUTH_NONCE_REUSED(401, "invalid_nonce"),
  /** The nonce store is full of unexpired nonces; the server cannot accept new ones now. */
  AUTH_NONCE_STORE_FULL(503, "temporarily_unavailable"),
  /**
   * A shared nonce store (e.g. on NATS JetStream) cannot be reached or did not answer in time: the
   * request is refused rather than accepted without the replay check (decision 0082).
   */
  AUTH_NONCE_STORE_UNAVAILABLE(503, "temporarily_unavailable"),
  /**
   * This DID holds its quota of unexpired nonces, or was the heaviest user of a full store: it is
   * refused for a while, other callers are not (issue 12, decision 0043).
   */
  AUTH_NONCE_QUOTA_EXCEEDED(429, "temporarily_unavailable"),
  /** The caller's DID could not be resolved to a valid document. */
  AUTH_DID_UNRESOLVABLE(401, "invalid_did"),
  /** The named verification method is missing or not listed in {@code authentication}. */
  AUTH_METHOD_NOT_IN_AUTHENTICATION(401, "invalid_verification_method"),
  /** The request signature does not verify. */
  AUTH_SIGNATURE_INVALID(401, "invalid_signature"),
  /** The {@code Content-Digest} (RFC 9530) does not match the body (ANP-02 1.2). */
  AUTH_CONTENT_DIGEST_INVALID(401, "invalid_content_digest"),
  /** A bearer access token that is malformed, expired, not yet valid or wrongly signed. */
  AUTH_TOKEN_INVALID(401, "invalid_access_token"),
  /** The caller authenticated, but its DID may not access the resource. */
  DID_FORBIDDEN(403, "forbidden_did"),
  // Stored agent identities (org.anp.identity.agent, IdentityStore). These describe the local
  // agent's own configuration, never a peer's request, so a server that ends a request with one
  // answers 500.
  /** The store holds no identity (e.g. a directory without {@code did.json}). */
  IDENTITY_NOT_FOUND(500, "server_error"),
  /** The store already holds an identity (or some of its files) that the call would replace. */
  IDENTITY_EXISTS(500, "server_error"),
  /** A stored file does not parse, or does not fit the stored document (key of another method). */
  IDENTITY_CORRUPT(500, "server_error"),
  /** A private key file that the group or others may read or write; it is not used. */
  KEY_FILE_INSECURE(500, "server_error"),
  /** Reading or writing the store failed (I/O error). */
  IDENTITY_STORE_FAILED(500, "server_error"),
  /** The identity holds no private key that may serve the requested role. */
  KEY_ROLE_MISSING(500, "server_error");

  private final int httpStatus;
  private final String wireName;

  IdentityError(int httpStatus, String wireName) {
    this.httpStatus = httpStatus;
    this.wireName = wireName;
  }

  @Override
  public int httpStatus() {
    return httpStatus;
  }

  @Override
  public String wireName() {
    return wireName;
  }
}
