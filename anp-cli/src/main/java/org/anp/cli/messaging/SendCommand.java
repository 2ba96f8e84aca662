package org.anp.cli.messaging;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.messenger.AgentMessenger;
import org.anp.transport.messenger.DeliveryStatus;
import org.anp.transport.messenger.SendResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code anp send}: sends one end-to-end encrypted text message to a DID through a relay and
 * prints {@code DELIVERED <messageId>} or {@code QUEUED <messageId>}. Exit codes: 0 once the relay
 * reports the message delivered or queued, 1 otherwise (the error code on standard error), 2 bad
 * usage. Used once, from one thread.
 *
 * <p>A new process has no session keys, so every send starts with a handshake. When the recipient
 * is offline the relay queues the handshake, and the message itself waits in this process until
 * the recipient answers; the command therefore waits for the final status (up to
 * --timeout) before it exits, and reports {@code MESSAGE_EXPIRED} if the recipient stayed away.
 */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = {
      "Sends one end-to-end encrypted message to a DID through a relay.",
      "Prints DELIVERED or QUEUED with the message id; exits 1 with the error code otherwise."
    })
public final class SendCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private MessengerOptions options;

  @Option(names = "--to", required = true, paramLabel = "DID", description = "The recipient's DID.")
  private String to;

  @Parameters(paramLabel = "TEXT", arity = "1..*", description = "The message (words are joined with spaces).")
  private String[] text;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    byte[] payload = String.join(" ", text).getBytes(StandardCharsets.UTF_8);
    Did recipient;
    try {
      recipient = Did.parse(to);
    } catch (IdentityException e) {
      err.println("send: " + MessengerOptions.describe(
          new TransportException(TransportError.INVALID_MESSAGE, "--to: not a DID: " + e.getMessage(), e)));
      return 1;
    }
    try (AgentMessenger messenger = options.build()) {
      BlockingQueue<SendResult> updates = new LinkedBlockingQueue<>();
      messenger.onDeliveryUpdate(updates::add);
      SendResult result = messenger.send(recipient, payload)
          .get(options.timeout().toSeconds() + 5, TimeUnit.SECONDS);
      if (result.status() == DeliveryStatus.QUEUED) {
        result = finalStatus(result, updates);
      }
      if (result.status() == DeliveryStatus.EXPIRED) {
        err.println("send: MESSAGE_EXPIRED (504): " + result.messageId() + " was not delivered; " + to
            + " did not come back in time");
        return 1;
      }
      spec.commandLine().getOut().println(result.status() + " " + result.messageId());
      return 0;
    } catch (ExecutionException | CompletionException e) {
      if (e.getCause() instanceof TransportException te) {
        err.println("send: " + MessengerOptions.describe(te));
        return 1;
      }
      err.println("send: " + e.getCause());
      return 1;
    } catch (TimeoutException e) {
      err.println("send: no answer within " + options.timeout().toSeconds() + " s");
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("send: interrupted");
      return 1;
    }
  }

  /** The delivery update for {@code queued}, or {@code queued} itself if none came in time. */
  private SendResult finalStatus(SendResult queued, BlockingQueue<SendResult> updates) throws InterruptedException {
    // The messenger gives up at --timeout, reporting it when the handshake running then times out.
    long deadline =
        System.nanoTime() + options.timeout().plus(options.handshakeTimeout()).plusSeconds(2).toNanos();
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      SendResult update = updates.poll(left, TimeUnit.NANOSECONDS);
      if (update != null && update.messageId().equals(queued.messageId())) {
        return update;
      }
    }
    return queued;
  }
}
