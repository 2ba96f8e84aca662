/**
 * The machinery behind {@link org.anp.transport.messenger.AgentMessenger}: the single-threaded
 * messenger loop (register, heartbeat, reconnect with backoff, resend, relay status bookkeeping)
 * and the Netty WebSocket client transport. Not API.
 */
package org.anp.transport.internal.messenger;
