package org.anp.application;

import org.anp.identity.AnpException;

/**
 * Thrown by the application layer for malformed or unverifiable agent descriptions, invalid
 * agent definitions and failed JSON-RPC calls. The {@link #code()} says which and maps to an
 * HTTP status and a JSON-RPC error code; the message names the member or step that failed and
 * never contains keys, signatures or payloads.
 */
public final class ApplicationException extends AnpException {
  private static final long serialVersionUID = 1L;

  public ApplicationException(ApplicationError code, String message) {
    super(code, message);
  }

  public ApplicationException(ApplicationError code, String message, Throwable cause) {
    super(code, message, cause);
  }

  @Override
  public ApplicationError code() {
    return (ApplicationError) super.code();
  }
}
