package org.anp.cli.conformance;

import static org.anp.cli.conformance.E2eHandshakeSuite.check;
import static org.anp.cli.conformance.E2eHandshakeSuite.require;
import static org.anp.cli.conformance.E2eHandshakeSuite.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Hex;
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
 * sender's key and the plaintext) and {@code negative[]} (frames a receiver must refuse). The file
 * carries its own context: the key of each direction is the {@code key_hex} of the messages sent
 * that way, the key id is the top-level {@code secret_key_id}. Every frame is processed as its
 * receiver would, with the receiver's clock at the frame's own {@code timestamp}:
 * <ul>
 *   <li>{@code message}: looked up by {@code secretKeyId} in a store holding the receiver's one
 *       session, then decrypted (window, replay, tag);
 *   <li>{@code finished}: checked by the receiver's session (decrypts, names the key id);
 *   <li>{@code sourceHello}: handed to a fresh responder engine (DID binding, signature,
 *       freshness); DIDs other than did:all need a {@code did_document} in the case.
 * </ul>
 * A case whose {@code expected} is {@code invalid} passes if the frame is refused by one of these
 * checks (not by the parser); any other case must be accepted and, for messages, decrypt to
 * {@code plaintext_utf8_hex} (compared as bytes). Stateless and thread-safe.
 */
public final class E2eMessagesSuite implements ConformanceSuite {

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
  public List<CaseResult> run(JsonNode root) {
    List<CaseResult> results = new ArrayList<>();
    int i = 0;
    for (JsonNode m : root.path("messages")) {
      JsonNode frame = m.path("message");
      String id = "message/" + i++ + "-" + frame.path("messageId").asText("?");
      results.add(check(id, () -> checkCase(root, m, !"invalid".equals(m.path("expected").asText("valid")))));
    }
    i = 0;
    for (JsonNode n : root.path("negative")) {
      String id = n.path("id").asText("negative[" + i + "]");
      i++;
      results.add(check(id, () -> checkCase(root, n, !"invalid".equals(n.path("expected").asText("invalid")))));
    }
    return results;
  }

  private static void checkCase(JsonNode root, JsonNode c, boolean expectAccept) {
    E2eMessage frame = E2eMessage.parse(c.path("message"));
    if (c.path("wire").isTextual()) {
      require(frame.equals(E2eMessage.parse(c.path("wire").textValue().getBytes(StandardCharsets.UTF_8))),
          "wire and message differ");
    }
    byte[] output;
    try {
      output = receive(root, c, frame);
    } catch (TransportException e) {
      require(!expectAccept, "refused: " + e.getMessage());
      return;
    }
    require(expectAccept, "accepted a frame that must be refused");
    if (c.path("plaintext_utf8_hex").isTextual()) {
      require(Hex.encode(output).equals(c.path("plaintext_utf8_hex").textValue()), "plaintext differs");
    } else if (c.path("plaintext").isTextual()) {
      require(Arrays.equals(output, c.path("plaintext").textValue().getBytes(StandardCharsets.UTF_8)),
          "plaintext differs");
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
  private static byte[] receive(JsonNode root, JsonNode c, E2eMessage frame) {
    Clock clock = Clock.fixed(frame.timestamp(), ZoneOffset.UTC);
    if (frame instanceof SourceHello hello) {
      // Verifying an inbound hello does not need the receiver's own key; a throwaway one stands in.
      PrivateKeyMaterial throwaway = PrivateKeyMaterial.generate(KeyType.SECP256R1, new SecureRandom());
      Optional<org.anp.identity.did.DidDocument> doc =
          c.path("did_document").isObject()
              ? Optional.of(org.anp.identity.did.DidDocument.fromJson(c.path("did_document")))
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
      receiverSession(root, finished.destinationDid(), finished.sourceDid(), frame.timestamp()).verifyFinished(finished);
      return new byte[0];
    }
    if (frame instanceof EncryptedMessage message) {
      SessionKeyStore store = SessionKeyStore.inMemory(1, clock);
      store.put(receiverSession(root, message.destinationDid(), message.sourceDid(), frame.timestamp()));
      return store.bySecretKeyId(message.secretKeyId())
          .orElseThrow(() -> new TransportException(
              TransportError.DECRYPTION_KEY_UNKNOWN, "secretKeyId: " + message.secretKeyId() + " unknown"))
          .decrypt(message);
    }
    throw new IllegalStateException("no receiver logic for a " + frame.type().wireName() + " frame");
  }

  private static SecureSession receiverSession(JsonNode root, String receiver, String sender, Instant now) {
    Map<String, byte[]> sendKeyByDid = new HashMap<>();
    for (JsonNode m : root.path("messages")) {
      sendKeyByDid.put(text(m.path("message"), "sourceDid"), Hex.decode(text(m, "key_hex")));
    }
    byte[] receiveKey = sendKeyByDid.get(sender);
    require(receiveKey != null, "no message from " + sender + " gives its key");
    byte[] sendKey = sendKeyByDid.getOrDefault(receiver, new byte[16]);
    SessionSecrets secrets = SessionSecrets.of(receiver, sender, Role.RESPONDER, text(root, "secret_key_id"),
        sendKey, receiveKey, now.minusSeconds(1), now.plusSeconds(3600));
    return SecureSession.restore(secrets, SessionLimits.DEFAULT, Clock.fixed(now, ZoneOffset.UTC), new SecureRandom());
  }

  @Override
  public JsonNode emit(SecureRandom random, Clock clock) {
    E2eHandshakeSuite.Generated g = E2eHandshakeSuite.Generated.run(random, clock);
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.set("meta", g.meta());
    SessionSecrets sa = g.sessionA().exportSecretsInsecure();
    SessionSecrets sb = g.sessionB().exportSecretsInsecure();
    root.put("secret_key_id", sa.secretKeyId());
    ArrayNode messages = root.putArray("messages");
    byte[] big = new byte[300];
    random.nextBytes(big);
    addMessage(messages, "A", g.sessionA(), sa, "Hello B, this is A.".getBytes(StandardCharsets.UTF_8));
    addMessage(messages, "B", g.sessionB(), sb, "Hi A! \u4f60\u597d, \ud83d\udc4b".getBytes(StandardCharsets.UTF_8));
    addMessage(messages, "A", g.sessionA(), sa, new byte[0]);
    addMessage(messages, "A", g.sessionA(), sa, "\u0000{\"action\":\"protocolNegotiation\"}".getBytes(StandardCharsets.UTF_8));
    addMessage(messages, "B", g.sessionB(), sb, big);
    addMessage(messages, "A", g.sessionA(), sa, new byte[] {(byte) 0x80, 0x01, (byte) 0xff});

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
    sa.destroy();
    sb.destroy();
    otherId.destroy();
    reversed.destroy();
    return root;
  }

  private static void addMessage(ArrayNode out, String from, SecureSession session, SessionSecrets s, byte[] payload) {
    EncryptedMessage m = session.encrypt(payload);
    ObjectNode e = out.addObject();
    e.put("from", from);
    e.put("wire", new String(m.toJsonBytes(), StandardCharsets.UTF_8));
    e.set("message", m.json());
    e.put("plaintext_utf8_hex", Hex.encode(payload));
    e.put("key_used", "send key of " + from);
    e.put("key_hex", Hex.encode(s.sendKeyInsecure()));
    e.put("expected", "valid");
  }

  private static void negative(ArrayNode out, String id, ObjectNode message, String reason) {
    ObjectNode n = out.addObject();
    n.put("id", id);
    n.set("message", message);
    n.put("expected", "invalid");
    n.put("reason", reason);
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
