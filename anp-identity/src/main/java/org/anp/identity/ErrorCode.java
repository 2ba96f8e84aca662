package org.anp.identity;

import java.io.Serializable;

/**
 * A machine-readable error code that knows how it is expressed on the wire.
 *
 * <p>Each module has one enum implementing this interface; servers translate an
 * {@link AnpException} to an HTTP status, an OAuth {@code error} string, a message-service code or
 * a JSON-RPC code in one place by reading these two values. Codes are serializable (enum
 * constants are) so that an exception keeps its code when serialized.
 */
public interface ErrorCode extends Serializable {

  /** The enum constant's name, stable across releases. */
  String name();

  /** The HTTP status a server answers with when this error ends a request. */
  int httpStatus();

  /** The identifier used on the wire (OAuth {@code error} parameter, error frame code). */
  String wireName();
}
