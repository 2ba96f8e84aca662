/**
 * Layer 2 of ANP: the meta-protocol, in which two agents negotiate in natural language, backed by
 * JSON Schemas, which application protocol they will speak, then generate, test and reuse it
 * (spec/meta-protocol.md).
 *
 * <p>How the parts fit, for a driver that runs them over an E2E session:
 *
 * <ul>
 *   <li>{@link org.anp.meta.wire}: every decrypted payload is a {@link org.anp.meta.wire.Frame};
 *       PT=00 frames go to the session's negotiation engine, PT=01 to the agreed protocol's
 *       handler, PT=11 to the handler during verification only, PT=10 to the application.
 *   <li>{@link org.anp.meta.negotiation}: the hellos carry a
 *       {@link org.anp.meta.negotiation.MetaProtocolBlock} each way; the two give the
 *       {@link org.anp.meta.negotiation.SessionCapabilities} of the session. One
 *       {@link org.anp.meta.negotiation.NegotiationEngine} per (peer, session) takes received
 *       PT=00 payloads and {@code tick()} at its {@code deadline()}, and returns messages to send
 *       and events to act on.
 *   <li>{@link org.anp.meta.negotiator}: the engine asks a
 *       {@link org.anp.meta.negotiator.Negotiator} what to propose and accept.
 *   <li>{@link org.anp.meta.handler}: on {@code CodeNeeded} the driver asks a
 *       {@link org.anp.meta.handler.ProtocolCodeGenerator} for the handler and reports
 *       {@code codeReady()}; the handler's violations go back to the engine's
 *       {@code reportViolation}.
 *   <li>{@link org.anp.meta.store}: on {@code Ready} the driver stores the protocol and the
 *       handler's form by hash; on {@code FixAccepted} the store evicts it; the next session
 *       offers the hash in its hello.
 * </ul>
 *
 * <p>Errors are {@link org.anp.meta.MetaProtocolException} with a
 * {@link org.anp.meta.MetaProtocolError} code.
 */
package org.anp.meta;
