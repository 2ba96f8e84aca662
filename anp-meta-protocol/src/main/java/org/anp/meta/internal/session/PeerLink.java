package org.anp.meta.internal.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;
import org.anp.identity.did.Did;
import org.anp.meta.handler.ProtocolHandler;
import org.anp.meta.handler.Verification;
import org.anp.meta.negotiation.NegotiationEngine;
import org.anp.meta.negotiation.NegotiationState;
import org.anp.meta.negotiation.SessionCapabilities;
import org.anp.meta.negotiator.Proposal.Role;
import org.anp.meta.session.AgreedProtocol;

/**
 * What an agent knows about one peer: the current E2E session's capabilities, the negotiation
 * engine of that peer (at most one at a time), the local handler of the agreed protocol, the
 * verification run, and the futures waiting on it. Touched only on the agent's thread, except
 * {@link #requesterHandler()}, {@link #sendRequest} and {@link #requests}, which application
 * requests use from the caller's thread.
 */
final class PeerLink {
  final Did peer;
  String sessionId;
  SessionCapabilities capabilities = SessionCapabilities.MANDATORY_ONLY;
  NegotiationEngine engine;
  Role role;
  /** The handler of the agreed protocol, set when code is made. */
  ProtocolHandler handler;
  /** Provider: the handler that answers PT=11 requests (reports no violations). */
  ProtocolHandler testHandler;
  Verification verification;
  AgreedProtocol.TestReport testReport;
  /** Requester: a need waiting for a session to open. */
  String pendingNeed;
  CompletableFuture<AgreedProtocol> pendingAgreement;
  /** Requester: application requests waiting for their replies, in the order sent. */
  final Deque<WaitingReply> requests = new ConcurrentLinkedDeque<>();
  /** The handler requests are sent with, published by the agent's thread; null if none is ready. */
  private volatile ProtocolHandler requesterHandler;
  ScheduledFuture<?> timer;

  PeerLink(Did peer) {
    this.peer = peer;
  }

  boolean hasSession() {
    return sessionId != null;
  }

  /** Whether an engine is negotiating (neither absent, READY nor FAILED). */
  boolean negotiating() {
    return engine != null
        && engine.state() != NegotiationState.READY
        && engine.state() != NegotiationState.FAILED;
  }

  boolean ready() {
    return engine != null && engine.state() == NegotiationState.READY && handler != null;
  }

  /** A new engine for this peer: the previous protocol's handlers and runs are dropped. */
  void replaceEngine(NegotiationEngine next, Role nextRole) {
    engine = next;
    role = nextRole;
    handler = null;
    testHandler = null;
    verification = null;
    testReport = null;
    publish();
  }

  /** Makes the current state visible to {@link #requesterHandler()}; on the agent's thread. */
  void publish() {
    requesterHandler = ready() && role == Role.REQUESTER ? handler : null;
  }

  /** The handler of a protocol this side asked for, if one is ready; any thread. */
  ProtocolHandler requesterHandler() {
    return requesterHandler;
  }

  /** A requester's future for the reply to one application request, and when it expires. */
  record WaitingReply(CompletableFuture<JsonNode> reply, long deadlineNanos) {}

  /**
   * Queues {@code waiting} for the next response and runs {@code send}, atomically, so replies
   * (matched in order) meet the requests in the order the messenger got them; any thread. The
   * entry leaves the queue when its future completes, however it completes.
   */
  synchronized void sendRequest(WaitingReply waiting, Runnable send) {
    requests.addLast(waiting);
    waiting.reply().whenComplete((r, ex) -> requests.remove(waiting));
    send.run();
  }

  /**
   * Fails the waiting replies whose deadline is not after {@code now} (System.nanoTime) with
   * the given cause; returns the earliest deadline left, {@code Long.MAX_VALUE} if none.
   */
  long expireRequests(long now, Supplier<? extends Throwable> cause) {
    long next = Long.MAX_VALUE;
    for (WaitingReply w : requests) {
      if (w.deadlineNanos() - now <= 0) {
        w.reply().completeExceptionally(cause.get());
      } else {
        next = Math.min(next, w.deadlineNanos());
      }
    }
    return next;
  }

  void completeAgreement(AgreedProtocol agreed) {
    publish(); // before the caller, woken by the future, sends its first request
    CompletableFuture<AgreedProtocol> f = pendingAgreement;
    pendingAgreement = null;
    pendingNeed = null;
    if (f != null) {
      f.complete(agreed);
    }
  }

  void failAgreement(Throwable cause) {
    CompletableFuture<AgreedProtocol> f = pendingAgreement;
    pendingAgreement = null;
    pendingNeed = null;
    if (f != null) {
      f.completeExceptionally(cause);
    }
  }

  Optional<CompletableFuture<JsonNode>> nextRequest() {
    return Optional.ofNullable(requests.pollFirst()).map(WaitingReply::reply);
  }

  void failRequests(Throwable cause) {
    WaitingReply w;
    while ((w = requests.pollFirst()) != null) {
      w.reply().completeExceptionally(cause);
    }
  }
}
