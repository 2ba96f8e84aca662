package org.anp.identity.did;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.anp.identity.IdentityException;
import org.anp.identity.internal.did.DeferredPublicKey;
import org.anp.identity.internal.did.VerificationMethodParser;
import org.anp.identity.keys.PublicKeyMaterial;

/**
 * One verification method of a DID document (W3C DID Core 1.0 section 5.2) with its public key,
 * decoded on first use and then kept, so that repeated verifications reuse the decoded key.
 *
 * <p>Accepted key fields are {@code publicKeyJwk}, {@code publicKeyMultibase},
 * {@code publicKeyBase58} and {@code publicKeyHex} (the last one only for the two ECDSA types,
 * including the did:all reference SDK's doubled {@code 0404} prefix); exactly one must be present
 * and it must fit the type (spec/identity.md 1.3 "Accepted key material"). Parsing checks all of
 * that and the length of the key; whether the bytes are a valid point of the curve is checked by
 * the first {@link #publicKey()}, so a key that is never used costs nothing (decision 0007).
 *
 * <p>Immutable and thread-safe: {@link #json()} returns a copy, and concurrent first calls of
 * {@link #publicKey()} decode once. The constructor is for code that builds methods itself; it
 * throws {@code IllegalArgumentException} when the id has no fragment or the key does not fit the
 * type. Two methods are equal when id, type, controller, JSON and key bytes (as written) are.
 */
public final class VerificationMethod {
  private final String id;
  private final VerificationMethodType type;
  private final String controller;
  private final DeferredPublicKey key;
  private final ObjectNode json;

  /**
   * A method with an already decoded key.
   *
   * @param id the absolute DID URL of the method, with a fragment
   * @param type the verification method type
   * @param controller the DID of the controller
   * @param publicKey the public key; its type must match {@code type} where the type fixes one
   * @param json the JSON object of the method (copied)
   */
  public VerificationMethod(
      String id, VerificationMethodType type, String controller, PublicKeyMaterial publicKey, ObjectNode json) {
    this(id, type, controller, DeferredPublicKey.of(Objects.requireNonNull(publicKey, "publicKey")),
        Objects.requireNonNull(json, "json").deepCopy());
  }

  private VerificationMethod(
      String id, VerificationMethodType type, String controller, DeferredPublicKey key, ObjectNode json) {
    this.id = Objects.requireNonNull(id, "id");
    this.type = Objects.requireNonNull(type, "type");
    this.controller = Objects.requireNonNull(controller, "controller");
    this.key = key;
    this.json = json;
    if (id.indexOf('#') < 0) {
      throw new IllegalArgumentException("id needs a fragment: " + id);
    }
    type.keyType().ifPresent(required -> {
      if (key.type() != required) {
        throw new IllegalArgumentException(type.wireName() + " needs a " + required + " key, not " + key.type());
      }
    });
  }

  /**
   * Parses a standalone verification method object, e.g. the one carried in an E2E hello.
   *
   * @throws IdentityException {@code INVALID_DOCUMENT} for a missing or mistyped member or a
   *     non-absolute id, {@code UNSUPPORTED_VERIFICATION_METHOD} for an unknown type,
   *     {@code INVALID_KEY}, {@code UNSUPPORTED_KEY_TYPE} or {@code INVALID_ENCODING} for key
   *     material that does not decode, has the wrong length or does not fit the type
   */
  public static VerificationMethod fromJson(JsonNode json) {
    Objects.requireNonNull(json, "json");
    return parsed(VerificationMethodParser.parse(json.deepCopy(), "verificationMethod"));
  }

  // For parsers: the parts refer into a tree that the new method or its document owns.
  static VerificationMethod parsed(VerificationMethodParser.Parts parts) {
    return new VerificationMethod(parts.id(), parts.type(), parts.controller(), parts.key(), parts.json());
  }

  /** The absolute DID URL of the method, with a fragment. */
  public String id() {
    return id;
  }

  /** The verification method type. */
  public VerificationMethodType type() {
    return type;
  }

  /** The DID of the controller. */
  public String controller() {
    return controller;
  }

  /**
   * The public key; its type matches {@link #type()} where the type fixes one. Decoded by the
   * first call, the same object afterwards.
   *
   * @throws IdentityException {@code INVALID_KEY} naming the key member's JSON path if the key
   *     bytes are not a valid point (every call, for such a key)
   */
  public PublicKeyMaterial publicKey() {
    return key.get();
  }

  /** The fragment of {@link #id()} (the part after '#'). */
  public String fragment() {
    return id.substring(id.indexOf('#') + 1);
  }

  /** A copy of the JSON object as received. */
  public ObjectNode json() {
    return json.deepCopy();
  }

  @Override
  public boolean equals(Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof VerificationMethod)) {
      return false;
    }
    VerificationMethod other = (VerificationMethod) o;
    return id.equals(other.id)
        && type == other.type
        && controller.equals(other.controller)
        && key.equals(other.key)
        && json.equals(other.json);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, type, controller, key, json);
  }

  /** Id, type and controller; neither key nor JSON. */
  @Override
  public String toString() {
    return "VerificationMethod[id=" + id + ", type=" + type.wireName() + ", controller=" + controller + "]";
  }
}
