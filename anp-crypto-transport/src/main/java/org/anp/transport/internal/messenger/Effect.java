package org.anp.transport.internal.messenger;

import java.util.concurrent.CompletableFuture;
import org.anp.transport.TransportException;
import org.anp.transport.e2e.E2eEndpoint;
import org.anp.transport.e2e.ReceivedMessage;
import org.anp.transport.e2e.SessionEstablished;
import org.anp.transport.messenger.SendResult;

/**
 * What the {@link MessengerEngine} asks its driver to do, in the order given: connection work,
 * frames to write, futures to wait for, and events for the application. The engine performs none
 * of it itself.
 */
sealed interface Effect {

  /** Open connection number {@code generation} to the relay; report it with that number. */
  record Connect(int generation) implements Effect {}

  /** Close the current connection (its close is then reported with a stale generation). */
  record Disconnect(String reason) implements Effect {}

  /** Write one frame to the current connection, if any. */
  record Write(byte[] frame) implements Effect {}

  /**
   * An inbound frame's E2E output that is not ready (a peer document is being resolved): when
   * it completes, hand it back with {@link MessengerEngine#resolved}.
   */
  record Await(CompletableFuture<E2eEndpoint.Output> output, InboundChain token) implements Effect {}

  /** Events for the application, run on the callback executor in order. */
  sealed interface Event extends Effect {}

  record Started() implements Event {}

  record StartFailed(TransportException error) implements Event {}

  record SendCompleted(CompletableFuture<SendResult> future, SendResult result) implements Event {}

  record SendFailed(CompletableFuture<SendResult> future, TransportException error) implements Event {}

  record Delivered(ReceivedMessage message) implements Event {}

  record Updated(SendResult result) implements Event {}

  record Established(SessionEstablished session) implements Event {}
}
