package org.anp.cli.conformance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.anp.identity.codec.Hex;
import org.anp.identity.did.Did;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.json.PyCompactSortedJson;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
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
 * One fresh e2e-legacy handshake between two of our engines, with every secret kept, from which
 * {@code handshake.json} and {@code messages.json} are written: the format derives the message
 * keys from the handshake, so both files of one emission must describe this one session.
 * Holds live sessions and private keys: for vector files only.
 */
record E2eLegacySession(
    DidAllIdentity a,
    DidAllIdentity b,
    PrivateKeyMaterial ephemeralA,
    PrivateKeyMaterial ephemeralB,
    String sourceRandom,
    String destinationRandom,
    String sessionId,
    List<E2eMessage> transcript,
    SecureSession sessionA,
    SecureSession sessionB,
    Clock clock) {

  /** The context's session: made on first use, then the same for every suite of that emission. */
  static E2eLegacySession of(EmitContext context) {
    return context.shared(E2eLegacySession.class, () -> run(context.random(), context.clock()));
  }

  /** A fresh session between two new did:all identities, at {@code wallClock}'s instant. */
  static E2eLegacySession run(SecureRandom random, Clock wallClock) {
    Clock clock = Clock.fixed(wallClock.instant(), ZoneOffset.UTC);
    DidAllIdentity a = DidAllIdentity.builder().random(random).clock(clock).build();
    DidAllIdentity b = DidAllIdentity.builder().random(random).clock(clock).build();
    PrivateKeyMaterial ea = PrivateKeyMaterial.generate(KeyType.SECP256R1, random);
    PrivateKeyMaterial eb = PrivateKeyMaterial.generate(KeyType.SECP256R1, random);
    String sr = hex(random, 32);
    String dr = hex(random, 32);
    String sid = hex(random, 8);
    HandshakeEngine initiator = HandshakeEngine.initiator(
        ourConfig(a, ea, sr, sid, clock, random), b.did().toString());
    HandshakeEngine responder = HandshakeEngine.responder(ourConfig(b, eb, dr, sid, clock, random));
    List<E2eMessage> transcript = new ArrayList<>();
    E2eMessage hello = initiator.start().outbound().get(0);
    transcript.add(hello);
    HandshakeEngine.Step reply = responder.receive(hello);
    transcript.addAll(reply.outbound());
    HandshakeEngine.Step fin = initiator.receive(reply.outbound().get(0));
    transcript.addAll(fin.outbound());
    SecureSession sa = initiator.receive(reply.outbound().get(1)).session().orElseThrow();
    SecureSession sb = responder.receive(fin.outbound().get(0)).session().orElseThrow();
    return new E2eLegacySession(a, b, ea, eb, sr, dr, sid, transcript, sa, sb, clock);
  }

  private static HandshakeConfig ourConfig(
      DidAllIdentity id, PrivateKeyMaterial ephemeral, String random, String sessionId, Clock clock, SecureRandom r) {
    return HandshakeConfig.builder()
        .identity(Did.parse(id.did().toString()), id.privateKey(), id.did() + "#keys-1")
        .keyBinding(HelloKeyBinding.standard(did -> Optional.empty()))
        .clock(clock)
        .random(r)
        .insecureFixedValues(new HandshakeConfig.FixedHandshakeValues(ephemeral, random, sessionId))
        .build();
  }

  ObjectNode handshakeFile() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.set("meta", meta());
    root.put("session_id", sessionId);
    root.put("source_hello_random", sourceRandom);
    root.put("destination_hello_random", destinationRandom);
    root.put("cipher_suite", "TLS_AES_128_GCM_SHA256");
    SessionSecrets sa = sessionA.exportSecretsInsecure();
    SessionSecrets sb = sessionB.exportSecretsInsecure();
    root.put("key_expires_seconds", sa.expiresAt().getEpochSecond() - sa.establishedAt().getEpochSecond());
    root.put("secret_key_id", sa.secretKeyId());
    ObjectNode parties = root.putObject("parties");
    parties.set("A", partyJson(a, ephemeralA, "initiator (source)", sa));
    parties.set("B", partyJson(b, ephemeralB, "responder (destination)", sb));
    ArrayNode t = root.putArray("transcript");
    ArrayNode checks = root.putArray("hello_signature_checks");
    ArrayNode finished = root.putArray("finished_plaintexts");
    String didA = a.did().toString();
    for (E2eMessage m : transcript) {
      String from = m.json().path("sourceDid").asText().equals(didA) ? "A" : "B";
      ObjectNode e = t.addObject();
      e.put("from", from);
      e.put("type", m.type().wireName());
      e.put("wire", new String(m.toJsonBytes(), StandardCharsets.UTF_8));
      if (m instanceof SourceHello || m instanceof DestinationHello) {
        ObjectNode c = checks.addObject();
        c.put("type", m.type().wireName());
        ObjectNode unsigned = m.json();
        ((ObjectNode) unsigned.get("proof")).remove("proofValue");
        c.put("signing_string", PyCompactSortedJson.serialize(unsigned));
      }
      if (m instanceof Finished) {
        ObjectNode p = finished.addObject();
        p.put("from", from);
        p.put("encrypted_with", "sender's send key");
        p.put("plaintext", "{\"secretKeyId\":\"" + sa.secretKeyId() + "\"}");
      }
    }
    ObjectNode ks = root.putObject("key_schedule");
    ks.put("ecdh_shared_secret_hex", Hex.encode(ephemeralA.agree(ephemeralB.publicKey())));
    ObjectNode keys = ks.putObject("derived_data_keys");
    keys.put("source_data_key_hex", Hex.encode(sa.sendKeyInsecure()));
    keys.put("destination_data_key_hex", Hex.encode(sa.receiveKeyInsecure()));
    sa.destroy();
    sb.destroy();
    return root;
  }

  private static ObjectNode partyJson(DidAllIdentity id, PrivateKeyMaterial ephemeral, String role, SessionSecrets s) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("did", id.did().toString());
    p.set("did_private_key", keyJson(id.privateKey()));
    p.set("did_document", id.document());
    p.set("ephemeral_private_key", keyJson(ephemeral));
    p.put("ephemeral_public_key_hex", Hex.encode(ephemeral.publicKey().raw()));
    p.put("role", role);
    p.put("send_encryption_key_hex", Hex.encode(s.sendKeyInsecure()));
    p.put("receive_decryption_key_hex", Hex.encode(s.receiveKeyInsecure()));
    return p;
  }

  private static ObjectNode keyJson(PrivateKeyMaterial key) {
    ObjectNode k = JsonNodeFactory.instance.objectNode();
    k.put("private_key_pem", key.toPkcs8PemInsecure());
    k.put("public_key_pem", key.publicKey().toSpkiPem());
    k.put("key_type", "P-256");
    k.put("private_key_hex", Hex.encode(key.exportInsecure()));
    k.put("public_key_uncompressed_hex", Hex.encode(key.publicKey().raw()));
    return k;
  }

  ObjectNode meta() {
    ObjectNode meta = JsonNodeFactory.instance.objectNode();
    meta.put("generated_at", clock.instant().toString());
    meta.put("generator", "anp-java anp conformance --emit");
    return meta;
  }

  private static String hex(SecureRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Hex.encode(b);
  }
}
