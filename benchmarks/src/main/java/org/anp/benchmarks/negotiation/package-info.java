/**
 * Layer 2 benchmarks (issue 14): a full negotiation between two {@code MetaProtocolAgent}s on a
 * loopback relay against the E2E handshake, and the first request on a reused protocol against a
 * plain E2E request and reply. See docs/benchmarks.md, section "Layer 2".
 */
package org.anp.benchmarks.negotiation;
