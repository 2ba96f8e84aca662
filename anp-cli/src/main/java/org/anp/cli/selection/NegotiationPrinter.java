package org.anp.cli.selection;

import java.util.function.Consumer;
import org.anp.identity.did.Did;
import org.anp.meta.negotiation.NegotiationEvent;
import org.anp.meta.session.MetaProtocolListener;
import org.anp.meta.wire.CodeGeneration;
import org.anp.meta.wire.FixErrorNegotiation;
import org.anp.meta.wire.MetaMessage;
import org.anp.meta.wire.ProtocolNegotiation;
import org.anp.meta.wire.TestCasesNegotiation;

/**
 * Prints a meta-protocol negotiation as it goes, one line per message and per outcome, e.g.
 * {@code round 1: sent negotiating} or {@code test cases: received accepted}. Lines go to the
 * given sink from the agent's thread.
 */
public class NegotiationPrinter implements MetaProtocolListener {
  private final Consumer<String> lines;

  public NegotiationPrinter(Consumer<String> lines) {
    this.lines = lines;
  }

  @Override
  public void messageSent(Did peer, MetaMessage message) {
    print("sent", message);
  }

  @Override
  public void messageReceived(Did peer, MetaMessage message) {
    print("received", message);
  }

  private void print(String direction, MetaMessage message) {
    if (message instanceof ProtocolNegotiation pn) {
      lines.accept("round " + pn.sequenceId() + ": " + direction + " " + pn.status().wireName());
      pn.modificationSummary().ifPresent(s -> s.lines().forEach(l -> lines.accept("  " + l)));
    } else if (message instanceof TestCasesNegotiation tc) {
      lines.accept("test cases: " + direction + " " + tc.status().wireName());
    } else if (message instanceof CodeGeneration cg) {
      lines.accept("code generation: " + direction + " " + cg.status());
    } else if (message instanceof FixErrorNegotiation fe) {
      lines.accept("fix error: " + direction + " " + fe.status().wireName());
    } else {
      lines.accept(message.action() + ": " + direction);
    }
  }

  @Override
  public void event(Did peer, NegotiationEvent event) {
    if (event instanceof NegotiationEvent.Ready r) {
      lines.accept("ready with " + peer + ": protocol " + r.hash().hex());
    } else if (event instanceof NegotiationEvent.Failed f) {
      lines.accept("failed: " + f.code().wireName() + ": " + f.reason());
    }
  }
}
