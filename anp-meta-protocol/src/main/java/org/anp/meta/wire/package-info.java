/**
 * The meta-protocol wire (spec/meta-protocol.md §1-2): the 1-byte protocol-type header of every
 * upper-layer payload ({@link org.anp.meta.wire.Frame}, {@link org.anp.meta.wire.ProtocolType})
 * and the five negotiation messages carried by PT=00 frames, byte-compatible with the reference
 * SDK 0.9.2 ({@link org.anp.meta.wire.MetaMessageCodec}).
 */
package org.anp.meta.wire;
