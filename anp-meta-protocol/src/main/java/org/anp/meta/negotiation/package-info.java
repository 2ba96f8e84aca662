/**
 * The meta-protocol negotiation as sans-IO state machines (spec/meta-protocol.md §4-5):
 * {@link org.anp.meta.negotiation.NegotiationEngine} for requester and provider, the hellos'
 * {@link org.anp.meta.negotiation.MetaProtocolBlock} and the
 * {@link org.anp.meta.negotiation.SessionCapabilities} two blocks allow, and one engine per
 * (peer, session) in {@link org.anp.meta.negotiation.Negotiations}, and the 0-RTT reuse of a
 * stored protocol ({@link org.anp.meta.negotiation.ZeroRtt}).
 */
package org.anp.meta.negotiation;
