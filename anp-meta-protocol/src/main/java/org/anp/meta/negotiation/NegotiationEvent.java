package org.anp.meta.negotiation;

import java.util.Objects;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.ProtocolHash;

/** What happened in one step of a negotiation engine, for its driver. Immutable records. */
public sealed interface NegotiationEvent {

  /**
   * A protocol is agreed, or a fix of the local side's code was accepted: make the local handler
   * for it, then call {@code codeReady()} or {@code codeFailed(...)}.
   *
   * @param protocol the agreed protocol text
   * @param hash its hash
   * @param afterFix {@code true} when the code is regenerated after an accepted fix
   */
  record CodeNeeded(String protocol, ProtocolHash hash, boolean afterFix)
      implements NegotiationEvent {
    public CodeNeeded {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(hash, "hash");
    }
  }

  /**
   * Test cases are agreed. A requester's driver runs them (PT=11) and then calls
   * {@code testsPassed()} or {@code testsFailed(...)}; a provider's serves them.
   *
   * @param testCases the agreed test cases text
   */
  record TestCasesAgreed(String testCases) implements NegotiationEvent {
    public TestCasesAgreed {
      Objects.requireNonNull(testCases, "testCases");
    }
  }

  /**
   * Both handlers are ready: application frames may flow under {@code protocol}.
   *
   * @param protocol the agreed protocol text
   * @param hash its hash, under which both sides store it
   */
  record Ready(String protocol, ProtocolHash hash) implements NegotiationEvent {
    public Ready {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(hash, "hash");
    }
  }

  /**
   * The negotiation failed; the engine is in {@link NegotiationState#FAILED}.
   *
   * @param code why
   * @param reason details (never payloads)
   */
  record Failed(MetaProtocolError code, String reason) implements NegotiationEvent {
    public Failed {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A reported violation was admitted (by either side): the code for {@code hash} changes, so
   * stored handlers for it are stale (spec/meta-protocol.md §9).
   *
   * @param hash the protocol whose code is being fixed
   * @param ours whether the local side is the one fixing its code
   */
  record FixAccepted(ProtocolHash hash, boolean ours) implements NegotiationEvent {
    public FixAccepted {
      Objects.requireNonNull(hash, "hash");
    }
  }

  /**
   * The peer denied a violation this side reported.
   *
   * @param reason the peer's reason
   */
  record FixRejected(String reason) implements NegotiationEvent {
    public FixRejected {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The peer answered a natural-language question.
   *
   * @param messageId the question's id
   * @param message the answer
   */
  record NaturalLanguageAnswer(String messageId, String message) implements NegotiationEvent {
    public NaturalLanguageAnswer {
      Objects.requireNonNull(messageId, "messageId");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * A received message was dropped without effect (unknown action, a capability not shared,
   * a message out of place after agreement, the reference SDK's echo of an acceptance).
   *
   * @param action the message's action, or {@code "?"} if it could not be read
   * @param reason why it was dropped
   */
  record Ignored(String action, String reason) implements NegotiationEvent {
    public Ignored {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
