package org.anp.identity;

/**
 * Thrown by the identity layer for malformed input, failed verification and failed resolution.
 * The {@link #code()} says which; the message names the offending field.
 */
public final class IdentityException extends AnpException {
  private static final long serialVersionUID = 1L;

  public IdentityException(IdentityError code, String message) {
    super(code, message);
  }

  public IdentityException(IdentityError code, String message, Throwable cause) {
    super(code, message, cause);
  }

  @Override
  public IdentityError code() {
    return (IdentityError) super.code();
  }
}
