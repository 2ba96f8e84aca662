/**
 * The agent side of the message service (spec/e2e-transport.md sections 6-10, decision record
 * 0004): {@link org.anp.transport.messenger.AgentMessenger} sends end-to-end encrypted payloads to
 * DIDs through a relay and receives theirs, with registration, heartbeats, reconnects, resends
 * and E2E handshakes underneath; {@link org.anp.transport.messenger.LocalIdentity} holds the keys
 * it acts with; {@link org.anp.transport.messenger.SendResult} and
 * {@link org.anp.transport.messenger.DeliveryStatus} report what the relay did with a payload;
 * {@link org.anp.transport.e2e.ReceivedMessage} is a decrypted payload. Failures are
 * {@link org.anp.transport.TransportException}s.
 */
package org.anp.transport.messenger;
