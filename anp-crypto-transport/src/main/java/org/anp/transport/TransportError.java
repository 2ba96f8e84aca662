package org.anp.transport;

import java.util.Optional;
import org.anp.identity.ErrorCode;

/**
 * Error codes of the transport layer. Each code knows the HTTP status a server answers with and
 * the message-service {@code response} code it is reported as (spec/e2e-transport.md section 7:
 * 403, 404 and 4000-4005, plus the relay codes of decision record 0004: 400, 413, 429, 503, 504);
 * {@link #wireName()} is that code as text. {@link #fromResponseCode(int)} is the one mapping from
 * received codes back to errors; {@link org.anp.transport.relay.RelayStatus#error()} uses it.
 */
public enum TransportError implements ErrorCode {
  /** A frame that is not valid JSON, misses a required field or has a field of the wrong type. */
  INVALID_MESSAGE(400, 400),
  /** A frame larger than the configured limit. */
  MESSAGE_TOO_LARGE(413, 413),
  /** A frame of a type or protocol version this endpoint does not speak. */
  UNSUPPORTED_MESSAGE(400, 400),
  /** No protocol version, cipher suite or key-exchange group is shared with the peer. */
  NEGOTIATION_FAILED(400, 400),
  /** A frame that is valid on its own but not expected now (wrong state, session or DIDs). */
  UNEXPECTED_MESSAGE(400, 400),
  /** A handshake that did not complete within the configured time. */
  HANDSHAKE_TIMEOUT(408, 400),
  /** A hello whose signature does not verify over the received JSON. */
  HELLO_SIGNATURE_INVALID(403, 403),
  /** A hello key that is not bound to the claimed DID (did:all id or did:wba document). */
  DID_KEY_MISMATCH(403, 403),
  /** A hello whose {@code proof.created} is outside the freshness window. */
  HELLO_STALE(403, 403),
  /** A hello seen before (same DID and {@code random}). */
  HELLO_REPLAYED(403, 403),
  /** The peer's DID could not be resolved. */
  DID_NOT_FOUND(404, 404),
  /** A Finished message that does not decrypt or names another {@code secretKeyId}. */
  FINISHED_INVALID(403, 4003),
  /** Encrypting a payload failed. */
  ENCRYPTION_FAILED(500, 4000),
  /** A ciphertext that does not authenticate under the key named by {@code secretKeyId}. */
  DECRYPTION_FAILED(400, 4001),
  /** The peer reports our encryption key as invalid; renegotiate. */
  ENCRYPTION_KEY_INVALID(400, 4002),
  /** No live key has this {@code secretKeyId}, or it belongs to another pair of DIDs. */
  DECRYPTION_KEY_UNKNOWN(400, 4003),
  /** The peer reports our encryption key as expired; renegotiate. */
  ENCRYPTION_KEY_EXPIRED(400, 4004),
  /** The key named by {@code secretKeyId} has expired. */
  DECRYPTION_KEY_EXPIRED(400, 4005),
  /** An encrypted message seen before under the same key, or outside the time window. */
  MESSAGE_REPLAYED(400, 4001),
  /** A payload that could not be delivered: its handshake failed, or its key was refused after every resend. */
  DELIVERY_FAILED(502, 4000),
  /** HTTP: no resource at this path (no route, or no document stored for the DID). */
  RESOURCE_NOT_FOUND(404, 404),
  /** HTTP: the path exists but does not accept this method. */
  METHOD_NOT_ALLOWED(405, 400),
  /** HTTP: the client did not send the whole request within the request timeout. */
  REQUEST_TIMEOUT(408, 400),
  /** HTTP: the resource already exists (a did:all create of a stored DID). */
  RESOURCE_CONFLICT(409, 400),
  /** HTTP: a credential other than DID authentication (a hosting node's API key) is missing or wrong. */
  UNAUTHORIZED(401, 403),
  /** HTTP: the caller is authenticated but may not act on this resource. */
  FORBIDDEN(403, 403),
  /** HTTP: the server is shutting down, or has no connection or worker slot left. */
  SERVICE_UNAVAILABLE(503, 400),
  /**
   * The NATS server behind a shared store or a relay cluster cannot be reached, or did not answer
   * in time (decision 0082); the message names the URL or the bucket.
   */
  CLUSTER_UNAVAILABLE(503, 503),
  /** Message service: the relay refused a frame because the connection exceeded its rate limit. */
  RATE_LIMITED(429, 429),
  /** Message service: the destination's queue at the relay is full. */
  QUEUE_FULL(503, 503),
  /** Message service: a queued frame expired, or the relay stopped holding it, before delivery. */
  MESSAGE_EXPIRED(504, 504),
  /** Message service client: the relay did not answer a sent payload within the send timeout. */
  SEND_TIMEOUT(504, 504),
  /** Message service client: the relay refused to register this agent (its reason in the message). */
  REGISTRATION_REFUSED(403, 403),
  /** Message service client: no connection to the relay could be opened (refused, unknown host, timeout). */
  RELAY_UNREACHABLE(503, 400),
  /** Message service client: the relay's URL answers, but not as a WebSocket endpoint (wrong path, not a relay). */
  NOT_A_RELAY(502, 400);

  private final int httpStatus;
  private final int responseCode;

  TransportError(int httpStatus, int responseCode) {
    this.httpStatus = httpStatus;
    this.responseCode = responseCode;
  }

  @Override
  public int httpStatus() {
    return httpStatus;
  }

  /** The {@code code} of the message-service {@code response} frame reporting this error. */
  public int responseCode() {
    return responseCode;
  }

  /**
   * The error a received {@code response} code stands for, seen from the side that sent the
   * refused frame: empty for 200 and 202 (delivered, queued: not errors); every other code of
   * decision record 0004 and 4000-4005 maps to the error reported with it (403, shared by the
   * relay and by a peer refusing a hello, maps to {@code FORBIDDEN}); any other code to
   * {@code UNEXPECTED_MESSAGE}.
   */
  public static Optional<TransportError> fromResponseCode(int code) {
    return switch (code) {
      case 200, 202 -> Optional.empty();
      case 400 -> Optional.of(INVALID_MESSAGE);
      case 403 -> Optional.of(FORBIDDEN);
      case 404 -> Optional.of(DID_NOT_FOUND);
      case 413 -> Optional.of(MESSAGE_TOO_LARGE);
      case 429 -> Optional.of(RATE_LIMITED);
      case 503 -> Optional.of(QUEUE_FULL);
      case 504 -> Optional.of(MESSAGE_EXPIRED);
      case 4000 -> Optional.of(ENCRYPTION_FAILED);
      case 4001 -> Optional.of(DECRYPTION_FAILED);
      case 4002 -> Optional.of(ENCRYPTION_KEY_INVALID);
      case 4003 -> Optional.of(DECRYPTION_KEY_UNKNOWN);
      case 4004 -> Optional.of(ENCRYPTION_KEY_EXPIRED);
      case 4005 -> Optional.of(DECRYPTION_KEY_EXPIRED);
      default -> Optional.of(UNEXPECTED_MESSAGE);
    };
  }

  @Override
  public String wireName() {
    return Integer.toString(responseCode);
  }
}
