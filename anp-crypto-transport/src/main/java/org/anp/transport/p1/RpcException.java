package org.anp.transport.p1;

import java.util.Objects;
import java.util.Optional;
import org.anp.identity.AnpException;
import org.anp.identity.ErrorCode;

/**
 * A P1 JSON-RPC error as an exception: thrown by envelope parsing, by method handlers to answer
 * with a specific {@code error} object, and by {@link P1Client} when the peer answered with one.
 * The dispatcher writes {@link #error()} to the wire unchanged, so a handler of another layer
 * (ANP-06: 1600-1608) chooses its own code through an {@link RpcErrorCode} enum.
 *
 * <p>It is the transport module's second exception type (decision 0032): callers catch it apart
 * from {@code TransportException} because it is an answer of the protocol, not a failure of the
 * exchange. Its {@link #code()} is an {@link RpcErrorCode}: the one it was made from, or the core
 * code of a received error, or a code named after the received {@code anp_code}.
 */
public final class RpcException extends AnpException {
  private static final long serialVersionUID = 1L;

  private final transient RpcError error;

  /** An exception carrying {@code error} unchanged. */
  public RpcException(RpcError error) {
    super(codeOf(Objects.requireNonNull(error, "error")), error.message());
    this.error = error;
  }

  /** An exception for {@code code} with this message. */
  public RpcException(RpcErrorCode code, String message) {
    super(code, message);
    this.error = RpcError.of(code, message);
  }

  /** An exception for {@code code} with this message and cause (not sent to the peer). */
  public RpcException(RpcErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
    this.error = RpcError.of(code, message);
  }

  /** The error object sent or received. */
  public RpcError error() {
    return error;
  }

  private static ErrorCode codeOf(RpcError error) {
    return error.coreCode()
        .<RpcErrorCode>map(c -> c)
        .orElseGet(() -> new Received(error.code(), error.anpCode().orElse(null), error.message()));
  }

  /** A code outside the core set, as received or built from a profile's error object. */
  private static final class Received implements RpcErrorCode {
    private static final long serialVersionUID = 1L;
    private final int code;
    private final String anpCode;
    private final String message;

    Received(int code, String anpCode, String message) {
      this.code = code;
      this.anpCode = anpCode;
      this.message = message;
    }

    @Override
    public int code() {
      return code;
    }

    @Override
    public Optional<String> anpCode() {
      return Optional.ofNullable(anpCode);
    }

    @Override
    public String defaultMessage() {
      return message;
    }

    @Override
    public String name() {
      return anpCode == null ? "RPC_" + code : anpCode;
    }
  }
}
