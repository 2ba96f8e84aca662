package org.anp.meta.negotiator;

import java.util.Optional;

/**
 * Decides the content of a negotiation: drafts a requester's first candidate, judges the peer's
 * candidates, test cases and error reports, and answers natural-language questions
 * (spec/meta-protocol.md §4, the "advisor"). The negotiation engines call it synchronously from
 * the thread that drives them; an implementation that calls a language model is therefore slow,
 * and its driver should run the engine off any event loop.
 *
 * <p>Implementations must be thread-safe if shared between engines. Protocol documents are
 * markdown in the format of spec/meta-protocol.md §6.
 */
public interface Negotiator {

  /**
   * The first candidate protocol for a requester's {@code need} (markdown: requirements, and
   * optionally the data it sends and expects as JSON Schemas).
   *
   * @throws org.anp.meta.MetaProtocolException {@code INVALID_PROTOCOL_DOCUMENT} if no candidate
   *     can be drafted from the need
   */
  String draft(String need);

  /** Judges the peer's latest candidate protocol. */
  Verdict evaluate(Proposal proposal);

  /**
   * Requester: the test cases to propose for an agreed protocol, or empty to skip testing.
   * The default skips.
   */
  default Optional<String> draftTestCases(String protocol) {
    return Optional.empty();
  }

  /** Judges the peer's test cases for {@code protocol}. The default accepts them. */
  default Verdict evaluateTestCases(String protocol, String testCases) {
    return Verdict.accept();
  }

  /**
   * Judges a reported violation of {@code protocol}. The default denies fault, as a negotiator
   * that cannot change its code cannot fix anything.
   */
  default FixVerdict evaluateFix(String protocol, String errorDescription) {
    return FixVerdict.deny("this agent's handler follows the agreed schemas and cannot be changed");
  }

  /** Answers a natural-language question from the peer. */
  default String answer(String question) {
    return "This agent does not answer natural-language questions; please use the protocol"
        + " negotiation messages.";
  }
}
