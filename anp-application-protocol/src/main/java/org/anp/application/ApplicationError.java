package org.anp.application;

import org.anp.identity.ErrorCode;

/**
 * Error codes of the application layer. Each code knows the HTTP status a server answers with and
 * the JSON-RPC 2.0 error code it is reported as ({@link #jsonRpcCode()}); {@link #wireName()} is
 * that JSON-RPC code as text.
 */
public enum ApplicationError implements ErrorCode {
  /** An agent description that is not JSON, misses a required member or has one of a wrong type. */
  INVALID_DESCRIPTION(400, -32600),
  /** An agent description larger than the configured limit. */
  DESCRIPTION_TOO_LARGE(413, -32600),
  /** An agent description that does not satisfy the JSON Schema of its format. */
  SCHEMA_VIOLATION(400, -32600),
  /** A description without a proof, or whose proof is malformed or does not verify. */
  INVALID_PROOF(403, -32600),
  /** A proof whose {@code domain} is not the host the description was fetched from. */
  DOMAIN_MISMATCH(403, -32600),
  /** A description whose {@code did} is absent or is not the DID that signed it. */
  SIGNER_MISMATCH(403, -32600),
  /** The signer's DID document could not be resolved. */
  DID_RESOLUTION_FAILED(502, -32603),
  /** JSON-RPC: the request body is not JSON. */
  PARSE_ERROR(400, -32700),
  /** JSON-RPC: the JSON is not a valid request object. */
  INVALID_REQUEST(400, -32600),
  /** JSON-RPC: no such method. */
  METHOD_NOT_FOUND(404, -32601),
  /** JSON-RPC: the parameters do not fit the method. */
  INVALID_PARAMS(400, -32602),
  /** JSON-RPC: the method failed inside. */
  INTERNAL_ERROR(500, -32603),
  /** An agent class or builder that cannot be turned into interfaces (a programming error). */
  INVALID_AGENT_DEFINITION(500, -32603),
  /** A call that needs an authenticated caller, made without one. */
  UNAUTHENTICATED(401, -32001),
  /** A document could not be fetched (network failure, HTTP error, over the size limit). */
  FETCH_FAILED(502, -32603),
  /** A discovery page ({@code CollectionPage}) that is malformed, or an item or {@code next} link that is refused. */
  INVALID_COLLECTION(400, -32600),
  /** A signed object (a registry package) whose signer the trust policy does not accept. */
  UNTRUSTED_SIGNER(403, -32003),
  /** The requested thing (a registry package, a name, a version) does not exist. */
  NOT_FOUND(404, -32004),
  /** A write that clashes with what exists (a published version with other content, a name owned by another DID). */
  CONFLICT(409, -32009);

  private final int httpStatus;
  private final int jsonRpcCode;

  ApplicationError(int httpStatus, int jsonRpcCode) {
    this.httpStatus = httpStatus;
    this.jsonRpcCode = jsonRpcCode;
  }

  @Override
  public int httpStatus() {
    return httpStatus;
  }

  /** The JSON-RPC 2.0 error code this error is reported as. */
  public int jsonRpcCode() {
    return jsonRpcCode;
  }

  @Override
  public String wireName() {
    return Integer.toString(jsonRpcCode);
  }
}
