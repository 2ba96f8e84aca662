/**
 * Layer 1b of ANP: the end-to-end encrypted channel between two DIDs (short-term key handshake
 * and encrypted messages), the WebSocket message service, and the Netty HTTP server pieces the
 * upper layers build on.
 */
package org.anp.transport;
