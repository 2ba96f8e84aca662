/**
 * ANP end-to-end encryption 1.0 (spec/e2e-transport.md parts 1-7): the handshake messages
 * (sourceHello, destinationHello, finished), encrypted {@code message} frames and the
 * {@code response} error frame as immutable types with a strict codec; the sans-IO
 * {@link org.anp.transport.e2e.HandshakeEngine}; the thread-safe
 * {@link org.anp.transport.e2e.SecureSession} that encrypts and decrypts byte payloads; the
 * {@link org.anp.transport.e2e.SessionKeyStore} seam; and the {@link org.anp.transport.e2e.E2eEndpoint}
 * that ties them together for one local DID (key lookup, renegotiation and resend).
 *
 * <p>Only {@code TLS_AES_128_GCM_SHA256} over {@code secp256r1} is implemented and advertised
 * (spec ambiguity 24). Every failure is a {@link org.anp.transport.TransportException}.
 */
package org.anp.transport.e2e;
