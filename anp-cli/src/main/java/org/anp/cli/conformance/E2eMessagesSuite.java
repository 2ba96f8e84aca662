package org.anp.cli.conformance;

import static org.anp.cli.conformance.CaseChecks.check;
import static org.anp.cli.conformance.E2eHandshakeSuite.require;
import static org.anp.cli.conformance.E2eHandshakeSuite.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Hex;
import org.anp.identity.did.DidDocument;
import org.anp.identity.json.PyCompactSortedJson;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.e2e.E2eMessage;
import org.anp.transport.e2e.EncryptedMessage;
import org.anp.transport.e2e.Finished;
import org.anp.transport.e2e.HandshakeConfig;
import org.anp.transport.e2e.HandshakeEngine;
import org.anp.transport.e2e.HelloKeyBinding;
import org.anp.transport.e2e.Role;
import org.anp.transport.e2e.SecureSession;
import org.anp.transport.e2e.SessionKeyStore;
import org.anp.transport.e2e.SessionLimits;
import org.anp.transport.e2e.SessionSecrets;
import org.anp.transport.e2e.SourceHello;

/**
 * The {@code e2e-legacy/messages.json} format: {@code messages[]} (encrypted frames with the
 * sender's key and the plaintext) and {@code negative[]} (frames a receiver must refuse, or
 * {@code sdk-limitation} ones). The keys are those of the session in {@code handshake.json}
 * beside the file, as our engines derive them by replaying it; the file's
 * {@code secret_key_id} and every {@code key_hex} must be that session's. Without a handshake
 * companion, the key of each direction is the {@code key_hex} of the messages sent that way.
 * Every frame is processed as its receiver would, with the receiver's clock at the frame's own
 * {@code timestamp}:
 * <ul>
 *   <li>{@code message}: looked up by {@code secretKeyId} in a store holding the receiver's one
 *       session, then decrypted (window, replay, tag);
 *   <li>{@code finished}: checked by the receiver's session (decrypts, names the key id);
 *   <li>{@code sourceHello}: handed to a fresh responder engine (DID binding, signature,
 *       freshness); DIDs other than did:all need a {@code did_document} in the case.
 * </ul>
 * Labels ({@code expected}): {@code invalid} passes if one of these checks refuses the frame (not
 * the parser); {@code valid} must be delivered with its plaintext ({@code plaintext_utf8_hex},
 * {@code plaintext_hex} or {@code plaintext}, compared as bytes); {@code sdk-limitation} is an
 * authentic frame whose plaintext is not UTF-8, which the reference SDK cannot deliver: we must
 * deliver it, and its bytes must indeed not be UTF-8. Stateless and thread-safe.
 */
public final class E2eMessagesSuite implements ConformanceSuite {
  private static final String VALID = "valid";
  private static final String INVALID = "invalid";
  private static final String SDK_LIMITATION = "sdk-limitation";

  @Override
  public String name() {
    return "e2e-legacy-messages";
  }

  @Override
  public boolean recognizes(JsonNode root) {
    return root != null
        && root.isObject()
        && root.path("messages").isArray()
        && root.path("negative").isArray()
        && root.path("secret_key_id").isTextual();
  }

  @Override
  public String emitFileName() {
    return "messages.json";
  }

  @Override
  public Optional<String> malformation(JsonNode root) {
    return FileShape.problem(root, f -> f
        .text("secret_key_id")
        .eachObject("messages", m -> m.object("message", x -> x.text("sourceDid"))
            .text("key_hex").optionalText("wire"))
        .eachObject("negative", n -> n.object("message", x -> { }).optionalText("wire")));
  }

  @Override
  public List<CaseResult> run(JsonNode root) {
    return run(root, SessionKeys.fromKeyHex(root));
  }

  /**
   * Takes the keys from {@code handshake.json} beside the file when there is one (the format
   * derives them from the handshake): the keys our engines derive when replaying it; the file must
   * then describe that session. Without it, each direction's key is the {@code key_hex} of the
   * messages sent that way.
   */
  @Override
  public List<CaseResult> run(JsonNode root, Companions companions) {
    Optional<JsonNode> handshake = companions.find(E2eHandshakeSuite.NAME);
    if (handshake.isEmpty()) {
      return run(root);
    }
    SessionKeys keys;
    try {
      keys = SessionKeys.fromHandshake(handshake.get());
    } catch (RuntimeException e) {
      return everyCaseFails(root, "the handshake.json beside this file gives no session: " + CaseChecks.reason(e));
    }
    if (!keys.secretKeyId().equals(root.path("secret_key_id").asText())) {
      return everyCaseFails(root, "not the session of the handshake.json beside it: secret_key_id is "
          + root.path("secret_key_id").asText() + ", the handshake derives " + keys.secretKeyId());
    }
    return run(root, keys);
  }

  private static List<CaseResult> run(JsonNode root, SessionKeys keys) {
    List<CaseResult> results = new ArrayList<>();
    for (Map.Entry<String, JsonNode> c : cases(root)) {
      results.add(check(c.getKey(), () -> checkCase(keys, c.getValue())));
    }
    return results;
  }

  /** Every case under its id: {@code message/<i>-<messageId>} and the negatives' own ids. */
  private static List<Map.Entry<String, JsonNode>> cases(JsonNode root) {
    List<Map.Entry<String, JsonNode>> cases = new ArrayList<>();
    int i = 0;
    for (JsonNode m : root.path("messages")) {
      cases.add(Map.entry("message/" + i + "-" + m.path("message").path("messageId").asText("?"),
          withDefaultLabel(m, VALID)));
      i++;
    }
    i = 0;
    for (JsonNode n : root.path("negative")) {
      cases.add(Map.entry(n.path("id").asText("negative[" + i + "]"), withDefaultLabel(n, INVALID)));
      i++;
    }
    return cases;
  }

  private static JsonNode withDefaultLabel(JsonNode c, String label) {
    if (c.isObject() && !c.has("expected")) {
      return ((ObjectNode) c.deepCopy()).put("expected", label);
    }
    return c;
  }

  private static List<CaseResult> everyCaseFails(JsonNode root, String reason) {
    return cases(root).stream().map(c -> new CaseResult(c.getKey(), false, reason)).toList();
  }

  /**
   * One case: {@code valid} must be delivered with its plaintext, {@code invalid} refused by a
   * receiver's check, and {@code sdk-limitation} (an authentic frame whose plaintext is not UTF-8,
   * which the reference SDK cannot deliver) delivered with bytes that are indeed not UTF-8.
   */
  private static void checkCase(SessionKeys keys, JsonNode c) {
    String label = c.path("expected").asText("");
    require(label.equals(VALID) || label.equals(INVALID) || label.equals(SDK_LIMITATION),
        "expected: must be valid, invalid or sdk-limitation, not '" + label + "'");
    E2eMessage frame = E2eMessage.parse(c.path("message"));
    if (c.path("wire").isTextual()) {
      require(frame.equals(E2eMessage.parse(c.path("wire").textValue().getBytes(StandardCharsets.UTF_8))),
          "wire and message differ");
    }
    if (c.path("key_hex").isTextual() && frame instanceof EncryptedMessage m) {
      require(c.path("key_hex").textValue().equalsIgnoreCase(Hex.encode(keys.sendKeyOf(m.sourceDid()))),
          "key_hex is not the sender's send key of this session");
    }
    byte[] output;
    try {
      output = receive(keys, c, frame);
    } catch (TransportException e) {
      require(label.equals(INVALID), "refused: " + e.getMessage());
      return;
    }
    require(!label.equals(INVALID), "accepted a frame that must be refused");
    if (frame instanceof EncryptedMessage) {
      byte[] expected = expectedPlaintext(c).orElseThrow(() -> new IllegalStateException("no plaintext recorded"));
      require(Arrays.equals(output, expected), "plaintext differs");
      if (label.equals(SDK_LIMITATION)) {
        require(!isUtf8(output), "labelled sdk-limitation, but the plaintext is valid UTF-8");
      }
    }
  }

  /**
   * The bytes a delivered message must carry: {@code plaintext_utf8_hex}, {@code plaintext_hex}
   * or {@code plaintext} (UTF-8); when several are given they must agree.
   */
  private static Optional<byte[]> expectedPlaintext(JsonNode c) {
    List<byte[]> given = new ArrayList<>();
    for (String hexField : List.of("plaintext_utf8_hex", "plaintext_hex")) {
      if (c.path(hexField).isTextual()) {
        given.add(Hex.decode(c.path(hexField).textValue().toLowerCase(Locale.ROOT)));
      }
    }
    if (c.path("plaintext").isTextual()) {
      given.add(c.path("plaintext").textValue().getBytes(StandardCharsets.UTF_8));
    }
    for (byte[] other : given) {
      require(Arrays.equals(other, given.get(0)), "plaintext, plaintext_utf8_hex and plaintext_hex differ");
    }
    return given.stream().findFirst();
  }

  private static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** The receiver's DID; one that does not parse refuses the frame, as a receiver would. */
  private static org.anp.identity.did.Did receiverDid(String did) {
    try {
      return org.anp.identity.did.Did.parse(did);
    } catch (org.anp.identity.IdentityException e) {
      throw new TransportException(TransportError.INVALID_MESSAGE, "destinationDid: " + e.getMessage(), e);
    }
  }

  /** Processes {@code frame} as its receiver; returns the payload (empty for handshake frames). */
  private static byte[] receive(SessionKeys keys, JsonNode c, E2eMessage frame) {
    Clock clock = Clock.fixed(frame.timestamp(), ZoneOffset.UTC);
    if (frame instanceof SourceHello hello) {
      // Verifying an inbound hello does not need the receiver's own key; a throwaway one stands in.
      PrivateKeyMaterial throwaway = PrivateKeyMaterial.generate(KeyType.SECP256R1, new SecureRandom());
      Optional<DidDocument> doc =
          c.path("did_document").isObject()
              ? Optional.of(DidDocument.fromJson(c.path("did_document")))
              : Optional.empty();
      HandshakeConfig config = HandshakeConfig.builder()
          .identity(receiverDid(hello.destinationDid()), throwaway, hello.destinationDid() + "#keys-1")
          .keyBinding(HelloKeyBinding.standard(did -> doc))
          .clock(clock)
          .build();
      HandshakeEngine.responder(config).receive(hello);
      return new byte[0];
    }
    if (frame instanceof Finished finished) {
      keys.receiverSession(finished.destinationDid(), finished.sourceDid(), frame.timestamp())
          .verifyFinished(finished);
      return new byte[0];
    }
    if (frame instanceof EncryptedMessage message) {
      SessionKeyStore store = SessionKeyStore.inMemory(1, clock);
      store.put(keys.receiverSession(message.destinationDid(), message.sourceDid(), frame.timestamp()));
      return store.bySecretKeyId(message.secretKeyId())
          .orElseThrow(() -> new TransportException(
              TransportError.DECRYPTION_KEY_UNKNOWN, "secretKeyId: " + message.secretKeyId() + " unknown"))
          .decrypt(message);
    }
    throw new IllegalStateException("no receiver logic for a " + frame.type().wireName() + " frame");
  }

  /** The send key of each party of one session, and its key id. */
  private record SessionKeys(Map<String, byte[]> sendKeyByDid, String secretKeyId) {

    /** The keys the file itself names: each sender's {@code key_hex}. */
    static SessionKeys fromKeyHex(JsonNode root) {
      Map<String, byte[]> sendKeyByDid = new HashMap<>();
      for (JsonNode m : root.path("messages")) {
        sendKeyByDid.put(text(m.path("message"), "sourceDid"), Hex.decode(text(m, "key_hex")));
      }
      return new SessionKeys(sendKeyByDid, root.path("secret_key_id").asText(""));
    }

    /** The keys our engines derive by replaying a handshake file. */
    static SessionKeys fromHandshake(JsonNode handshake) {
      Map<String, byte[]> sendKeyByDid = new HashMap<>();
      String id = "";
      for (SessionSecrets s : E2eHandshakeSuite.replay(handshake)) {
        sendKeyByDid.put(s.localDid(), s.sendKeyInsecure());
        id = s.secretKeyId();
        s.destroy();
      }
      return new SessionKeys(sendKeyByDid, id);
    }

    byte[] sendKeyOf(String did) {
      byte[] key = sendKeyByDid.get(did);
      require(key != null, did + " is not a party of this session");
      return key;
    }

    SecureSession receiverSession(String receiver, String sender, Instant now) {
      byte[] receiveKey = sendKeyOf(sender);
      byte[] sendKey = sendKeyByDid.getOrDefault(receiver, new byte[16]);
      SessionSecrets secrets = SessionSecrets.of(receiver, sender, Role.RESPONDER, secretKeyId,
          sendKey, receiveKey, now.minusSeconds(1), now.plusSeconds(3600));
      return SecureSession.restore(
          secrets, SessionLimits.DEFAULT, Clock.fixed(now, ZoneOffset.UTC), new SecureRandom());
    }
  }

  /** A messages file of a fresh session; see {@link #emit(EmitContext)} for a pair of files. */
  @Override
  public JsonNode emit(SecureRandom random, Clock clock) {
    return emit(new EmitContext(random, clock));
  }

  /**
   * The messages of the context's e2e-legacy session, the one {@code handshake.json} of the same
   * emission describes: its keys are those the handshake derives. Plaintexts are UTF-8, as the
   * reference SDK decodes every plaintext; one that is not is a {@code negative[]} case labelled
   * {@code sdk-limitation}, as in the reference file.
   */
  @Override
  public JsonNode emit(EmitContext context) {
    E2eLegacySession g = E2eLegacySession.of(context);
    SecureRandom random = context.random();
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.set("meta", g.meta());
    SessionSecrets sa = g.sessionA().exportSecretsInsecure();
    SessionSecrets sb = g.sessionB().exportSecretsInsecure();
    root.put("secret_key_id", sa.secretKeyId());
    ArrayNode messages = root.putArray("messages");
    addMessage(messages, "A", g.sessionA(), sa, "Hello B, this is A.");
    addMessage(messages, "B", g.sessionB(), sb, "Hi A! \u4f60\u597d, \ud83d\udc4b");
    addMessage(messages, "A", g.sessionA(), sa, "");
    addMessage(messages, "A", g.sessionA(), sa, "\u0000{\"action\":\"protocolNegotiation\"}");
    addMessage(messages, "B", g.sessionB(), sb, printableText(random, 300));

    ArrayNode negative = root.putArray("negative");
    ObjectNode hello = g.transcript().get(0).json();
    ObjectNode tampered = hello.deepCopy();
    ((ObjectNode) tampered.path("keyShares").get(0)).put("expires", 1);
    negative(negative, "sourceHello-field-tampered", tampered, "keyShares[0].expires changed after signing");

    PrivateKeyMaterial rogue = PrivateKeyMaterial.generate(KeyType.SECP256R1, random);
    ObjectNode unbound = hello.deepCopy();
    ((ObjectNode) unbound.get("verificationMethod")).put("publicKeyHex", Hex.encode(rogue.publicKey().raw()));
    resign(unbound, rogue);
    negative(negative, "sourceHello-key-not-bound-to-did", unbound, "signed by a key not bound to sourceDid");

    ObjectNode stale = hello.deepCopy();
    Instant created = Instant.parse(stale.path("proof").path("created").asText()).minusSeconds(60);
    ((ObjectNode) stale.get("proof")).put("created", created.toString());
    resign(stale, g.a().privateKey());
    negative(negative, "sourceHello-proof-created-60s-old", stale, "proof.created 60 s before the frame");

    SessionSecrets otherId = SessionSecrets.of(sa.localDid(), sa.remoteDid(), Role.INITIATOR, "0000000000000000",
        sa.sendKeyInsecure(), sa.receiveKeyInsecure(), sa.establishedAt(), sa.expiresAt());
    Finished wrong = SecureSession.restore(otherId, SessionLimits.DEFAULT, g.clock(), random).finished(g.sessionId());
    negative(negative, "finished-wrong-secretKeyId", wrong.json(), "verifyData names another key id");

    ObjectNode good = g.sessionA().encrypt("payload".getBytes(StandardCharsets.UTF_8)).json();
    negative(negative, "message-ciphertext-tampered", flip(good, "ciphertext"), "AES-GCM tag check fails");
    negative(negative, "message-tag-tampered", flip(good, "tag"), "AES-GCM tag check fails");
    SessionSecrets reversed = SessionSecrets.of(sa.localDid(), sa.remoteDid(), Role.INITIATOR, sa.secretKeyId(),
        sa.receiveKeyInsecure(), sa.sendKeyInsecure(), sa.establishedAt(), sa.expiresAt());
    negative(negative, "message-wrong-direction-key",
        SecureSession.restore(reversed, SessionLimits.DEFAULT, g.clock(), random).encrypt(new byte[] {1}).json(),
        "encrypted with the receiver's own send key");
    ObjectNode unknown = good.deepCopy();
    unknown.put("secretKeyId", "ffffffffffffffff");
    negative(negative, "message-unknown-secretKeyId", unknown, "no key has this id");
    byte[] frame = "\u0080natural language protocol frame".getBytes(StandardCharsets.ISO_8859_1);
    ObjectNode notUtf8 = negative(negative, "message-non-utf8-plaintext", g.sessionA().encrypt(frame).json(),
        "an authentic ciphertext whose plaintext starts with 0x80 (a meta-protocol header byte), not UTF-8: "
            + "the reference SDK decodes plaintexts as UTF-8 and drops it; this implementation delivers the bytes");
    notUtf8.put("expected", SDK_LIMITATION);
    notUtf8.put("plaintext_hex", Hex.encode(frame));
    sa.destroy();
    sb.destroy();
    otherId.destroy();
    reversed.destroy();
    return root;
  }

  /** {@code length} printable ASCII characters: plain text, as the SDK delivers only UTF-8. */
  private static String printableText(SecureRandom random, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append((char) (0x20 + random.nextInt(0x7f - 0x20)));
    }
    return sb.toString();
  }

  private static void addMessage(
      ArrayNode out, String from, SecureSession session, SessionSecrets s, String plaintext) {
    byte[] payload = plaintext.getBytes(StandardCharsets.UTF_8);
    EncryptedMessage m = session.encrypt(payload);
    ObjectNode e = out.addObject();
    e.put("from", from);
    e.put("wire", new String(m.toJsonBytes(), StandardCharsets.UTF_8));
    e.set("message", m.json());
    e.put("plaintext", plaintext);
    e.put("plaintext_utf8_hex", Hex.encode(payload));
    e.put("key_used", "send key of " + from);
    e.put("key_hex", Hex.encode(s.sendKeyInsecure()));
    e.put("expected", "valid");
  }

  private static ObjectNode negative(ArrayNode out, String id, ObjectNode message, String reason) {
    ObjectNode n = out.addObject();
    n.put("id", id);
    n.set("message", message);
    n.put("expected", "invalid");
    n.put("reason", reason);
    return n;
  }

  private static void resign(ObjectNode hello, PrivateKeyMaterial key) {
    ObjectNode proof = (ObjectNode) hello.get("proof");
    proof.remove("proofValue");
    proof.put("proofValue", Base64Codec.encodeUrl(key.sign(PyCompactSortedJson.bytes(hello))));
  }

  private static ObjectNode flip(ObjectNode message, String field) {
    ObjectNode copy = message.deepCopy();
    ObjectNode data = (ObjectNode) copy.get("encryptedData");
    byte[] bytes = Base64Codec.decode(org.anp.identity.codec.Base64Variant.STANDARD, data.path(field).asText());
    bytes[0] ^= 1;
    data.put(field, Base64Codec.encode(org.anp.identity.codec.Base64Variant.STANDARD, bytes));
    return copy;
  }
}
