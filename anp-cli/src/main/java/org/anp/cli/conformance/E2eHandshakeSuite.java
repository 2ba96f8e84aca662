package org.anp.cli.conformance;

import static org.anp.cli.conformance.CaseChecks.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.anp.identity.codec.Hex;
import org.anp.identity.did.DidDocument;
import org.anp.identity.json.PyCompactSortedJson;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.transport.e2e.DestinationHello;
import org.anp.transport.e2e.E2eMessage;
import org.anp.transport.e2e.Finished;
import org.anp.transport.e2e.HandshakeConfig;
import org.anp.transport.e2e.HandshakeEngine;
import org.anp.transport.e2e.HelloKeyBinding;
import org.anp.transport.e2e.SecureSession;
import org.anp.transport.e2e.SessionSecrets;
import org.anp.transport.e2e.SourceHello;

/**
 * The {@code e2e-legacy/handshake.json} format: two parties with their DID keys and ephemeral
 * keys, the recorded transcript (sourceHello, destinationHello, both Finished), the hello signing
 * strings and the key schedule. The transcript is replayed through our engines with the recorded
 * ephemeral keys and randoms fixed and the clock at the sourceHello's {@code proof.created}.
 *
 * <p>Cases: {@code transcript/<n>-<type>} (strict parse), {@code signing-input/<type>},
 * {@code source-hello} (signature, DID binding, freshness as the responder checks them),
 * {@code destination-hello} (as the initiator checks it), {@code ecdh}, {@code keys/A},
 * {@code keys/B} (data keys and key id derived from the ephemeral keys), {@code finished/<from>}
 * (each party's Finished accepted by the other). Binding of non-did:all DIDs uses the parties'
 * {@code did_document}. Stateless and thread-safe.
 */
public final class E2eHandshakeSuite implements ConformanceSuite {
  /** The suite's name; a messages file takes its keys from a companion of this suite. */
  static final String NAME = "e2e-legacy-handshake";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean recognizes(JsonNode root) {
    return root != null
        && root.isObject()
        && root.path("parties").isObject()
        && root.path("transcript").isArray()
        && root.path("key_schedule").isObject();
  }

  @Override
  public String emitFileName() {
    return "handshake.json";
  }

  @Override
  public Optional<String> malformation(JsonNode root) {
    return FileShape.problem(root, f -> f
        .object("parties", p -> p.object("A", E2eHandshakeSuite::partyShape).object("B", E2eHandshakeSuite::partyShape))
        .eachObject("transcript", t -> t.text("type").text("wire"))
        .optionalEachObject("hello_signature_checks", c -> c.text("type").text("signing_string"))
        .object("key_schedule", k -> { })
        .text("session_id").text("source_hello_random").text("destination_hello_random").text("secret_key_id"));
  }

  private static void partyShape(FileShape party) {
    party.text("did")
        .object("did_private_key", k -> k.text("private_key_hex"))
        .object("ephemeral_private_key", k -> k.text("private_key_hex"))
        .optionalObject("did_document", d -> { });
  }

  @Override
  public List<CaseResult> run(JsonNode root) {
    List<CaseResult> results = new ArrayList<>();
    List<E2eMessage> transcript = new ArrayList<>();
    int n = 0;
    for (JsonNode entry : root.path("transcript")) {
      String type = entry.path("type").asText("?");
      results.add(check("transcript/" + n++ + "-" + type, () -> {
        E2eMessage m = E2eMessage.parse(text(entry, "wire").getBytes(StandardCharsets.UTF_8));
        require(m.type().wireName().equals(type), "wire type is " + m.type().wireName());
        transcript.add(m);
      }));
    }
    for (JsonNode c : root.path("hello_signature_checks")) {
      String type = c.path("type").asText("?");
      results.add(check("signing-input/" + type, () -> {
        E2eMessage hello = find(transcript, type);
        ObjectNode json = hello.json();
        ((ObjectNode) json.get("proof")).remove("proofValue");
        require(PyCompactSortedJson.serialize(json).equals(text(c, "signing_string")), "signing input differs");
      }));
    }
    Replay replay = new Replay(root);
    results.add(check("source-hello", () -> replay.responderVerifiesSourceHello(transcript)));
    results.add(check("destination-hello", () -> replay.initiatorVerifiesDestinationHello(transcript)));
    results.add(check("ecdh", replay::checkEcdh));
    results.add(check("finished/B", () -> replay.initiatorAcceptsFinished(transcript)));
    results.add(check("finished/A", () -> replay.responderAcceptsFinished(transcript)));
    results.add(check("keys/A", () -> replay.checkKeys(replay.initiatorSession, party(root, "A"))));
    results.add(check("keys/B", () -> replay.checkKeys(replay.responderSession, party(root, "B"))));
    return results;
  }

  /**
   * The session secrets both parties of {@code root}'s handshake hold after our engines replay it
   * (A's, then B's); throws naming the first step that fails.
   */
  static List<SessionSecrets> replay(JsonNode root) {
    List<E2eMessage> transcript = new ArrayList<>();
    for (JsonNode entry : root.path("transcript")) {
      transcript.add(E2eMessage.parse(text(entry, "wire").getBytes(StandardCharsets.UTF_8)));
    }
    Replay replay = new Replay(root);
    replay.responderVerifiesSourceHello(transcript);
    replay.initiatorVerifiesDestinationHello(transcript);
    replay.initiatorAcceptsFinished(transcript);
    replay.responderAcceptsFinished(transcript);
    return List.of(replay.initiatorSession.exportSecretsInsecure(), replay.responderSession.exportSecretsInsecure());
  }

  /** The replay of one file through an initiator (A) and a responder (B) engine. */
  private static final class Replay {
    private final JsonNode root;
    private HandshakeEngine initiator;
    private HandshakeEngine responder;
    private SecureSession initiatorSession;
    private SecureSession responderSession;

    Replay(JsonNode root) {
      this.root = root;
    }

    void responderVerifiesSourceHello(List<E2eMessage> transcript) {
      SourceHello hello = (SourceHello) find(transcript, "sourceHello");
      Clock clock = Clock.fixed(hello.proof().created(), ZoneOffset.UTC);
      DestinationHello recorded = (DestinationHello) find(transcript, "destinationHello");
      responder = HandshakeEngine.responder(
          config(root, "B", recorded.verificationMethod().id(), text(root, "destination_hello_random"), clock));
      DestinationHello ours = (DestinationHello) responder.receive(hello).outbound().get(0);
      require(ours.keyShare().keyExchange().equals(recorded.keyShare().keyExchange()),
          "our destinationHello key share differs from the recorded ephemeral key");
    }

    void initiatorVerifiesDestinationHello(List<E2eMessage> transcript) {
      SourceHello recorded = (SourceHello) find(transcript, "sourceHello");
      Clock clock = Clock.fixed(recorded.proof().created(), ZoneOffset.UTC);
      initiator = HandshakeEngine.initiator(
          config(root, "A", recorded.verificationMethod().id(), text(root, "source_hello_random"), clock),
          text(party(root, "B"), "did"));
      SourceHello ours = (SourceHello) initiator.start().outbound().get(0);
      require(ours.keyShares().get(0).keyExchange().equals(recorded.keyShares().get(0).keyExchange()),
          "our sourceHello key share differs from the recorded ephemeral key");
      initiator.receive(find(transcript, "destinationHello"));
    }

    void checkEcdh() {
      PrivateKeyMaterial a = key(party(root, "A"), "ephemeral_private_key");
      PublicKeyMaterial b = key(party(root, "B"), "ephemeral_private_key").publicKey();
      require(Hex.encode(a.agree(b)).equals(text(root.path("key_schedule"), "ecdh_shared_secret_hex")),
          "ECDH shared secret differs");
    }

    void initiatorAcceptsFinished(List<E2eMessage> transcript) {
      require(initiator != null, "destination-hello failed");
      initiatorSession = initiator.receive(finishedFrom(transcript, party(root, "B"))).session()
          .orElseThrow(() -> new IllegalStateException("no session after Finished"));
    }

    void responderAcceptsFinished(List<E2eMessage> transcript) {
      require(responder != null, "source-hello failed");
      responderSession = responder.receive(finishedFrom(transcript, party(root, "A"))).session()
          .orElseThrow(() -> new IllegalStateException("no session after Finished"));
    }

    void checkKeys(SecureSession session, JsonNode party) {
      require(session != null, "no session");
      SessionSecrets s = session.exportSecretsInsecure();
      require(s.secretKeyId().equals(text(root, "secret_key_id")), "secretKeyId " + s.secretKeyId());
      require(Hex.encode(s.sendKeyInsecure()).equals(text(party, "send_encryption_key_hex")), "send key differs");
      require(Hex.encode(s.receiveKeyInsecure()).equals(text(party, "receive_decryption_key_hex")),
          "receive key differs");
      if (root.has("key_expires_seconds")) {
        long lifetime = s.expiresAt().getEpochSecond() - s.establishedAt().getEpochSecond();
        require(lifetime == root.path("key_expires_seconds").asLong(), "lifetime " + lifetime + " s");
      }
      s.destroy();
    }
  }

  private static HandshakeConfig config(JsonNode root, String name, String vmId, String random, Clock clock) {
    JsonNode party = party(root, name);
    HandshakeConfig.Builder b = HandshakeConfig.builder()
        .identity(org.anp.identity.did.Did.parse(text(party, "did")), key(party, "did_private_key"), vmId)
        .keyBinding(binding(root))
        .clock(clock)
        .insecureFixedValues(new HandshakeConfig.FixedHandshakeValues(
            key(party, "ephemeral_private_key"), random, text(root, "session_id")));
    if (root.has("key_expires_seconds")) {
      b.keyLifetime(java.time.Duration.ofSeconds(root.path("key_expires_seconds").asLong()));
    }
    return b.build();
  }

  /** did:all binds by derivation; any other DID by the document recorded for that party. */
  static HelloKeyBinding binding(JsonNode root) {
    return HelloKeyBinding.standard(did -> {
      for (JsonNode party : root.path("parties")) {
        if (party.path("did").asText("").equals(did) && party.path("did_document").isObject()) {
          return Optional.of(DidDocument.fromJson(party.path("did_document")));
        }
      }
      return Optional.empty();
    });
  }

  private static Finished finishedFrom(List<E2eMessage> transcript, JsonNode party) {
    String did = text(party, "did");
    for (E2eMessage m : transcript) {
      if (m instanceof Finished f && f.sourceDid().equals(did)) {
        return f;
      }
    }
    throw new IllegalStateException("no Finished from " + did + " in transcript");
  }

  static E2eMessage find(List<E2eMessage> transcript, String type) {
    return transcript.stream()
        .filter(m -> m.type().wireName().equals(type))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + type + " in transcript"));
  }

  static JsonNode party(JsonNode root, String name) {
    JsonNode p = root.path("parties").path(name);
    require(p.isObject(), "parties." + name + " missing");
    return p;
  }

  static PrivateKeyMaterial key(JsonNode party, String field) {
    return PrivateKeyMaterial.fromRaw(KeyType.SECP256R1, Hex.decode(text(party.path(field), "private_key_hex")));
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    require(v.isTextual(), field + " missing or not a string");
    return v.textValue();
  }

  static void require(boolean ok, String reason) {
    if (!ok) {
      throw new IllegalStateException(reason);
    }
  }

  /** A handshake file of a fresh session; see {@link #emit(EmitContext)} for a pair of files. */
  @Override
  public JsonNode emit(SecureRandom random, Clock clock) {
    return emit(new EmitContext(random, clock));
  }

  /** The handshake file of the context's e2e-legacy session, which messages.json shares. */
  @Override
  public JsonNode emit(EmitContext context) {
    return E2eLegacySession.of(context).handshakeFile();
  }

}
