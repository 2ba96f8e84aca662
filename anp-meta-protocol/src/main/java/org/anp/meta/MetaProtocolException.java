package org.anp.meta;

import org.anp.identity.AnpException;

/**
 * Thrown by the meta-protocol layer for malformed frames, protocol violations during a
 * negotiation, unreadable protocol documents, payloads that break an agreed protocol and store
 * failures. The {@link #code()} says which; the message names the field or step and never
 * contains payloads.
 */
public final class MetaProtocolException extends AnpException {
  private static final long serialVersionUID = 1L;

  public MetaProtocolException(MetaProtocolError code, String message) {
    super(code, message);
  }

  public MetaProtocolException(MetaProtocolError code, String message, Throwable cause) {
    super(code, message, cause);
  }

  @Override
  public MetaProtocolError code() {
    return (MetaProtocolError) super.code();
  }
}
