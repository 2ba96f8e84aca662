/**
 * Implementation of the ANP E2E 1.0 handshake and message encryption: HKDF key schedule,
 * AES-GCM framing, the handshake engines and the in-memory stores. Not API.
 */
package org.anp.transport.internal.e2e;
