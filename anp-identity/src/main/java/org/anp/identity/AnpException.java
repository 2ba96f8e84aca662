package org.anp.identity;

import java.util.Objects;

/**
 * The base of every exception that ANP for Java throws for bad input, failed verification or a
 * failed remote call. Each module subclasses it exactly once with its own {@link ErrorCode} enum;
 * callers switch on {@link #code()} rather than catching subclasses.
 *
 * <p>Messages name the field or protocol step that failed and never contain key material,
 * tokens, signatures or payloads.
 */
public class AnpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  protected AnpException(ErrorCode code, String message) {
    super(code.name() + ": " + Objects.requireNonNull(message, "message"));
    this.code = code;
  }

  protected AnpException(ErrorCode code, String message, Throwable cause) {
    super(code.name() + ": " + Objects.requireNonNull(message, "message"), cause);
    this.code = code;
  }

  /** The error code; never null. */
  public ErrorCode code() {
    return code;
  }
}
