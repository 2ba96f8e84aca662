package org.anp.transport.p1;

import java.util.Optional;
import org.anp.identity.ErrorCode;

/**
 * A JSON-RPC error code as P1 carries it (P1 section 10): the integer {@code error.code}, the
 * machine-readable {@code error.data.anp_code} (present for every ANP code, 1000 and above;
 * absent for the JSON-RPC standard codes -32700..-32603), a short default message and whether a
 * caller may retry.
 *
 * <p>The core codes are {@link CoreRpcError}; a profile adds its own range by implementing this
 * interface on an enum (ANP-06 uses 1600-1608). A P1 error is a successful HTTP exchange, so
 * {@link #httpStatus()} is 200 unless an implementation says otherwise.
 */
public interface RpcErrorCode extends ErrorCode {

  /** The integer {@code error.code}. */
  int code();

  /** The {@code error.data.anp_code}; empty for the JSON-RPC standard codes. */
  Optional<String> anpCode();

  /** The short {@code error.message} used when no other is given. */
  String defaultMessage();

  /** Whether a caller may retry the same request later ({@code error.data.retryable}). */
  default boolean retryable() {
    return false;
  }

  @Override
  default int httpStatus() {
    return 200;
  }

  @Override
  default String wireName() {
    return anpCode().orElse(Integer.toString(code()));
  }
}
