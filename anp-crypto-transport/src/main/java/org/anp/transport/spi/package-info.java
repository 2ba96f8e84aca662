/**
 * Seams of the transport layer that a researcher or an embedding application replaces:
 * {@link org.anp.transport.spi.MessageTransport}, how message-service frames move between an
 * agent and its relay (a WebSocket by default, in memory in tests), and
 * {@link org.anp.transport.spi.HelloExtensions}, the per-peer {@code metaProtocol} block signed
 * into the E2E hellos (none by default; layer 2 supplies one).
 */
package org.anp.transport.spi;
