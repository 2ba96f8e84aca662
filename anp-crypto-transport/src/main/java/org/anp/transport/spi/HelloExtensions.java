package org.anp.transport.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.anp.identity.did.Did;

/**
 * Builds the {@code metaProtocol} block of the hellos this side sends, per peer
 * (spec/meta-protocol.md section 5, ANP 06 section 5): layer 2 offers its capabilities and
 * candidate protocols in a sourceHello, and answers the peer's offer in the destinationHello.
 * The block is part of the hello, so the hello's signature covers it; the peer's block reaches
 * the application with the established session, never before the peer's Finished is verified.
 *
 * <p>Called by the handshake engine on the thread that drives it, once per hello; must not
 * block (no I/O) and must be thread-safe when one instance serves several endpoints. The
 * returned object is copied into the hello. A hook that throws fails that handshake with
 * {@code NEGOTIATION_FAILED}.
 */
public interface HelloExtensions {

  /** Sends no block in any hello. */
  HelloExtensions NONE = new HelloExtensions() {
    @Override
    public Optional<ObjectNode> offer(Did peerDid) {
      return Optional.empty();
    }

    @Override
    public Optional<ObjectNode> answer(Did peerDid, Optional<JsonNode> offered) {
      return Optional.empty();
    }
  };

  /**
   * The block for the sourceHello we send to {@code peerDid}, or empty to send none.
   *
   * @param peerDid the DID the handshake is opened with
   */
  Optional<ObjectNode> offer(Did peerDid);

  /**
   * The block for the destinationHello that answers {@code peerDid}'s sourceHello, or empty to
   * send none. Called only after the sourceHello's signature, key binding and freshness were
   * verified.
   *
   * @param peerDid the DID that opened the handshake
   * @param offered a copy of the {@code metaProtocol} block of its sourceHello, if it sent one
   */
  Optional<ObjectNode> answer(Did peerDid, Optional<JsonNode> offered);
}
