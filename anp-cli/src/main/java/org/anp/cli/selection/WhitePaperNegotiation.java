package org.anp.cli.selection;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.anp.cli.internal.CommandOutput;
import org.anp.cli.internal.InputFiles;
import org.anp.identity.AnpException;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.json.StrictJson;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.negotiator.SchemaNegotiator;
import org.anp.meta.negotiator.TestCases;
import org.anp.meta.session.AgreedProtocol;
import org.anp.meta.session.MetaProtocolAgent;
import org.anp.meta.store.ProtocolStore;
import org.anp.transport.messenger.AgentMessenger;
import org.anp.transport.messenger.LocalIdentity;

/**
 * {@code anp negotiate --to DID --relay URL --need FILE}: the white paper's negotiation as
 * requester over the message service (spec/meta-protocol.md §4), printing each round, the agreed
 * protocol's hash (and whether it was reused from {@code <identity>/protocols}), the test results
 * and the reply to one application request. Used once, from one thread.
 */
final class WhitePaperNegotiation {
  /** Largest need file read. */
  static final int MAX_NEED_BYTES = 256 * 1024;

  private final CommandOutput io;
  private final PeerOptions options;

  WhitePaperNegotiation(CommandOutput io, PeerOptions options) {
    this.io = io;
    this.options = options;
  }

  /** The options of this path. */
  record Arguments(String to, String relay, Path need, Optional<Path> documents, Optional<String> request) {}

  int run(Arguments args) {
    PeerOptions.IdentityHome home = options.requireIdentity("with --to");
    Duration timeout = options.timeout();
    Did peer;
    try {
      peer = Did.parse(args.to());
    } catch (IdentityException e) {
      throw io.usage("--to: not a DID: " + args.to());
    }
    URI relay = relayUri(args.relay());
    String need;
    try {
      need = new String(InputFiles.read(args.need(), MAX_NEED_BYTES), StandardCharsets.UTF_8);
    } catch (InputFiles.UnusableInputException e) {
      throw io.usage("--need: " + e.getMessage());
    }
    if (args.documents().isPresent() && !Files.isDirectory(args.documents().get())) {
      throw io.usage("--documents: not a directory: " + args.documents().get());
    }
    Optional<JsonNode> request = args.request().map(this::json);
    Object lock = new Object();
    Consumer<String> line = text -> {
      synchronized (lock) {
        io.println(text);
      }
    };
    AgentMessenger.Builder messenger = AgentMessenger.builder()
        .identity(LocalIdentity.from(home.identity()))
        .relay(relay)
        .resolver(options.resolver(args.documents()))
        .sendTimeout(timeout)
        .connectTimeout(timeout)
        .handshakeTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
        .queuedResendWindow(timeout);
    try (MetaProtocolAgent agent = MetaProtocolAgent.builder(messenger)
        .store(ProtocolStore.onFiles(home.directory().resolve("protocols")))
        .listener(new NegotiationPrinter(line))
        .requestTimeout(timeout)
        .build()) {
      long seconds = timeout.toSeconds();
      agent.start().get(seconds + 5, TimeUnit.SECONDS);
      AgreedProtocol agreed = agent.negotiate(peer, need).get(seconds * 4, TimeUnit.SECONDS);
      synchronized (lock) {
        io.println("protocol: " + agreed.hash().hex());
        io.println(agreed.reused() ? "reused: yes, stored from an earlier negotiation (no negotiation message sent)" : "reused: no");
        io.println("tests: " + agreed.tests().map(WhitePaperNegotiation::describe).orElse("none run"));
      }
      JsonNode sent = request.orElseGet(() -> sampleRequest(agreed.protocol()));
      JsonNode reply = agent.request(peer, sent).get(seconds + 5, TimeUnit.SECONDS);
      synchronized (lock) {
        io.println("request: " + sent);
        io.println("reply: " + reply);
      }
      return agreed.tests().map(AgreedProtocol.TestReport::passed).orElse(true) ? 0 : 1;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return io.fail("anp negotiate: " + (cause instanceof AnpException a ? a.code() + ": " + a.getMessage() : String.valueOf(cause)));
    } catch (TimeoutException e) {
      return io.fail("anp negotiate: no agreement within the time allowed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private static String describe(AgreedProtocol.TestReport report) {
    return report.passed()
        ? report.cases() + " of " + report.cases() + " passed"
        : "failed\n" + report.failures().orElse("");
  }

  /** The first test case the default negotiator drafts from the agreed request format. */
  private JsonNode sampleRequest(String protocol) {
    Optional<String> cases = SchemaNegotiator.of(List.of()).draftTestCases(protocol);
    if (cases.isEmpty()) {
      throw new MetaProtocolException(org.anp.meta.MetaProtocolError.INVALID_PROTOCOL_DOCUMENT,
          "no request can be made from the agreed protocol; give one with --request");
    }
    return TestCases.parse(cases.get()).cases().get(0).request();
  }

  private JsonNode json(String text) {
    try {
      return StrictJson.parse(text.getBytes(StandardCharsets.UTF_8), MAX_NEED_BYTES);
    } catch (IdentityException e) {
      throw io.usage("--request: not JSON: " + e.getMessage());
    }
  }

  private URI relayUri(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("ws") || scheme.equals("wss")) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw io.usage("--relay must be a ws:// or wss:// URL, not " + text);
  }
}
