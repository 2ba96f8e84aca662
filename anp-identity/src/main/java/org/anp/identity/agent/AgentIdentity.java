package org.anp.identity.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.did.VerificationRelationship;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.didkey.DidKey;
import org.anp.identity.internal.agent.MethodRules;
import org.anp.identity.internal.agent.OwnMethods;
import org.anp.identity.internal.agent.VerificationMethodKeys;
import org.anp.identity.internal.did.MessageServiceEndpoint;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.wba.DidWbaIdentity;

/**
 * One agent's identity: its DID, its DID document and the private keys of the document's
 * verification methods, with the key that serves each {@link KeyRole} picked by one rule (see
 * {@link KeyRole}). Any DID method works: did:wba, did:all and did:key have their own document
 * checks and proofs, any other method (did:web) is treated generically (a Data Integrity proof if
 * the document has one). Created by the method builders ({@link #from(DidWbaIdentity)}, {@link
 * #from(DidAllIdentity)}, {@link #generateDidKey}), loaded and stored through an {@link
 * IdentityStore}, changed and signed again through {@link #toBuilder()}.
 *
 * <p>Every instance is consistent: each private key is the key of its verification method, and
 * the document passes its method's checks (id, key binding, proof), so what this identity signs
 * verifies against {@link #document()}.
 *
 * <p>Security: {@link #toString()} shows the DID and key ids, never key material. The identity
 * does not destroy its keys; a caller that destroys one makes the identity unusable. Immutable
 * and thread-safe.
 */
public final class AgentIdentity {
  private final DidDocument document;
  private final Map<String, PrivateKeyMaterial> privateKeys;
  private final Map<KeyRole, IdentityKey> roles;

  private AgentIdentity(DidDocument document, Map<String, PrivateKeyMaterial> privateKeys) {
    this.document = document;
    this.privateKeys = Collections.unmodifiableMap(privateKeys);
    this.roles = Collections.unmodifiableMap(new EnumMap<>(KeyRoleRule.pick(document, privateKeys)));
  }

  /**
   * An identity from a document and the private keys of some of its verification methods, by
   * fragment.
   *
   * @throws IllegalArgumentException if {@code privateKeys} is empty
   * @throws IdentityException {@code INVALID_KEY} if a fragment names no verification method of
   *     the DID or a key is not the method's key; the method's document check ({@code
   *     INVALID_DOCUMENT}, {@code KEY_BINDING_MISMATCH}, {@code INVALID_PROOF}, ...) otherwise
   */
  public static AgentIdentity of(DidDocument document, Map<String, PrivateKeyMaterial> privateKeys) {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(privateKeys, "privateKeys");
    if (privateKeys.isEmpty()) {
      throw new IllegalArgumentException("privateKeys: an identity needs at least one private key");
    }
    Map<String, PrivateKeyMaterial> ordered = new LinkedHashMap<>();
    for (VerificationMethod method : OwnMethods.of(document)) {
      PrivateKeyMaterial key = privateKeys.get(method.fragment());
      if (key == null) {
        continue;
      }
      if (!method.publicKey().equals(key.publicKey())) {
        throw new IdentityException(
            IdentityError.INVALID_KEY, method.fragment() + ": the private key is not the key of " + method.id());
      }
      ordered.put(method.fragment(), key);
    }
    for (String fragment : privateKeys.keySet()) {
      if (!ordered.containsKey(fragment)) {
        throw new IdentityException(
            IdentityError.INVALID_KEY, fragment + ": no verification method " + document.id() + "#" + fragment);
      }
    }
    MethodRules.forMethod(document.id().method()).verify(document);
    return new AgentIdentity(document, ordered);
  }

  /** The identity a did:wba builder created. */
  public static AgentIdentity from(DidWbaIdentity identity) {
    Objects.requireNonNull(identity, "identity");
    return of(identity.document(), identity.privateKeys());
  }

  /** The identity a did:all builder created. */
  public static AgentIdentity from(DidAllIdentity identity) {
    Objects.requireNonNull(identity, "identity");
    return of(DidDocument.fromJson(identity.document()), Map.of("keys-1", identity.privateKey()));
  }

  /**
   * A new did:key identity: a fresh key of {@code type} and the document did:key derives from it
   * (a P-256 key also serves {@link KeyRole#E2E}; an Ed25519 or secp256k1 one does not).
   *
   * @throws IllegalArgumentException for a type that cannot sign (X25519)
   */
  public static AgentIdentity generateDidKey(KeyType type, SecureRandom random) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(random, "random");
    if (!type.canSign()) {
      throw new IllegalArgumentException(type + " keys cannot authenticate an agent");
    }
    PrivateKeyMaterial key = PrivateKeyMaterial.generate(type, random);
    DidDocument document = DidKey.document(DidKey.from(key.publicKey()));
    return of(document, Map.of(document.verificationMethods().get(0).fragment(), key));
  }

  /** The DID. */
  public Did did() {
    return document.id();
  }

  /** The signed DID document (unsigned for did:key). */
  public DidDocument document() {
    return document;
  }

  /** The private keys by verification-method fragment, in document order. */
  public Map<String, PrivateKeyMaterial> privateKeys() {
    return privateKeys;
  }

  /** The private key of the verification method with this fragment. */
  public Optional<PrivateKeyMaterial> privateKey(String fragment) {
    return Optional.ofNullable(privateKeys.get(Objects.requireNonNull(fragment, "fragment")));
  }

  /** The key serving {@code role}, if this identity holds one (see {@link KeyRole}). */
  public Optional<IdentityKey> key(KeyRole role) {
    return Optional.ofNullable(roles.get(Objects.requireNonNull(role, "role")));
  }

  /**
   * The key serving {@code role}.
   *
   * @throws IdentityException {@code KEY_ROLE_MISSING} naming the role and the DID
   */
  public IdentityKey requireKey(KeyRole role) {
    return key(role)
        .orElseThrow(() -> new IdentityException(IdentityError.KEY_ROLE_MISSING, missing(role, document)));
  }

  /** A builder seeded with this identity, to change its document and sign it again. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("AgentIdentity[").append(did());
    roles.forEach((role, key) -> s.append(", ").append(role).append('=').append(key.fragment()));
    return s.append(']').toString();
  }

  private static String missing(KeyRole role, DidDocument document) {
    return switch (role) {
      case AUTHENTICATION -> document.id() + ": no private key of an authentication method that can sign";
      case ASSERTION -> document.id() + ": no private key that can sign the document";
      case E2E -> document.id() + ": no P-256 private key for end-to-end encryption";
    };
  }

  /**
   * Changes an identity's document (services, keys) and signs it again as its DID method requires:
   * a did:wba document gets a new proof with the suite of the old one, a did:all document a new
   * {@code EcdsaSecp256r1Signature2019} proof, a document of another method a new Data Integrity
   * proof if it had a proof; a did:key document cannot change. The proof is made by the {@link
   * KeyRole#ASSERTION} key of the changed document. Not thread-safe.
   */
  public static final class Builder {
    private final Did did;
    private final ObjectNode json;
    private final Optional<ObjectNode> previousProof;
    private final Map<String, PrivateKeyMaterial> keys;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random;

    private Builder(AgentIdentity base) {
      this.did = base.did();
      this.json = base.document.jsonWithoutProof();
      JsonNode proof = base.document.json().get("proof");
      this.previousProof = proof != null && proof.isObject() ? Optional.of((ObjectNode) proof) : Optional.empty();
      this.keys = new LinkedHashMap<>(base.privateKeys);
    }

    /**
     * Adds the service {@code <did>#<fragment>} or replaces the service with that id.
     *
     * @throws IllegalArgumentException for a {@code messageService} endpoint that is not {@code
     *     wss://} (or {@code ws://} to a loopback host)
     */
    public Builder service(String fragment, String type, String endpoint) {
      Objects.requireNonNull(fragment, "fragment");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(endpoint, "endpoint");
      if (type.equals("messageService")) {
        MessageServiceEndpoint.check(endpoint);
      }
      ObjectNode entry = json.objectNode();
      entry.put("id", did + "#" + fragment);
      entry.put("type", type);
      entry.put("serviceEndpoint", endpoint);
      return service(entry);
    }

    /**
     * Adds a service entry as given (extra members such as {@code router} kept), or replaces the
     * service with the same id; {@code id} is {@code <did>#<fragment>} or {@code #<fragment>}.
     *
     * @throws IllegalArgumentException if {@code id} or {@code type} is missing or the id is
     *     another DID's
     */
    public Builder service(ObjectNode entry) {
      Objects.requireNonNull(entry, "entry");
      String fragment = serviceFragment(entry.path("id").asText(""));
      if (!entry.path("type").isTextual()) {
        throw new IllegalArgumentException("service.type: missing or not a string");
      }
      ArrayNode services = services();
      for (int i = 0; i < services.size(); i++) {
        if (isService(services.get(i), fragment)) {
          services.set(i, entry.deepCopy());
          return this;
        }
      }
      services.add(entry.deepCopy());
      return this;
    }

    /** Removes the service {@code <did>#<fragment>}, if present. */
    public Builder removeService(String fragment) {
      Objects.requireNonNull(fragment, "fragment");
      ArrayNode services = services();
      for (int i = services.size() - 1; i >= 0; i--) {
        if (isService(services.get(i), fragment)) {
          services.remove(i);
        }
      }
      if (services.isEmpty()) {
        json.remove("service");
      }
      return this;
    }

    /**
     * Gives the verification method serving {@code role} a fresh key of the same type (the
     * method keeps its id and relationships, so a key it shares with other roles changes for them
     * too; decision 0014).
     *
     * @throws IdentityException {@code KEY_ROLE_MISSING} if no key serves the role, {@code
     *     KEY_BINDING_MISMATCH} if the DID is derived from that key (did:key, did:all, the bound
     *     key of an {@code e1_}/{@code k1_} did:wba)
     */
    public Builder rotateKey(KeyRole role) {
      IdentityKey current = current(role);
      return rotateKey(role, PrivateKeyMaterial.generate(current.privateKey().type(), random()));
    }

    /**
     * As {@link #rotateKey(KeyRole)}, with a given new key.
     *
     * @throws IllegalArgumentException if {@code newKey} has another type than the key it replaces
     */
    public Builder rotateKey(KeyRole role, PrivateKeyMaterial newKey) {
      Objects.requireNonNull(newKey, "newKey");
      IdentityKey current = current(role);
      if (newKey.type() != current.privateKey().type()) {
        throw new IllegalArgumentException(
            "newKey: " + current.id() + " holds a " + current.privateKey().type() + " key, not " + newKey.type());
      }
      MethodRules.forMethod(did.method()).checkKeyChange(DidDocument.fromJson(json), current.method());
      replaceMethod(json, current, newKey);
      keys.put(current.fragment(), newKey);
      return this;
    }

    /** The clock for the proof's {@code created}; default the UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The randomness for new keys; default a new {@link SecureRandom}. */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Signs the changed document.
     *
     * @throws IdentityException {@code KEY_ROLE_MISSING} if no key can sign the document; the
     *     document check of {@link AgentIdentity#of} (e.g. {@code INVALID_DOCUMENT} for a changed
     *     did:key document)
     */
    public AgentIdentity build() {
      DidDocument unsigned = DidDocument.fromJson(json);
      IdentityKey signer = Optional.ofNullable(KeyRoleRule.pick(unsigned, keys).get(KeyRole.ASSERTION))
          .orElseThrow(() -> new IdentityException(IdentityError.KEY_ROLE_MISSING, missing(KeyRole.ASSERTION, unsigned)));
      DidDocument sealed = MethodRules.forMethod(did.method())
          .seal(json.deepCopy(), previousProof, signer.id(), signer.privateKey(), clock.instant());
      return of(sealed, keys);
    }

    private IdentityKey current(KeyRole role) {
      Objects.requireNonNull(role, "role");
      DidDocument current = DidDocument.fromJson(json);
      IdentityKey key = KeyRoleRule.pick(current, keys).get(role);
      if (key == null) {
        throw new IdentityException(IdentityError.KEY_ROLE_MISSING, missing(role, current));
      }
      return key;
    }

    private SecureRandom random() {
      if (random == null) {
        random = new SecureRandom();
      }
      return random;
    }

    private ArrayNode services() {
      JsonNode services = json.get("service");
      if (services == null || !services.isArray()) {
        return json.putArray("service");
      }
      return (ArrayNode) services;
    }

    private String serviceFragment(String id) {
      String absolute = did + "#";
      if (id.startsWith(absolute) && id.length() > absolute.length()) {
        return id.substring(absolute.length());
      }
      if (id.startsWith("#") && id.length() > 1) {
        return id.substring(1);
      }
      throw new IllegalArgumentException("service.id: expected " + did + "#<fragment> or #<fragment>, got '" + id + "'");
    }

    private boolean isService(JsonNode entry, String fragment) {
      String id = entry.path("id").asText("");
      return id.equals("#" + fragment) || id.equals(did + "#" + fragment);
    }

    // The method may be listed in verificationMethod and embedded in relationships; each copy
    // gets the new key.
    private static void replaceMethod(JsonNode node, IdentityKey current, PrivateKeyMaterial newKey) {
      if (node.isArray()) {
        ArrayNode array = (ArrayNode) node;
        for (int i = 0; i < array.size(); i++) {
          JsonNode entry = array.get(i);
          if (entry.isObject() && isMethod(entry, current)) {
            array.set(i, VerificationMethodKeys.withKey((ObjectNode) entry, newKey.publicKey()));
          }
        }
      } else if (node.isObject()) {
        replaceMethod(node.path("verificationMethod"), current, newKey);
        for (VerificationRelationship relationship : VerificationRelationship.values()) {
          replaceMethod(node.path(relationship.propertyName()), current, newKey);
        }
      }
    }

    private static boolean isMethod(JsonNode entry, IdentityKey key) {
      String id = entry.path("id").asText("");
      return id.equals(key.id()) || id.equals("#" + key.fragment());
    }
  }
}
