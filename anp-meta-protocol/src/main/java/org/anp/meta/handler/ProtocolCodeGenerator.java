package org.anp.meta.handler;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Makes the {@link ProtocolHandler} for an agreed protocol, after a negotiation
 * ({@code NegotiationEvent.CodeNeeded}) or from a stored form when a protocol is reused.
 * Implementations are thread-safe.
 */
public interface ProtocolCodeGenerator {

  /**
   * The handler for {@code protocol}.
   *
   * @throws org.anp.meta.MetaProtocolException {@code INVALID_PROTOCOL_DOCUMENT} if no handler
   *     can be made for it (the driver then reports {@code codeFailed})
   */
  ProtocolHandler generate(String protocol, ViolationSink violations);

  /**
   * The handler described by {@code form} (from {@link ProtocolHandler#form()}), for the stored
   * {@code protocol}.
   *
   * @throws org.anp.meta.MetaProtocolException {@code INVALID_PROTOCOL_DOCUMENT} if the form
   *     cannot be read
   */
  ProtocolHandler restore(String protocol, JsonNode form, ViolationSink violations);
}
