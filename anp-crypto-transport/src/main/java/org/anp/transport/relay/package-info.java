/**
 * The message service relay (spec/e2e-transport.md sections 7, 8 and 10; 05-message-service):
 * frame types shared by relay and clients, and the relay server.
 *
 * <h2>Wire shapes</h2>
 *
 * One JSON object per WebSocket text frame, UTF-8, at most 1 MiB by default. Every frame starts
 * with {@code "version":"1.0"}, {@code "type"}, {@code "timestamp"} (ISO 8601 UTC, milliseconds)
 * and {@code "messageId"}.
 *
 * <pre>{@code
 * register   {"version":"1.0","type":"register","timestamp":"...","messageId":"...",
 *             "routers":[{"router":"<DID>","nonce":"<64 hex>",
 *               "proof":{"type":"EcdsaSecp256r1Signature2019","created":"...Z",
 *                        "proofPurpose":"assertionMethod","verificationMethod":"<DID>#key-1",
 *                        "proofValue":"<base64url r||s>"}}]}
 * heartbeat  {"version":"1.0","type":"heartbeat","timestamp":"...","messageId":"...","message":"ping"}
 *            answered with the same messageId and "message":"pong"
 * E2E        sourceHello, destinationHello, finished, message (org.anp.transport.e2e), routed by
 *            destinationDid; the relay reads only the envelope
 * response   {"version":"1.0","type":"response","timestamp":"...","messageId":"<new>",
 *             ["sourceDid":"<relay DID>",] "destinationDid":"<original sender>",
 *             "originalType":"message","originalMessageId":"<id>","code":202,"detail":"..."}
 * }</pre>
 *
 * <p>Each router entry is signed on its own: {@code {router, nonce, proof}} without
 * {@code proof.proofValue}, Python sorted-compact JSON, with the key the relay finds in the
 * router's DID document under {@code proof.verificationMethod}. The relay accepts
 * {@code proof.created} within plus or minus 5 minutes and each nonce once per router.
 * {@code register} is full-state: the connection serves exactly the routers of its latest
 * register. For did:wba a DID is its own router; for did:all the router is the
 * {@code router} member of the document's {@code messageService}.
 *
 * <p>Alternatively, when the relay is built with an authenticator, a client may put a did:wba
 * {@code Authorization: DIDWba ...} header on the WebSocket upgrade request: the relay verifies it
 * and binds the caller's DID as the connection's router, then sends a {@code response} with
 * {@code "originalType":"authorization"} and code 200 or 403 (no {@code originalMessageId}).
 *
 * <h2>Status codes (decision record 0004)</h2>
 *
 * The relay answers every {@code message}, {@code sourceHello}, {@code destinationHello} and
 * {@code finished} frame it reads with one {@code response} addressed to the frame's
 * {@code sourceDid} with {@code originalType} and {@code originalMessageId}; a 202 is followed
 * later by a 200 or a 504. {@code register} is answered 200 or 403, {@code heartbeat} with pong;
 * a 403 to a {@code register} (or an {@code Authorization} header) says why in its
 * {@code detail}, naming the entry, and for a DID that does not resolve the resolver's error
 * (e.g. {@code routers[0].router: the DID does not resolve (DID_NOT_FOUND: ...)}); the relay
 * logs each such refusal at INFO with the DIDs and the reason.
 * a malformed or oversize frame gets a response without {@code originalMessageId} when the id
 * could not be read.
 *
 * <table>
 *   <caption>codes</caption>
 *   <tr><th>code</th><th>meaning</th></tr>
 *   <tr><td>200</td><td>pushed to a live connection of the destination (or of its relay) and
 *       acknowledged by the receiving client, or its ack timeout passed (0006)</td></tr>
 *   <tr><td>202</td><td>destination offline: queued; a 200 or 504 follows</td></tr>
 *   <tr><td>400</td><td>malformed frame: not one JSON object, an envelope member missing or
 *       mistyped, an unknown type or version (a text frame that is not UTF-8 closes the
 *       connection with 1007)</td></tr>
 *   <tr><td>403</td><td>sourceDid not registered on this connection; register refused
 *       (including over a registration quota, decision record 0058)</td></tr>
 *   <tr><td>404</td><td>destination cannot be routed</td></tr>
 *   <tr><td>413</td><td>frame over the size limit</td></tr>
 *   <tr><td>429</td><td>connection over its rate limit</td></tr>
 *   <tr><td>503</td><td>destination queue full: its frames or bytes, the sender's share of it,
 *       or the relay's total (decision record 0059)</td></tr>
 *   <tr><td>504</td><td>queued frame expired, or the relay stopped holding it</td></tr>
 * </table>
 *
 * <p>WebSocket framing errors close the connection with the RFC 6455 code (1002 protocol error,
 * 1009 too big) and nothing after the close frame. On its own port the relay answers an upgrade
 * request past its connection caps with HTTP 503 (all) or 429 (one address) (decision record
 * 0060).
 *
 * <h2>Receiver acknowledgements (decision record 0006)</h2>
 *
 * A client acknowledges every {@code message}, {@code sourceHello}, {@code destinationHello} and
 * {@code finished} frame pushed to it with a {@code response} of code 200 from itself to the
 * frame's sender, naming the frame in {@code originalType} and {@code originalMessageId}. The
 * relay consumes such responses (it never routes them) and answers the sender 200 only then.
 * Frames of a connection that closes unacknowledged return to the head of the queue; a receiver
 * that never acknowledges gets its frames reported delivered after the ack timeout. An
 * acknowledgement also covers every frame pushed to the same connection before the frame it
 * names (decision record 0009): the relay writes them in order, so a client may acknowledge only
 * the last frame of each batch it reads, as long as it handles frames in the order they arrive.
 *
 * <p>Of an E2E frame the relay reads only the envelope (decision record 0009): {@code version},
 * {@code type}, {@code messageId}, both DIDs, and a {@code response}'s {@code code} and
 * {@code originalMessageId}; the rest must be well-formed JSON and is checked by the receiver.
 *
 * <p>End-to-end codes 4000-4005 travel between the agents in {@code response} frames, which get no
 * status: one goes at once to a writable connection of its destination, even while frames wait in
 * the destination's queue, or waits in that queue while the destination is away (decision record
 * 0010). See {@link org.anp.transport.relay.RelayStatus}.
 *
 * <h2>Clusters (decision record 0077)</h2>
 *
 * Several relays built with {@link org.anp.transport.relay.RelayServer.Builder#cluster} on one
 * NATS JetStream server act as one relay: an agent may register with any node, a frame for an
 * agent on another node, or offline, waits in JetStream and is delivered by the agent's node,
 * and its sender hears the final status on its own node. The codes above are the same; a 503
 * also answers a frame that needs NATS while NATS is away. See {@code docs/cluster.md}.
 */
package org.anp.transport.relay;
