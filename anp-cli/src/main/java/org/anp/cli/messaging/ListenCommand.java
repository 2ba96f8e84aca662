package org.anp.cli.messaging;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.anp.transport.TransportException;
import org.anp.transport.messenger.AgentMessenger;
import org.anp.transport.e2e.ReceivedMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code anp listen}: registers a DID with a relay and prints one line per received message,
 * {@code from <did>: <text>} (the payload decoded as UTF-8, malformed bytes replaced). Exits 0
 * after {@code --count} messages (or runs until interrupted), 1 if the relay cannot be reached or
 * refuses the registration, 2 bad usage. Used once, from one thread.
 */
@Command(
    name = "listen",
    mixinStandardHelpOptions = true,
    description = {
      "Receives end-to-end encrypted messages for a DID through a relay.",
      "Prints 'from <did>: <text>' per message; exits after --count messages if given."
    })
public final class ListenCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private MessengerOptions options;

  @Option(names = "--count", paramLabel = "N", description = "Exit after N messages.")
  private Integer count;

  @Override
  public Integer call() {
    if (count != null && count < 1) {
      throw new ParameterException(spec.commandLine(), "--count must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BlockingQueue<ReceivedMessage> inbox = new LinkedBlockingQueue<>();
    try (AgentMessenger messenger = options.build()) {
      messenger.onMessage(inbox::add);
      messenger.start().get(options.timeout().toSeconds() + 5, TimeUnit.SECONDS);
      err.println("listening as " + messenger.localDid());
      err.flush();
      for (int received = 0; count == null || received < count; received++) {
        ReceivedMessage m = inbox.take();
        out.println("from " + m.senderDid() + ": " + new String(m.payload(), StandardCharsets.UTF_8));
        out.flush();
      }
      return 0;
    } catch (ExecutionException e) {
      err.println("listen: " + (e.getCause() instanceof TransportException te ? MessengerOptions.describe(te) : e.getCause()));
      return 1;
    } catch (TimeoutException e) {
      err.println("listen: the relay did not accept the registration within " + options.timeout().toSeconds() + " s");
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }
}
