package org.anp.cli.selection;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.anp.cli.internal.CommandOutput;
import org.anp.meta.selection.Intent;
import org.anp.meta.selection.MetaSelectionClient;
import org.anp.meta.selection.NegotiateRequestBody;
import org.anp.meta.selection.NegotiationResult;
import org.anp.meta.selection.NegotiationStatus;
import org.anp.meta.selection.SelectedPath;
import org.anp.transport.p1.P1Client;
import org.anp.transport.p1.RpcException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code anp negotiate} has two paths. {@code --to DID --relay URL --need FILE} negotiates a new
 * protocol as the white paper describes (see {@link WhitePaperNegotiation}).
 * {@code anp negotiate --select PEER --intent TEXT} asks an agent, with ANP-06 1.2 {@code
 * anp.negotiate} in {@code structured_selection} mode, which of its existing interfaces serves an
 * intent, and prints the result one {@code name: value} line each. Exit codes: 0 an interface was
 * selected ({@code accepted}), 1 none was ({@code rejected}, {@code needs_more_information}, an
 * error answer printed as its code, {@code data.anp_code} and message, or the call failed), 2 bad
 * usage. Used once, from one thread.
 */
@Command(
    name = "negotiate",
    mixinStandardHelpOptions = true,
    description = {
      "Negotiates a new protocol with an agent (--to) or selects one of its interfaces (--select).",
      "With --to/--relay/--need: negotiates a new protocol with an agent over the message service"
          + " (white paper), prints each round, the protocol hash, the test results and the reply to"
          + " one request; a protocol stored from an earlier run is reused without negotiating.",
      "With --select/--intent: asks an agent which of its interfaces serves an intent (ANP-06 1.2"
          + " selection, anp.negotiate).",
      "With --select, prints status, the selected interface and url, validUntil and negotiationDigest (or the"
          + " reason and alternatives when none was selected). The intent is the TEXT plus any"
          + " --tag and --capability; an agent usually needs a tag or a capability to choose."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:an interface was selected (status accepted); a protocol was agreed, tested and answered",
      "1:none was (rejected, needs_more_information, an error answer), the negotiation failed, or the call failed",
      "2:bad usage"
    })
public final class NegotiateCommand implements Callable<Integer> {
  @Mixin private CommandOutput io;
  @Mixin private PeerOptions options;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Mode mode;

  /** Exactly one of the two paths. */
  static final class Mode {
    @ArgGroup(exclusive = false, heading = "ANP-06 1.2 selection of an existing interface:%n")
    Selection selection;

    @ArgGroup(exclusive = false, heading = "White-paper negotiation of a new protocol over the message service:%n")
    WhitePaper whitePaper;
  }

  /** {@code --select}: ANP-06 1.2 selection. */
  static final class Selection {
    @Option(
        names = "--select",
        required = true,
        paramLabel = "PEER",
        description = "The agent to select an interface of: its P1 endpoint URL or its DID.")
    String peer;

    @Option(names = "--intent", required = true, paramLabel = "TEXT", description = "What you want, in words (intent.description).")
    String intent;

    @Option(names = "--tag", paramLabel = "TAG", description = "An intent tag, e.g. hotel.booking (repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(
        names = "--capability",
        paramLabel = "ID",
        description = "A capability id the interface must serve, e.g. cap.hotel.booking (repeatable).")
    List<String> capabilities = new ArrayList<>();

    @Option(
        names = "--target",
        paramLabel = "DID",
        description = "The agent's DID (meta.target). Default: PEER when it is a DID, else the serviceDid"
            + " its endpoint reports.")
    String target;
  }

  /** {@code --to}: the white paper's negotiation (spec/meta-protocol.md). */
  static final class WhitePaper {
    @Option(names = "--to", required = true, paramLabel = "DID", description = "The agent to negotiate a protocol with.")
    String to;

    @Option(names = "--relay", required = true, paramLabel = "URL", description = "The relay's WebSocket URL (ws:// or wss://).")
    String relay;

    @Option(names = "--need", required = true, paramLabel = "FILE",
        description = "What you need: markdown with the JSON Schemas of what you send and need back.")
    Path need;

    @Option(names = "--documents", paramLabel = "DIR",
        description = "Resolve DIDs from the DID documents in DIR first, then over the network.")
    Path documents;

    @Option(names = "--request", paramLabel = "JSON",
        description = "The application request to send once agreed. Default: one made from the agreed request format.")
    String request;
  }

  @Override
  public Integer call() {
    if (mode.whitePaper != null) {
      WhitePaper w = mode.whitePaper;
      return new WhitePaperNegotiation(io, options).run(new WhitePaperNegotiation.Arguments(
          w.to, w.relay, w.need, Optional.ofNullable(w.documents), Optional.ofNullable(w.request)));
    }
    Selection sel = mode.selection;
    String peer = sel.peer;
    String intent = sel.intent;
    List<String> tags = sel.tags;
    List<String> capabilities = sel.capabilities;
    String target = sel.target;
    if (intent.isBlank()) {
      throw io.usage("--intent must not be blank");
    }
    PeerOptions.Peer agent = options.peer(peer);
    P1Client p1 = options.client();
    MetaSelectionClient.Builder builder = MetaSelectionClient.builder(p1);
    options.callerDid().ifPresent(builder::callerDid);
    NegotiateRequestBody.Builder body = NegotiateRequestBody.builder(new Intent(Optional.empty(), Optional.of(intent),
        tags.isEmpty() ? Optional.empty() : Optional.of(tags), Optional.empty(), JsonNodeFactory.instance.objectNode()));
    if (!capabilities.isEmpty()) {
      body.requiredCapabilities(capabilities);
    }
    NegotiationResult result;
    try {
      String targetDid = target != null
          ? target
          : agent.did().orElseGet(() -> PeerOptions.join(p1.getCapabilities(agent.endpoint())).serviceDid());
      result = PeerOptions.join(builder.build().negotiate(agent.endpoint(), targetDid, body.build()));
    } catch (RpcException e) {
      return io.fail("anp negotiate: " + PeerOptions.describe(e));
    }
    print(result);
    return result.status() == NegotiationStatus.ACCEPTED ? 0 : 1;
  }

  private void print(NegotiationResult result) {
    io.println("status: " + result.status().wireValue());
    io.println("negotiationId: " + result.negotiationId());
    result.selected().ifPresent(this::print);
    result.validUntil().ifPresent(v -> io.println("validUntil: " + v));
    result.negotiationDigest().ifPresent(d -> io.println("negotiationDigest: " + d));
    result.reason().ifPresent(r -> io.println("reason: " + r));
    result.alternatives().ifPresent(list -> list.forEach(alt -> io.println("alternative: " + alt)));
  }

  private void print(SelectedPath selected) {
    selected.interfaceId().ifPresent(i -> io.println("interface: " + i));
    selected.url().ifPresent(u -> io.println("url: " + u));
    selected.capability().ifPresent(c -> io.println("capability: " + c));
    selected.securityProfile().ifPresent(s -> io.println("securityProfile: " + s));
  }
}
