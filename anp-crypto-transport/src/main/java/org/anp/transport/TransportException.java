package org.anp.transport;

import org.anp.identity.AnpException;

/**
 * Thrown by the transport layer for malformed frames, failed handshakes, failed decryption and
 * unknown or expired keys. The {@link #code()} says which and maps to a message-service response
 * code; the message names the field or step and never contains keys or payloads.
 */
public final class TransportException extends AnpException {
  private static final long serialVersionUID = 1L;

  public TransportException(TransportError code, String message) {
    super(code, message);
  }

  public TransportException(TransportError code, String message, Throwable cause) {
    super(code, message, cause);
  }

  @Override
  public TransportError code() {
    return (TransportError) super.code();
  }
}
