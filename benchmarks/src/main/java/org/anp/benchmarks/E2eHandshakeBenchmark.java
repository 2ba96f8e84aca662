package org.anp.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.transport.e2e.E2eMessage;
import org.anp.transport.e2e.HandshakeConfig;
import org.anp.transport.e2e.HandshakeEngine;
import org.anp.transport.e2e.HelloKeyBinding;
import org.anp.transport.e2e.SecureSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One complete ANP E2E 1.0 handshake, both roles in one thread, every frame serialized to JSON
 * bytes and parsed back as a relay would carry it (rows 1 to 3 of docs/benchmarks.md):
 *
 * <ul>
 *   <li>{@link #anpHandshake}: identities made once, the peer's DID document kept parsed (for
 *       did:all the binding re-derives the address from the hello key, which needs no document);
 *   <li>{@link #anpHandshakeFirstContact}: did:wba peers whose documents are parsed from bytes and
 *       their keys decoded on every handshake, as on first contact;
 *   <li>{@link #barePrimitives}: the baseline, only the cryptography a handshake cannot avoid with
 *       the same providers: two P-256 key generations, two hello signatures and their
 *       verifications, decoding the peer's key share, two ECDH agreements and both sides' HKDF key
 *       schedules.
 * </ul>
 *
 * <p>Not thread-safe; JMH gives each thread its own state.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class E2eHandshakeBenchmark {

  /** The two sessions a handshake produced. */
  public record Sessions(SecureSession initiator, SecureSession responder) {}

  /** Two parties whose DID documents are already parsed and cached. */
  @State(Scope.Thread)
  public static class CachedParties {
    @Param({"did:all", "did:wba"})
    public String didMethod;

    Parties parties;

    @Setup
    public void setUp() {
      parties = "did:all".equals(didMethod) ? Parties.didAll() : Parties.didWba(false);
    }
  }

  /** Two did:wba parties that parse each other's document on every handshake. */
  @State(Scope.Thread)
  public static class FirstContactParties {
    Parties parties;

    @Setup
    public void setUp() {
      parties = Parties.didWba(true);
    }
  }

  /** Keys and messages for the baseline: the bare primitives of one handshake. */
  @State(Scope.Thread)
  public static class Primitives {
    final SecureRandom random = new SecureRandom();
    PrivateKeyMaterial aliceKey;
    PrivateKeyMaterial bobKey;
    PublicKeyMaterial alicePublic;
    PublicKeyMaterial bobPublic;
    byte[] aliceHello;
    byte[] bobHello;
    String aliceRandom;
    String bobRandom;

    @Setup
    public void setUp() {
      // The messages are real hellos of the same parties, so the signed input has the same size.
      Parties parties = Parties.didAll();
      HandshakeEngine initiator = HandshakeEngine.initiator(parties.alice, parties.bobDid);
      E2eMessage sourceHello = initiator.start().outbound().get(0);
      E2eMessage destinationHello =
          HandshakeEngine.responder(parties.bob).receive(transfer(sourceHello)).outbound().get(0);
      aliceHello = sourceHello.toJsonBytes();
      bobHello = destinationHello.toJsonBytes();
      aliceRandom = sourceHello.json().get("random").textValue();
      bobRandom = destinationHello.json().get("random").textValue();
      aliceKey = parties.alice.signingKey();
      bobKey = parties.bob.signingKey();
      alicePublic = PublicKeyMaterial.fromRaw(KeyType.SECP256R1, aliceKey.publicKey().raw());
      bobPublic = PublicKeyMaterial.fromRaw(KeyType.SECP256R1, bobKey.publicKey().raw());
    }
  }

  @Benchmark
  public Sessions anpHandshake(CachedParties state) {
    return handshake(state.parties);
  }

  @Benchmark
  public Sessions anpHandshakeFirstContact(FirstContactParties state) {
    return handshake(state.parties);
  }

  /** The baseline; returns both sides' derived keys (initiator first). */
  @Benchmark
  public byte[][] barePrimitives(Primitives p) throws GeneralSecurityException {
    return primitives(p, p.alicePublic, p.bobPublic);
  }

  /**
   * Diagnostic: the baseline with each hello key decoded from its bytes before verifying, as the
   * engine does (the hello carries the key; a decoded key object keeps BouncyCastle's
   * precomputation, a new one must build it again).
   */
  @Benchmark
  public byte[][] barePrimitivesFreshHelloKeys(Primitives p) throws GeneralSecurityException {
    return primitives(
        p,
        PublicKeyMaterial.fromRaw(KeyType.SECP256R1, p.alicePublic.raw()),
        PublicKeyMaterial.fromRaw(KeyType.SECP256R1, p.bobPublic.raw()));
  }

  private static byte[][] primitives(Primitives p, PublicKeyMaterial alicePublic, PublicKeyMaterial bobPublic)
      throws GeneralSecurityException {
    PrivateKeyMaterial aliceEphemeral = PrivateKeyMaterial.generate(KeyType.SECP256R1, p.random);
    PrivateKeyMaterial bobEphemeral = PrivateKeyMaterial.generate(KeyType.SECP256R1, p.random);
    byte[] aliceSignature = p.aliceKey.sign(p.aliceHello);
    byte[] bobSignature = p.bobKey.sign(p.bobHello);
    alicePublic.verify(p.aliceHello, aliceSignature);
    bobPublic.verify(p.bobHello, bobSignature);
    // Key shares arrive as bytes, so each side decodes the other's point once.
    PublicKeyMaterial bobShare = PublicKeyMaterial.fromRaw(KeyType.SECP256R1, bobEphemeral.publicKey().raw());
    PublicKeyMaterial aliceShare = PublicKeyMaterial.fromRaw(KeyType.SECP256R1, aliceEphemeral.publicKey().raw());
    byte[] aliceShared = aliceEphemeral.agree(bobShare);
    byte[] bobShared = bobEphemeral.agree(aliceShare);
    byte[] aliceKeys = keySchedule(aliceShared, p.aliceRandom, p.bobRandom);
    byte[] bobKeys = keySchedule(bobShared, p.aliceRandom, p.bobRandom);
    return new byte[][] {aliceKeys, bobKeys};
  }

  /** Runs one handshake between the two parties, frames passing through JSON bytes. */
  static Sessions handshake(Parties parties) {
    HandshakeEngine initiator = HandshakeEngine.initiator(parties.alice, parties.bobDid);
    HandshakeEngine responder = HandshakeEngine.responder(parties.bob);
    Deque<E2eMessage> toResponder = new ArrayDeque<>(initiator.start().outbound());
    Deque<E2eMessage> toInitiator = new ArrayDeque<>();
    Optional<SecureSession> initiatorSession = Optional.empty();
    Optional<SecureSession> responderSession = Optional.empty();
    while (!toResponder.isEmpty() || !toInitiator.isEmpty()) {
      if (!toResponder.isEmpty()) {
        HandshakeEngine.Step step = responder.receive(transfer(toResponder.poll()));
        toInitiator.addAll(step.outbound());
        responderSession = step.session().isPresent() ? step.session() : responderSession;
      } else {
        HandshakeEngine.Step step = initiator.receive(transfer(toInitiator.poll()));
        toResponder.addAll(step.outbound());
        initiatorSession = step.session().isPresent() ? step.session() : initiatorSession;
      }
    }
    return new Sessions(
        initiatorSession.orElseThrow(() -> new IllegalStateException("initiator has no session")),
        responderSession.orElseThrow(() -> new IllegalStateException("responder has no session")));
  }

  /** What a transport does to a frame: serialize it and parse it on the other side. */
  static E2eMessage transfer(E2eMessage message) {
    return E2eMessage.parse(message.toJsonBytes());
  }

  /**
   * The ANP E2E key schedule (spec/e2e-transport.md section 4) written out with one HMAC-SHA256
   * instance: a full HKDF over the shared secret, two traffic secrets, a full HKDF per data key and
   * one for the key id. Returns both 16-byte data keys followed by the 8-byte key id.
   */
  static byte[] keySchedule(byte[] shared, String sourceRandom, String destinationRandom)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    byte[] context = (sourceRandom + destinationRandom).getBytes(StandardCharsets.UTF_8);
    byte[] extracted = hkdf(mac, shared, new byte[0], 32);
    byte[] sourceTraffic = expand(mac, extracted, label("s ap traffic", context), 32);
    byte[] destinationTraffic = expand(mac, extracted, label("d ap traffic", context), 32);
    byte[] out = new byte[16 + 16 + 8];
    System.arraycopy(hkdf(mac, sourceTraffic, label("key", sourceTraffic), 16), 0, out, 0, 16);
    System.arraycopy(hkdf(mac, destinationTraffic, label("key", destinationTraffic), 16), 0, out, 16, 16);
    System.arraycopy(hkdf(mac, context, new byte[0], 8), 0, out, 32, 8);
    return out;
  }

  private static byte[] hkdf(Mac mac, byte[] ikm, byte[] info, int length) throws GeneralSecurityException {
    mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
    byte[] prk = mac.doFinal(ikm);
    return expand(mac, prk, info, length);
  }

  private static byte[] expand(Mac mac, byte[] prk, byte[] info, int length) throws GeneralSecurityException {
    // Every output here fits one HMAC block, so the expansion is a single T(1).
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    mac.update(info);
    mac.update((byte) 1);
    byte[] block = mac.doFinal();
    byte[] out = new byte[length];
    System.arraycopy(block, 0, out, 0, length);
    return out;
  }

  private static byte[] label(String name, byte[] context) {
    byte[] full = ("als10 " + name).getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[2 + 1 + full.length + 1 + context.length];
    out[0] = 0;
    out[1] = 32;
    out[2] = (byte) full.length;
    System.arraycopy(full, 0, out, 3, full.length);
    out[3 + full.length] = (byte) context.length;
    System.arraycopy(context, 0, out, 4 + full.length, context.length);
    return out;
  }

  /** The handshake configurations of two parties, Alice (initiator) and Bob (responder). */
  static final class Parties {
    final HandshakeConfig alice;
    final HandshakeConfig bob;
    final String bobDid;

    Parties(HandshakeConfig alice, HandshakeConfig bob, String bobDid) {
      this.alice = alice;
      this.bob = bob;
      this.bobDid = bobDid;
    }

    /** did:all identities; the standard binding derives each DID from its hello key. */
    static Parties didAll() {
      DidAllIdentity alice = DidAllIdentity.builder().build();
      DidAllIdentity bob = DidAllIdentity.builder().build();
      HelloKeyBinding binding = HelloKeyBinding.standard(did -> Optional.empty());
      return new Parties(
          config(alice.did().toString(), alice.privateKey(), alice.did() + "#keys-1", binding),
          config(bob.did().toString(), bob.privateKey(), bob.did() + "#keys-1", binding),
          bob.did().toString());
    }

    /**
     * did:wba identities with the SDK layout (Ed25519 {@code key-1}, P-256 {@code key-2} for
     * hellos, X25519 {@code key-3}); documents kept parsed, or parsed from bytes on every lookup.
     */
    static Parties didWba(boolean parseEveryTime) {
      DidWbaIdentity alice = DidWbaIdentity.builder().host("alice.bench.test").path("agents:alice").build();
      DidWbaIdentity bob = DidWbaIdentity.builder().host("bob.bench.test").path("agents:bob").build();
      String aliceDid = alice.did().toString();
      String bobDid = bob.did().toString();
      Function<String, Optional<DidDocument>> documents;
      if (parseEveryTime) {
        Map<String, byte[]> bytes = Map.of(aliceDid, alice.document().toBytes(), bobDid, bob.document().toBytes());
        documents = did -> Optional.ofNullable(bytes.get(did)).map(DidDocument::parse);
      } else {
        Map<String, DidDocument> parsed = Map.of(aliceDid, alice.document(), bobDid, bob.document());
        documents = did -> Optional.ofNullable(parsed.get(did));
      }
      HelloKeyBinding binding = HelloKeyBinding.standard(documents);
      return new Parties(
          config(aliceDid, alice.privateKey("key-2").orElseThrow(), aliceDid + "#key-2", binding),
          config(bobDid, bob.privateKey("key-2").orElseThrow(), bobDid + "#key-2", binding),
          bobDid);
    }

    private static HandshakeConfig config(
        String did, PrivateKeyMaterial key, String verificationMethod, HelloKeyBinding binding) {
      return HandshakeConfig.builder().identity(Did.parse(did), key, verificationMethod).keyBinding(binding).build();
    }
  }
}
