package org.anp.transport.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.transport.internal.e2e.Frames;
import org.anp.transport.internal.relay.FrameFields;

/**
 * The {@code register} frame (spec/e2e-transport.md 10.3): the full list of routers a
 * connection serves, each entry signed separately by its router's key. A relay replaces the
 * connection's previous routers with exactly these (full-state), so an empty list unbinds all.
 * Immutable and thread-safe.
 *
 * <p><b>Security:</b> {@link #signRouter} signs {@code {router, nonce, proof}} minus
 * {@code proof.proofValue} as Python sorted-compact JSON with the router's key (ECDSA P-256 or
 * secp256k1 with SHA-256, P1363 {@code r||s}, or Ed25519), base64url without padding. Each entry
 * gets a fresh 32-byte nonce, so a captured entry cannot be replayed to a relay that remembers
 * nonces for its time window.
 */
public final class RegisterFrame implements RelayFrame {
  /** The {@code type} value. */
  public static final String TYPE = "register";
  /** The most router entries one frame may carry. */
  public static final int MAX_ROUTERS = 64;

  private final ObjectNode json;
  private final Instant timestamp;
  private final String messageId;
  private final List<RouterEntry> routers;

  private RegisterFrame(ObjectNode json, Instant timestamp, String messageId, List<RouterEntry> routers) {
    this.json = json;
    this.timestamp = timestamp;
    this.messageId = messageId;
    this.routers = List.copyOf(routers);
  }

  /**
   * A frame from already signed entries.
   *
   * @throws IllegalArgumentException for an empty {@code messageId} or more than
   *     {@link #MAX_ROUTERS} entries
   */
  public static RegisterFrame of(Instant timestamp, String messageId, List<RouterEntry> routers) {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(messageId, "messageId");
    if (messageId.isEmpty()) {
      throw new IllegalArgumentException("messageId is empty");
    }
    if (routers.size() > MAX_ROUTERS) {
      throw new IllegalArgumentException("more than " + MAX_ROUTERS + " routers");
    }
    ObjectNode json = Frames.header(TYPE, timestamp, messageId);
    ArrayNode array = json.putArray("routers");
    for (RouterEntry entry : routers) {
      array.add(entry.json());
    }
    return new RegisterFrame(json, Instant.parse(json.get("timestamp").textValue()), messageId, routers);
  }

  /**
   * Signs one router entry with a fresh random 32-byte nonce (64 hex characters).
   *
   * @param routerDid the router DID (for did:wba usually the agent's own DID)
   * @param verificationMethod the absolute id of {@code key} in the router's document
   * @param key a signing key (P-256, secp256k1 or Ed25519)
   * @param created the signing time, written to the second
   * @throws IllegalArgumentException if {@code key} cannot sign (X25519)
   */
  public static RouterEntry signRouter(
      String routerDid, String verificationMethod, PrivateKeyMaterial key, Instant created, SecureRandom random) {
    return signRouter(routerDid, verificationMethod, key, created, Frames.randomHex(random, 32));
  }

  /** {@link #signRouter(String, String, PrivateKeyMaterial, Instant, SecureRandom)} with a given nonce. */
  public static RouterEntry signRouter(
      String routerDid, String verificationMethod, PrivateKeyMaterial key, Instant created, String nonce) {
    Objects.requireNonNull(routerDid, "routerDid");
    Objects.requireNonNull(verificationMethod, "verificationMethod");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(created, "created");
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.put("router", routerDid);
    entry.put("nonce", nonce);
    ObjectNode proof = entry.putObject("proof");
    proof.put("type", proofType(key));
    proof.put("created", Frames.created(created));
    proof.put("proofPurpose", "assertionMethod");
    proof.put("verificationMethod", verificationMethod);
    proof.put("proofValue", Base64Codec.encodeUrl(key.sign(RouterEntry.signingInput(entry))));
    return RouterEntry.signed(entry);
  }

  private static String proofType(PrivateKeyMaterial key) {
    return switch (key.type()) {
      case SECP256R1 -> "EcdsaSecp256r1Signature2019";
      case SECP256K1 -> "EcdsaSecp256k1Signature2019";
      case ED25519 -> "Ed25519Signature2020";
      case X25519 -> throw new IllegalArgumentException("an X25519 key cannot sign");
    };
  }

  static RegisterFrame fromJson(ObjectNode json) {
    FrameFields.header(json, TYPE);
    Instant timestamp = FrameFields.instant(json, "timestamp", "timestamp");
    String messageId = FrameFields.text(json, "messageId", "messageId");
    JsonNode array = json.get("routers");
    if (array == null || !array.isArray()) {
      throw FrameFields.invalid("routers", array == null ? "missing" : "not an array");
    }
    if (array.size() > MAX_ROUTERS) {
      throw FrameFields.invalid("routers", array.size() + " entries, limit " + MAX_ROUTERS);
    }
    List<RouterEntry> routers = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      routers.add(RouterEntry.fromJson(array.get(i), "routers[" + i + "]"));
    }
    return new RegisterFrame(json, timestamp, messageId, routers);
  }

  @Override
  public String type() {
    return TYPE;
  }

  /** When the frame was sent. */
  public Instant timestamp() {
    return timestamp;
  }

  @Override
  public String messageId() {
    return messageId;
  }

  /** The router entries, in frame order. */
  public List<RouterEntry> routers() {
    return routers;
  }

  /** A copy of the JSON tree. */
  public ObjectNode json() {
    return json.deepCopy();
  }

  @Override
  public byte[] toJsonBytes() {
    return RelayFrames.write(json);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegisterFrame other && json.equals(other.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return "RegisterFrame[" + messageId + ", " + routers + "]";
  }
}
