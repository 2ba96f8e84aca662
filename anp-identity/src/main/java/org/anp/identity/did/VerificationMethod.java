package org.anp.identity.did;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.anp.identity.IdentityException;
import org.anp.identity.internal.did.VerificationMethodParser;
import org.anp.identity.keys.PublicKeyMaterial;

/**
 * One verification method of a DID document (W3C DID Core 1.0 section 5.2) with its public key
 * decoded once, at parse time, so that repeated verifications reuse the decoded key.
 *
 * <p>Accepted key fields are {@code publicKeyJwk}, {@code publicKeyMultibase},
 * {@code publicKeyBase58} and {@code publicKeyHex} (the last one only for the two ECDSA types,
 * including the did:all reference SDK's doubled {@code 0404} prefix); exactly one must be present
 * and it must fit the type (spec/identity.md 1.3 "Accepted key material").
 *
 * <p>Immutable and thread-safe: {@link #json()} returns a copy. The constructor is for code that
 * builds methods itself; it throws {@code IllegalArgumentException} when the id has no fragment or
 * the key does not fit the type.
 *
 * @param id the absolute DID URL of the method, with a fragment
 * @param type the verification method type
 * @param controller the DID of the controller
 * @param publicKey the decoded public key; its type matches {@code type} where the type fixes one
 * @param json the JSON object as received, unknown members included
 */
public record VerificationMethod(
    String id, VerificationMethodType type, String controller, PublicKeyMaterial publicKey, ObjectNode json) {

  public VerificationMethod {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(controller, "controller");
    Objects.requireNonNull(publicKey, "publicKey");
    if (id.indexOf('#') < 0) {
      throw new IllegalArgumentException("id needs a fragment: " + id);
    }
    type.keyType().ifPresent(required -> {
      if (publicKey.type() != required) {
        throw new IllegalArgumentException(type.wireName() + " needs a " + required + " key, not " + publicKey.type());
      }
    });
    json = Objects.requireNonNull(json, "json").deepCopy();
  }

  /**
   * Parses a standalone verification method object, e.g. the one carried in an E2E hello.
   *
   * @throws IdentityException {@code INVALID_DOCUMENT} for a missing or mistyped member or a
   *     non-absolute id, {@code UNSUPPORTED_VERIFICATION_METHOD} for an unknown type,
   *     {@code INVALID_KEY}, {@code UNSUPPORTED_KEY_TYPE} or {@code INVALID_ENCODING} for key
   *     material that does not decode or does not fit the type
   */
  public static VerificationMethod fromJson(JsonNode json) {
    Objects.requireNonNull(json, "json");
    return VerificationMethodParser.parse(json, "verificationMethod");
  }

  /** The fragment of {@link #id()} (the part after '#'). */
  public String fragment() {
    return id.substring(id.indexOf('#') + 1);
  }

  /** A copy of the JSON object as received. */
  @Override
  public ObjectNode json() {
    return json.deepCopy();
  }
}
