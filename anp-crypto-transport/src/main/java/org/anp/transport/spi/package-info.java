/**
 * Seams of the transport layer that a researcher or an embedding application replaces:
 * {@link org.anp.transport.spi.MessageTransport}, how message-service frames move between an
 * agent and its relay (a WebSocket by default, in memory in tests).
 */
package org.anp.transport.spi;
