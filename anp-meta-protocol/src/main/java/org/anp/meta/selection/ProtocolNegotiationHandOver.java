package org.anp.meta.selection;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The seam to the white paper's protocol negotiation (layer 2: candidate protocols in natural
 * language with JSON Schemas, rounds, code generation, tests), used by {@link CapabilitySelector}
 * only when ANP-06 1.2 selection found no existing interface.
 *
 * <p>The peer's support is not advertised in {@code anp.get_capabilities} (spec/anp-v1.2.md Q24
 * keeps the legacy negotiation out of the ANP-06 path): the implementation decides, from the
 * request (the peer's DID document, a protocol store, configuration), whether both sides support
 * it, and answers empty when they do not. Implementations are thread-safe; the future always
 * completes.
 */
@FunctionalInterface
public interface ProtocolNegotiationHandOver {

  /**
   * Negotiates a new protocol for the need in {@code request}.
   *
   * @return a future of the negotiated protocol, or empty when the peer (or this side) does not
   *     support the white paper's negotiation
   */
  CompletableFuture<Optional<NegotiatedProtocol>> negotiate(HandOverRequest request);
}
