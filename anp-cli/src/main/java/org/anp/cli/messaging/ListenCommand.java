package org.anp.cli.messaging;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.anp.cli.internal.InputFiles;
import org.anp.cli.selection.CapabilitiesFile;
import org.anp.cli.selection.NegotiationPrinter;
import org.anp.identity.did.Did;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.negotiator.LocalCapability;
import org.anp.meta.session.MetaProtocolAgent;
import org.anp.meta.store.ProtocolStore;
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
 * refuses the registration, 2 bad usage. With {@code --capabilities} it is a meta-protocol provider
 * instead: it answers negotiations and serves the agreed protocols, printing each negotiation line
 * and {@code served a request from <did>} per application request (test runs not counted). Used once, from one thread.
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

  @Option(names = "--count", paramLabel = "N", description = "Exit after N messages (with --capabilities: N served requests).")
  private Integer count;

  @Option(names = "--capabilities", paramLabel = "FILE",
      description = "Answer meta-protocol negotiations with the capabilities in FILE (JSON, each with"
          + " requestSchema, responseSchema and exampleResponse) and serve the agreed protocols;"
          + " agreed protocols are kept under the identity directory's protocols/ for reuse.")
  private Path capabilities;

  @Override
  public Integer call() {
    if (count != null && count < 1) {
      throw new ParameterException(spec.commandLine(), "--count must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (capabilities != null) {
      return serveCapabilities(out, err);
    }
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

  /** {@code --capabilities}: a provider agent that prints each negotiation line and served request. */
  private int serveCapabilities(PrintWriter out, PrintWriter err) {
    BlockingQueue<Did> served = new LinkedBlockingQueue<>();
    CapabilitiesFile file;
    try {
      file = CapabilitiesFile.read(capabilities);
    } catch (InputFiles.UnusableInputException | MetaProtocolException e) {
      throw new ParameterException(spec.commandLine(), "--capabilities: " + e.getMessage());
    }
    Consumer<String> line = text -> {
      synchronized (out) {
        out.println(text);
        out.flush();
      }
    };
    try (MetaProtocolAgent agent = MetaProtocolAgent.builder(options.builder())
        .serve(file.capabilities(), file.functions())
        .store(ProtocolStore.onFiles(options.identityDirectory().resolve("protocols")))
        .listener(new NegotiationPrinter(line) {
          @Override
          public void requestServed(Did peer) {
            served.add(peer);
          }
        })
        .onNaturalLanguage((peer, text) -> line.accept("from " + peer + ": " + text))
        .build()) {
      agent.start().get(options.timeout().toSeconds() + 5, TimeUnit.SECONDS);
      err.println("listening as " + agent.localDid() + ", serving "
          + String.join(", ", file.capabilities().stream().map(LocalCapability::name).toList()));
      err.flush();
      for (int n = 0; count == null || n < count; n++) {
        line.accept("served a request from " + served.take());
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
