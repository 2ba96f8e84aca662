package org.anp.transport.e2e;

/**
 * Which side of the handshake a party played. Key direction follows the role, not a frame's
 * {@code sourceDid} (spec ambiguity 22): the initiator sends with the source key.
 */
public enum Role {
  INITIATOR,
  RESPONDER
}
