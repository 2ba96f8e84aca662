package org.anp.meta.wire;

/**
 * One negotiation message: the JSON carried by a PT=00 frame, dispatched on {@code action}
 * (spec/meta-protocol.md §2). Implementations are immutable records; {@link UnknownAction} stands
 * for a well-formed message whose action this side does not know, which receivers ignore.
 *
 * @see MetaMessageCodec
 */
public sealed interface MetaMessage
    permits ProtocolNegotiation,
        CodeGeneration,
        TestCasesNegotiation,
        FixErrorNegotiation,
        NaturalLanguageNegotiation,
        UnknownAction {

  /** The {@code action} value as written in JSON. */
  String action();
}
