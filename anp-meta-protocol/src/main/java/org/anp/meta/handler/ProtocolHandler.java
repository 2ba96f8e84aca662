package org.anp.meta.handler;

import com.fasterxml.jackson.databind.JsonNode;
import org.anp.meta.ProtocolHash;

/**
 * The code that speaks one agreed protocol on the application channel (PT=01, and PT=11 during
 * verification): the requester encodes requests and decodes responses, the provider turns a
 * request into its response by calling the local capability (spec/meta-protocol.md §7).
 *
 * <p>Every payload read from the peer is checked against the agreed protocol; a violation is
 * passed to the {@link ViolationSink} the handler was made with (whose owner answers it with a
 * fix-error negotiation) and thrown. Implementations are thread-safe.
 */
public interface ProtocolHandler {

  /** The agreed protocol's hash. */
  ProtocolHash protocolHash();

  /**
   * What a {@link ProtocolCodeGenerator} needs to rebuild this handler without negotiating
   * again: for the schema handler, its capability and the two schemas. Stored with the protocol.
   */
  JsonNode form();

  /**
   * Requester: checks {@code request} against the agreed request format and encodes it.
   *
   * @throws org.anp.meta.MetaProtocolException {@code PROTOCOL_VIOLATION} if the local request
   *     does not match (a local bug: not reported to the peer)
   */
  byte[] encodeRequest(JsonNode request);

  /**
   * Requester: decodes and checks a response from the peer.
   *
   * @throws org.anp.meta.MetaProtocolException {@code PROTOCOL_VIOLATION} (reported to the sink)
   *     if it is not JSON or does not match the agreed response format
   */
  JsonNode decodeResponse(byte[] payload);

  /**
   * Provider: checks a request from the peer, serves it with the local capability and returns
   * the encoded response.
   *
   * @throws org.anp.meta.MetaProtocolException {@code PROTOCOL_VIOLATION} (reported to the sink)
   *     for a request that does not match the agreed format; {@code CAPABILITY_FAILED} if the
   *     capability failed or answered outside the agreed response format (a local fault)
   */
  byte[] handleRequest(byte[] payload);
}
