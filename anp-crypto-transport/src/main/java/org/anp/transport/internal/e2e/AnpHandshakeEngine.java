package org.anp.transport.internal.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Hex;
import org.anp.identity.did.Did;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.e2e.DestinationHello;
import org.anp.transport.e2e.E2eMessage;
import org.anp.transport.e2e.Finished;
import org.anp.transport.e2e.HandshakeConfig;
import org.anp.transport.e2e.HandshakeEngine;
import org.anp.transport.e2e.HandshakeState;
import org.anp.transport.e2e.HelloProof;
import org.anp.transport.e2e.HelloVerificationMethod;
import org.anp.transport.e2e.KeyShare;
import org.anp.transport.e2e.MessageType;
import org.anp.transport.e2e.Role;
import org.anp.transport.e2e.SecureSession;
import org.anp.transport.e2e.SessionSecrets;
import org.anp.transport.e2e.SourceHello;

/**
 * The ANP E2E 1.0 handshake engine for both roles. See {@link HandshakeEngine} for the contract;
 * the comments here record where the spec text and the reference SDK differ.
 */
public final class AnpHandshakeEngine implements HandshakeEngine {
  /** The only suite and group implemented and advertised (spec ambiguity 24). */
  public static final String CIPHER_SUITE = "TLS_AES_128_GCM_SHA256";

  public static final String GROUP = "secp256r1";
  private static final int KEY_LENGTH = 16;
  private static final int RANDOM_BYTES = 32;
  // Spec ambiguity 18: the reference SDK writes a secp256k1 suite name although it signs with
  // P-256; we write the accurate name and ignore the field on receipt.
  private static final String PROOF_TYPE = "EcdsaSecp256r1Signature2019";
  private static final String VM_TYPE = "EcdsaSecp256r1VerificationKey2019";

  private final HandshakeConfig config;
  private final String localDid;
  private final Role role;
  private String peerDid;
  private String sessionId;
  private HandshakeState state = HandshakeState.INITIAL;
  private Instant deadline;
  private PrivateKeyMaterial ephemeral;
  private String localRandom;
  private SecureSession session;
  private Finished earlyFinished;
  private Optional<JsonNode> localMetaProtocol = Optional.empty();
  private Optional<JsonNode> peerMetaProtocol = Optional.empty();

  private AnpHandshakeEngine(HandshakeConfig config, Role role, String peerDid) {
    this.config = Objects.requireNonNull(config, "config");
    this.localDid = config.localDid().toString();
    this.role = role;
    this.peerDid = peerDid;
  }

  public static AnpHandshakeEngine initiator(HandshakeConfig config, String peerDid) {
    return new AnpHandshakeEngine(config, Role.INITIATOR, Objects.requireNonNull(peerDid, "peerDid"));
  }

  public static AnpHandshakeEngine responder(HandshakeConfig config) {
    return new AnpHandshakeEngine(config, Role.RESPONDER, null);
  }

  @Override
  public HandshakeState state() {
    return state;
  }

  @Override
  public Optional<String> sessionId() {
    return Optional.ofNullable(sessionId);
  }

  @Override
  public Optional<String> peerDid() {
    return Optional.ofNullable(peerDid);
  }

  @Override
  public Optional<JsonNode> peerMetaProtocol() {
    return peerMetaProtocol.map(JsonNode::deepCopy);
  }

  @Override
  public Optional<JsonNode> localMetaProtocol() {
    return localMetaProtocol.map(JsonNode::deepCopy);
  }

  @Override
  public Step start() {
    if (role != Role.INITIATOR || state != HandshakeState.INITIAL) {
      throw new IllegalStateException("start() is for a new initiator; state " + state + ", role " + role);
    }
    Instant now = config.clock().instant();
    deadline = now.plus(config.handshakeTimeout());
    sessionId =
        config.insecureFixedValues().map(HandshakeConfig.FixedHandshakeValues::sessionId)
            .orElseGet(() -> Frames.newId(config.random()));
    drawEphemeralValues();
    ObjectNode json = helloHeader(MessageType.SOURCE_HELLO, now);
    json.set("supportedVersions", array(E2eMessage.VERSION));
    json.set("cipherSuites", array(CIPHER_SUITE));
    json.set("supportedGroups", array(GROUP));
    ArrayNode shares = JsonNodeFactory.instance.arrayNode();
    shares.add(keyShare());
    json.set("keyShares", shares);
    try {
      localMetaProtocol = extension(() -> config.helloExtensions().offer(peer(peerDid)));
    } catch (TransportException e) {
      fail();
      throw e;
    }
    finishHello(json, now);
    E2eMessage hello = E2eMessage.parse(json);
    state = HandshakeState.WAIT_DESTINATION_HELLO;
    return new Step(List.of(hello), Optional.empty());
  }

  @Override
  public Step receive(E2eMessage inbound) {
    Objects.requireNonNull(inbound, "inbound");
    if (state == HandshakeState.FAILED || state == HandshakeState.ESTABLISHED) {
      throw new TransportException(
          TransportError.UNEXPECTED_MESSAGE, inbound.type().wireName() + ": handshake already " + state);
    }
    try {
      checkDeadline();
      return dispatch(inbound);
    } catch (TransportException e) {
      fail();
      throw e;
    }
  }

  private Step dispatch(E2eMessage inbound) {
    if (role == Role.RESPONDER && state == HandshakeState.INITIAL && inbound instanceof SourceHello hello) {
      return onSourceHello(hello);
    }
    if (role == Role.INITIATOR
        && state == HandshakeState.WAIT_DESTINATION_HELLO
        && inbound instanceof DestinationHello hello) {
      return onDestinationHello(hello);
    }
    if (inbound instanceof Finished finished) {
      if (state == HandshakeState.WAIT_FINISHED) {
        return onFinished(finished);
      }
      if (state == HandshakeState.WAIT_DESTINATION_HELLO && earlyFinished == null) {
        // Out of order: the responder's Finished overtook its destinationHello. Hold it.
        checkSession(finished.sessionId(), finished.sourceDid(), finished.destinationDid());
        earlyFinished = finished;
        return new Step(List.of(), Optional.empty());
      }
    }
    throw new TransportException(
        TransportError.UNEXPECTED_MESSAGE,
        "type: " + inbound.type().wireName() + " not expected by the " + role + " in state " + state);
  }

  private Step onSourceHello(SourceHello hello) {
    Instant now = config.clock().instant();
    deadline = now.plus(config.handshakeTimeout());
    if (!hello.destinationDid().equals(localDid)) {
      throw new TransportException(
          TransportError.UNEXPECTED_MESSAGE, "destinationDid: " + hello.destinationDid() + " is not this DID");
    }
    verifyHello(hello, hello.sourceDid(), hello.verificationMethod(), hello.proof(), hello.random(), now);
    if (!hello.supportedVersions().contains(E2eMessage.VERSION)) {
      throw new TransportException(TransportError.NEGOTIATION_FAILED, "supportedVersions: no 1.0");
    }
    if (!hello.cipherSuites().contains(CIPHER_SUITE)) {
      throw new TransportException(TransportError.NEGOTIATION_FAILED, "cipherSuites: no " + CIPHER_SUITE);
    }
    KeyShare peerShare =
        hello.keyShares().stream()
            .filter(s -> s.group().equals(GROUP))
            .findFirst()
            .orElseThrow(
                () -> new TransportException(TransportError.NEGOTIATION_FAILED, "keyShares: no " + GROUP + " share"));
    PublicKeyMaterial peerKey = point(peerShare.keyExchange(), "keyShares.keyExchange");
    peerDid = hello.sourceDid();
    sessionId = hello.sessionId();
    drawEphemeralValues();

    ObjectNode json = helloHeader(MessageType.DESTINATION_HELLO, now);
    json.put("selectedVersion", E2eMessage.VERSION);
    json.put("cipherSuite", CIPHER_SUITE);
    json.set("keyShare", keyShare());
    peerMetaProtocol = hello.metaProtocol();
    localMetaProtocol = extension(() -> config.helloExtensions().answer(peer(peerDid), hello.metaProtocol()));
    finishHello(json, now);
    DestinationHello reply = (DestinationHello) E2eMessage.parse(json);

    deriveSecrets(peerKey, hello.random(), localRandom, peerShare.expires(), now);
    state = HandshakeState.WAIT_FINISHED;
    return new Step(List.of(reply, session.finished(sessionId)), Optional.empty());
  }

  private Step onDestinationHello(DestinationHello hello) {
    Instant now = config.clock().instant();
    checkSession(hello.sessionId(), hello.sourceDid(), hello.destinationDid());
    verifyHello(hello, hello.sourceDid(), hello.verificationMethod(), hello.proof(), hello.random(), now);
    if (!hello.selectedVersion().equals(E2eMessage.VERSION)) {
      throw new TransportException(TransportError.NEGOTIATION_FAILED, "selectedVersion: not offered");
    }
    if (!hello.cipherSuite().equals(CIPHER_SUITE)) {
      throw new TransportException(TransportError.NEGOTIATION_FAILED, "cipherSuite: not offered");
    }
    if (!hello.keyShare().group().equals(GROUP)) {
      throw new TransportException(TransportError.NEGOTIATION_FAILED, "keyShare.group: not offered");
    }
    PublicKeyMaterial peerKey = point(hello.keyShare().keyExchange(), "keyShare.keyExchange");
    peerMetaProtocol = hello.metaProtocol();
    deriveSecrets(peerKey, localRandom, hello.random(), hello.keyShare().expires(), now);
    state = HandshakeState.WAIT_FINISHED;
    List<E2eMessage> out = List.of(session.finished(sessionId));
    if (earlyFinished != null) {
      Finished held = earlyFinished;
      earlyFinished = null;
      return new Step(out, onFinished(held).session());
    }
    return new Step(out, Optional.empty());
  }

  private Step onFinished(Finished finished) {
    checkSession(finished.sessionId(), finished.sourceDid(), finished.destinationDid());
    session.verifyFinished(finished);
    state = HandshakeState.ESTABLISHED;
    return new Step(List.of(), Optional.of(session));
  }

  private void drawEphemeralValues() {
    Optional<HandshakeConfig.FixedHandshakeValues> fixed = config.insecureFixedValues();
    if (fixed.isPresent()) {
      ephemeral = PrivateKeyMaterial.fromRaw(KeyType.SECP256R1, fixed.get().ephemeralKey().exportInsecure());
      localRandom = fixed.get().random();
    } else {
      ephemeral = PrivateKeyMaterial.generate(KeyType.SECP256R1, config.random());
      localRandom = Frames.randomHex(config.random(), RANDOM_BYTES);
    }
  }

  private void verifyHello(
      E2eMessage hello,
      String senderDid,
      HelloVerificationMethod method,
      HelloProof proof,
      String random,
      Instant now) {
    // Spec ambiguity 19: the spec's own example names the other party's key; require the
    // sender's.
    if (!method.id().startsWith(senderDid + "#")) {
      throw new TransportException(
          TransportError.DID_KEY_MISMATCH, "verificationMethod.id: not a key of " + senderDid);
    }
    if (!proof.verificationMethod().equals(method.id())) {
      throw new TransportException(
          TransportError.DID_KEY_MISMATCH, "proof.verificationMethod: differs from verificationMethod.id");
    }
    PublicKeyMaterial key = point(method.publicKeyHex(), "verificationMethod.publicKeyHex");
    HelloSignatures.verify(hello.json(), proof.proofValue(), boundKey(senderDid, method.id(), key));
    Duration skew = Duration.between(proof.created(), now).abs();
    if (skew.compareTo(config.helloWindow()) > 0) {
      throw new TransportException(
          TransportError.HELLO_STALE,
          "proof.created: " + skew.toSeconds() + " s from now, limit " + config.helloWindow().toSeconds() + " s");
    }
    Instant until = proof.created().plus(config.helloWindow());
    if (!config.replayCache().firstSeen(senderDid + " " + random, until)) {
      throw new TransportException(TransportError.HELLO_REPLAYED, "random: hello already seen from " + senderDid);
    }
  }

  /** Checks the key binding; returns the equal key object the standard binding keeps, if any. */
  private PublicKeyMaterial boundKey(String did, String verificationMethodId, PublicKeyMaterial key) {
    if (config.keyBinding() instanceof DidKeyBinding standard) {
      return standard.boundKey(did, verificationMethodId, key);
    }
    config.keyBinding().check(did, verificationMethodId, key);
    return key;
  }

  private void deriveSecrets(
      PublicKeyMaterial peerKey, String sourceRandom, String destinationRandom, long peerExpires, Instant now) {
    byte[] shared;
    try {
      shared = ephemeral.agree(peerKey);
    } catch (IdentityException e) {
      throw new TransportException(TransportError.INVALID_MESSAGE, "keyExchange: unusable key share");
    }
    DerivedKeys keys = KeySchedule.derive(shared, sourceRandom, destinationRandom, KEY_LENGTH);
    Arrays.fill(shared, (byte) 0);
    // Spec ambiguity 23: the effective lifetime is the shorter of both sides' wishes.
    long lifetime = Math.min(config.keyLifetime().getSeconds(), peerExpires);
    byte[] send = role == Role.INITIATOR ? keys.sourceKey() : keys.destinationKey();
    byte[] receive = role == Role.INITIATOR ? keys.destinationKey() : keys.sourceKey();
    SessionSecrets secrets =
        SessionSecrets.of(
            localDid, peerDid, role, keys.secretKeyId(), send, receive, now, now.plusSeconds(lifetime));
    Arrays.fill(send, (byte) 0);
    Arrays.fill(receive, (byte) 0);
    keys.destroy();
    ephemeral.destroy();
    session = SecureSession.restore(secrets, config.sessionLimits(), config.clock(), config.random());
  }

  private ObjectNode helloHeader(MessageType type, Instant now) {
    ObjectNode json = Frames.header(type.wireName(), now, Frames.newId(config.random()));
    json.put("sessionId", sessionId);
    json.put("sourceDid", localDid);
    json.put("destinationDid", peerDid);
    ObjectNode vm = json.putObject("verificationMethod");
    vm.put("id", config.verificationMethodId());
    vm.put("type", VM_TYPE);
    vm.put("publicKeyHex", Hex.encode(config.signingKey().publicKey().raw()));
    json.put("random", localRandom);
    return json;
  }

  private void finishHello(ObjectNode json, Instant now) {
    localMetaProtocol.ifPresent(meta -> json.set("metaProtocol", meta.deepCopy()));
    ObjectNode proof = json.putObject("proof");
    proof.put("type", PROOF_TYPE);
    proof.put("created", Frames.created(now));
    proof.put("verificationMethod", config.verificationMethodId());
    HelloSignatures.sign(json, config.signingKey());
  }

  /**
   * Runs the configured hello-extension hook; what it throws fails the handshake, so a bug in an
   * upper layer ends one handshake with a code instead of escaping into the transport.
   */
  private static Optional<JsonNode> extension(java.util.function.Supplier<Optional<ObjectNode>> hook) {
    Optional<ObjectNode> block;
    try {
      block = hook.get();
    } catch (RuntimeException e) {
      throw new TransportException(TransportError.NEGOTIATION_FAILED, "metaProtocol: the hello extension failed: " + e, e);
    }
    return Objects.requireNonNull(block, "hello extension returned null").map(ObjectNode::deepCopy);
  }

  private static Did peer(String did) {
    try {
      return Did.parse(did);
    } catch (IdentityException e) {
      throw new TransportException(TransportError.INVALID_MESSAGE, "peer DID: " + e.getMessage(), e);
    }
  }

  private ObjectNode keyShare() {
    ObjectNode share = JsonNodeFactory.instance.objectNode();
    share.put("group", GROUP);
    share.put("expires", config.keyLifetime().getSeconds());
    share.put("keyExchange", Hex.encode(ephemeral.publicKey().raw()));
    return share;
  }

  private void checkSession(String inboundSessionId, String sender, String receiver) {
    if (!inboundSessionId.equals(sessionId)) {
      throw new TransportException(TransportError.UNEXPECTED_MESSAGE, "sessionId: not this handshake's");
    }
    if (!sender.equals(peerDid)) {
      throw new TransportException(TransportError.UNEXPECTED_MESSAGE, "sourceDid: " + sender + " is not the peer");
    }
    if (!receiver.equals(localDid)) {
      throw new TransportException(TransportError.UNEXPECTED_MESSAGE, "destinationDid: " + receiver + " is not this DID");
    }
  }

  private void checkDeadline() {
    if (deadline != null && config.clock().instant().isAfter(deadline)) {
      throw new TransportException(
          TransportError.HANDSHAKE_TIMEOUT,
          "handshake: not complete within " + config.handshakeTimeout().toSeconds() + " s");
    }
  }

  private void fail() {
    state = HandshakeState.FAILED;
    if (ephemeral != null) {
      ephemeral.destroy();
    }
    session = null;
  }

  private static PublicKeyMaterial point(String hex, String field) {
    try {
      byte[] raw = Hex.decode(hex);
      if (raw.length != 65 || raw[0] != 0x04) {
        throw new TransportException(TransportError.INVALID_MESSAGE, field + ": not an uncompressed P-256 point");
      }
      return PublicKeyMaterial.fromRaw(KeyType.SECP256R1, raw);
    } catch (IdentityException e) {
      throw new TransportException(TransportError.INVALID_MESSAGE, field + ": not a valid P-256 point");
    }
  }

  private static ArrayNode array(String value) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    array.add(value);
    return array;
  }
}
