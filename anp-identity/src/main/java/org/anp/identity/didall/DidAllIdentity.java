package org.anp.identity.didall;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.OptionalInt;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Hex;
import org.anp.identity.json.PyCompactSortedJson;
import org.anp.identity.internal.did.MessageServiceEndpoint;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;

/**
 * A freshly created did:all identity (spec/identity.md 2.2, 2.3): a P-256 key, the DID derived
 * from it, and the signed document with one verification method {@code #keys-1} ({@code
 * EcdsaSecp256r1VerificationKey2019}, {@code publicKeyHex}), {@code authentication}, an optional
 * {@code messageService} and an {@code EcdsaSecp256r1Signature2019} proof over the Python-sorted
 * compact JSON. {@link #toString()} never shows the key. Immutable and thread-safe;
 * {@link #document()} returns a copy.
 */
public final class DidAllIdentity {
  private final DidAll did;
  private final ObjectNode document;
  private final PrivateKeyMaterial privateKey;

  private DidAllIdentity(DidAll did, ObjectNode document, PrivateKeyMaterial privateKey) {
    this.did = did;
    this.document = document;
    this.privateKey = privateKey;
  }

  /** A builder with defaults: no hosting node, no messageService, spec-form publicKeyHex. */
  public static Builder builder() {
    return new Builder();
  }

  /** The DID. */
  public DidAll did() {
    return did;
  }

  /** A copy of the signed document. */
  public ObjectNode document() {
    return document.deepCopy();
  }

  /** The private key of {@code #keys-1}. */
  public PrivateKeyMaterial privateKey() {
    return privateKey;
  }

  @Override
  public String toString() {
    return "DidAllIdentity[" + did + "]";
  }

  /** Builds a {@link DidAllIdentity}. Not thread-safe. */
  public static final class Builder {
    private String host;
    private OptionalInt port = OptionalInt.empty();
    private String endpoint;
    private String router;
    private boolean doubledPrefix;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random;

    private Builder() {}

    /** The hosting node written after {@code @}. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The hosting node's port (needs a host). */
    public Builder port(int port) {
      this.port = OptionalInt.of(port);
      return this;
    }

    /**
     * Adds the {@code #communication} messageService entry.
     *
     * @param endpoint a {@code wss://} URL ({@code ws://} for loopback hosts only)
     * @param routerDid the router DID; use the identity's own DID by passing an empty string
     */
    public Builder messageService(String endpoint, String routerDid) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      this.router = Objects.requireNonNull(routerDid, "routerDid");
      return this;
    }

    /**
     * Writes {@code publicKeyHex} with the reference SDK's doubled {@code 0404} prefix (132
     * characters), which the SDK's document verifier expects. Off by default (spec form, 130).
     */
    public Builder sdkCompatibleDoubledPublicKeyHex() {
      this.doubledPrefix = true;
      return this;
    }

    /** The clock for {@code proof.created}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The randomness for key generation. */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Generates the key and signs the document.
     *
     * @throws IllegalArgumentException for a port without host or an endpoint that is not {@code wss://} (or
     *     {@code ws://} to a loopback host)
     */
    public DidAllIdentity build() {
      if (port.isPresent() && host == null) {
        throw new IllegalArgumentException("a port needs a host");
      }
      if (endpoint != null) {
        MessageServiceEndpoint.check(endpoint);
      }
      PrivateKeyMaterial key =
          PrivateKeyMaterial.generate(
              KeyType.SECP256R1, random != null ? random : new SecureRandom());
      DidAll did = DidAll.fromPublicKey(key.publicKey());
      if (host != null) {
        did = did.withHost(host, port);
      }
      String id = did.toString();
      String vmId = id + "#keys-1";
      String hex = Hex.encode(key.publicKey().raw());
      JsonNodeFactory f = JsonNodeFactory.instance;
      ObjectNode doc = f.objectNode();
      doc.put("@context", "https://www.w3.org/ns/did/v1");
      doc.put("id", id);
      ObjectNode vm = doc.putArray("verificationMethod").addObject();
      vm.put("id", vmId);
      vm.put("type", "EcdsaSecp256r1VerificationKey2019");
      vm.put("controller", id);
      vm.put("publicKeyHex", doubledPrefix ? "04" + hex : hex);
      doc.putArray("authentication").add(vmId);
      if (endpoint != null) {
        ObjectNode ms = doc.putArray("service").addObject();
        ms.put("id", id + "#communication");
        ms.put("type", "messageService");
        ms.put("router", router.isEmpty() ? id : router);
        ms.put("serviceEndpoint", endpoint);
      }
      return new DidAllIdentity(did, signDocument(doc, key, vmId, clock.instant()), key);
    }
  }

  /**
   * Signs a did:all document as {@link Builder#build()} does (spec/identity.md 2.3): adds an
   * {@code EcdsaSecp256r1Signature2019} proof made by {@code verificationMethodId} over the
   * Python-sorted compact JSON of the document with the proof but without its value. For code that
   * changes a document and signs it again; {@link DidAllDocumentVerifier} checks the result.
   *
   * @param documentWithoutProof the document; must not contain {@code proof}
   * @param key the P-256 key of {@code verificationMethodId}
   * @param created the proof's creation time (truncated to the second)
   * @return a signed copy
   * @throws IllegalArgumentException if the document already has a proof or the key is not P-256
   */
  public static ObjectNode signDocument(
      ObjectNode documentWithoutProof, PrivateKeyMaterial key, String verificationMethodId, Instant created) {
    Objects.requireNonNull(documentWithoutProof, "documentWithoutProof");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(verificationMethodId, "verificationMethodId");
    Objects.requireNonNull(created, "created");
    if (documentWithoutProof.has("proof")) {
      throw new IllegalArgumentException("document already has a proof");
    }
    if (key.type() != KeyType.SECP256R1) {
      throw new IllegalArgumentException("did:all documents are signed with P-256, not " + key.type());
    }
    ObjectNode doc = documentWithoutProof.deepCopy();
    ObjectNode proof = doc.putObject("proof");
    proof.put("type", "EcdsaSecp256r1Signature2019");
    proof.put("created", created.truncatedTo(ChronoUnit.SECONDS).toString());
    proof.put("proofPurpose", "assertionMethod");
    proof.put("verificationMethod", verificationMethodId);
    byte[] signature = key.sign(PyCompactSortedJson.bytes(doc));
    proof.put("proofValue", Base64Codec.encodeUrl(signature));
    return doc;
  }
}
