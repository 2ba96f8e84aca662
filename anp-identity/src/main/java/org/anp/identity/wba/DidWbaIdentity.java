package org.anp.identity.wba;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.anp.identity.codec.Multibase;
import org.anp.identity.codec.Multicodec;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.internal.did.MessageServiceEndpoint;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.identity.proof.DocumentProofs;
import org.anp.identity.proof.ProofSuite;

/**
 * A freshly created did:wba identity: the signed DID document and the private keys of its
 * verification methods, by fragment ({@code key-1} signs; {@code key-2} P-256 and {@code key-3}
 * X25519 are the E2EE keys). {@link #toString()} never shows key material.
 *
 * <p>Documents mirror the reference SDK's {@code create_did_wba_document} (contexts, VM types,
 * {@code #ad} AgentDescription service); the {@code messageService} entry follows
 * spec/README.md #26. JWK {@code kid}s are RFC 7638 thumbprints (spec/README.md #5). Immutable
 * and thread-safe.
 */
public final class DidWbaIdentity {
  static final String DID_V1 = "https://www.w3.org/ns/did/v1";
  static final String JWS_2020 = "https://w3id.org/security/suites/jws-2020/v1";
  static final String SECP256K1_2019 = "https://w3id.org/security/suites/secp256k1-2019/v1";
  static final String DATA_INTEGRITY = "https://w3id.org/security/data-integrity/v2";
  static final String MULTIKEY = "https://w3id.org/security/multikey/v1";
  static final String X25519_2019 = "https://w3id.org/security/suites/x25519-2019/v1";

  private final DidWba didWba;
  private final DidDocument document;
  private final Map<String, PrivateKeyMaterial> privateKeys;

  private DidWbaIdentity(
      DidWba didWba, DidDocument document, Map<String, PrivateKeyMaterial> privateKeys) {
    this.didWba = didWba;
    this.document = document;
    this.privateKeys = Collections.unmodifiableMap(new LinkedHashMap<>(privateKeys));
  }

  /** A builder; {@link Builder#host} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The DID. */
  public Did did() {
    return didWba.toDid();
  }

  /** The DID's parts. */
  public DidWba didWba() {
    return didWba;
  }

  /** The signed DID document. */
  public DidDocument document() {
    return document;
  }

  /** The private keys by fragment ({@code key-1}, ...), in document order. */
  public Map<String, PrivateKeyMaterial> privateKeys() {
    return privateKeys;
  }

  /** The private key of the verification method with this fragment. */
  public Optional<PrivateKeyMaterial> privateKey(String fragment) {
    return Optional.ofNullable(privateKeys.get(fragment));
  }

  @Override
  public String toString() {
    return "DidWbaIdentity[" + didWba + ", keys=" + privateKeys.keySet() + "]";
  }

  /**
   * Builds a {@link DidWbaIdentity}. The key type and profile select the layout: {@code ED25519}
   * is {@link DidWbaProfile#E1} (the default), {@code SECP256K1} is {@link DidWbaProfile#K1} unless
   * {@link DidWbaProfile#PLAIN_LEGACY} is asked for, and {@code SECP256R1} (no profile) writes a
   * P-256 JWK {@code key-1} ({@code EcdsaSecp256r1VerificationKey2019}) signed with {@code
   * ecdsa-jcs-2019}. Not thread-safe.
   */
  public static final class Builder {
    private String host;
    private OptionalInt port = OptionalInt.empty();
    private List<String> path = List.of();
    private DidWbaProfile profile;
    private KeyType keyType;
    private String agentDescriptionUrl;
    private String messageServiceEndpoint;
    private String messageRouter;
    private boolean e2eeKeys = true;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random;

    private Builder() {}

    /** The host name (required); lower-cased. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port written into the DID as {@code %3A<port>}. */
    public Builder port(int port) {
      this.port = OptionalInt.of(port);
      return this;
    }

    /** The path segments; a key-bound profile appends its binding segment. */
    public Builder path(List<String> segments) {
      this.path = List.copyOf(segments);
      return this;
    }

    /** The path as {@code a/b} or {@code a:b}; empty for none. */
    public Builder path(String path) {
      Objects.requireNonNull(path, "path");
      this.path = path.isEmpty() ? List.of() : List.of(path.split("[/:]", -1));
      return this;
    }

    /** The document layout. */
    public Builder profile(DidWbaProfile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /** The type of the signing key {@code key-1}. */
    public Builder keyType(KeyType keyType) {
      this.keyType = Objects.requireNonNull(keyType, "keyType");
      return this;
    }

    /** Adds the {@code #ad} AgentDescription service pointing at this URL. */
    public Builder agentDescriptionUrl(String url) {
      this.agentDescriptionUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /** Adds a {@code #communication} messageService entry with this {@code wss://} endpoint ({@code
     * ws://} is accepted for loopback hosts only). */
    public Builder messageService(String endpoint) {
      this.messageServiceEndpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** Adds a messageService entry with an endpoint and a {@code router} DID. */
    public Builder messageService(String endpoint, String routerDid) {
      this.messageServiceEndpoint = Objects.requireNonNull(endpoint, "endpoint");
      this.messageRouter = Objects.requireNonNull(routerDid, "routerDid");
      return this;
    }

    /** Whether to add the E2EE keys {@code key-2} (P-256) and {@code key-3} (X25519); default on. */
    public Builder e2eeKeys(boolean enabled) {
      this.e2eeKeys = enabled;
      return this;
    }

    /** The clock for {@code proof.created}; default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The randomness for key generation; default a new {@link SecureRandom}. */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Generates the keys and signs the document.
     *
     * @throws IllegalStateException if the host is missing
     * @throws IllegalArgumentException for a profile/key-type combination that does not exist, a
     *     messageService endpoint that is not {@code wss://} (or {@code ws://} to a loopback host)
     * @throws org.anp.identity.IdentityException {@code INVALID_DID} for a bad host, port or path
     */
    public DidWbaIdentity build() {
      if (host == null) {
        throw new IllegalStateException("host is required");
      }
      KeyType type = resolveKeyType();
      DidWbaProfile layout = resolveProfile(type);
      if (messageServiceEndpoint != null) {
        MessageServiceEndpoint.check(messageServiceEndpoint);
      }
      SecureRandom rng = random != null ? random : new SecureRandom();
      DidWba.of(host, port, path); // validates the parts before keys are generated
      PrivateKeyMaterial signing = PrivateKeyMaterial.generate(type, rng);
      List<String> segments = new ArrayList<>(path);
      Optional<String> prefix = layout == null ? Optional.empty() : layout.bindingPrefix();
      if (prefix.isPresent() && !path.isEmpty()) {
        segments.add(prefix.get() + signing.publicKey().jwkThumbprint());
      }
      DidWba didWba = DidWba.of(host, port, segments);
      String did = didWba.toString();

      Map<String, PrivateKeyMaterial> keys = new LinkedHashMap<>();
      keys.put("key-1", signing);
      if (e2eeKeys) {
        keys.put("key-2", PrivateKeyMaterial.generate(KeyType.SECP256R1, rng));
        keys.put("key-3", PrivateKeyMaterial.generate(KeyType.X25519, rng));
      }

      JsonNodeFactory f = JsonNodeFactory.instance;
      ObjectNode doc = f.objectNode();
      ArrayNode contexts = doc.putArray("@context");
      contexts.add(DID_V1);
      if (type == KeyType.ED25519) {
        contexts.add(DATA_INTEGRITY).add(MULTIKEY);
      } else {
        contexts.add(JWS_2020);
        if (type == KeyType.SECP256K1) {
          contexts.add(SECP256K1_2019);
        }
        if (layout != DidWbaProfile.PLAIN_LEGACY) {
          contexts.add(DATA_INTEGRITY);
        }
      }
      if (e2eeKeys) {
        contexts.add(X25519_2019);
      }
      doc.put("id", did);
      ArrayNode methods = doc.putArray("verificationMethod");
      methods.add(signingMethod(did, signing.publicKey()));
      if (e2eeKeys) {
        ObjectNode key2 = methods.addObject();
        key2.put("id", did + "#key-2");
        key2.put("type", "EcdsaSecp256r1VerificationKey2019");
        key2.put("controller", did);
        key2.set("publicKeyJwk", keys.get("key-2").publicKey().toJwk());
        ObjectNode key3 = methods.addObject();
        key3.put("id", did + "#key-3");
        key3.put("type", "X25519KeyAgreementKey2019");
        key3.put("controller", did);
        key3.put(
            "publicKeyMultibase",
            Multibase.encodeBase58Btc(keys.get("key-3").publicKey().raw()));
      }
      doc.putArray("authentication").add(did + "#key-1");
      if (layout != DidWbaProfile.PLAIN_LEGACY) {
        doc.putArray("assertionMethod").add(did + "#key-1");
      }
      if (e2eeKeys) {
        doc.putArray("keyAgreement").add(did + "#key-3");
      }
      if (agentDescriptionUrl != null || messageServiceEndpoint != null) {
        ArrayNode services = doc.putArray("service");
        if (agentDescriptionUrl != null) {
          ObjectNode ad = services.addObject();
          ad.put("id", did + "#ad");
          ad.put("type", "AgentDescription");
          ad.put("serviceEndpoint", agentDescriptionUrl);
        }
        if (messageServiceEndpoint != null) {
          ObjectNode ms = services.addObject();
          ms.put("id", did + "#communication");
          ms.put("type", "messageService");
          if (messageRouter != null) {
            ms.put("router", messageRouter);
          }
          ms.put("serviceEndpoint", messageServiceEndpoint);
        }
      }
      ProofSuite suite = layout != null ? layout.proofSuite() : ProofSuite.ECDSA_JCS_2019;
      ObjectNode signed = DocumentProofs.sign(doc, signing, did + "#key-1", suite, clock.instant());
      return new DidWbaIdentity(didWba, DidDocument.fromJson(signed), keys);
    }

    private KeyType resolveKeyType() {
      if (keyType != null) {
        if (profile != null && profile.keyType() != keyType) {
          throw new IllegalArgumentException(
              "profile " + profile + " needs a " + profile.keyType() + " key, not " + keyType);
        }
        if (!keyType.canSign()) {
          throw new IllegalArgumentException(keyType + " keys cannot sign a DID document");
        }
        return keyType;
      }
      return profile != null ? profile.keyType() : KeyType.ED25519;
    }

    /** The profile for the key type; null for the P-256 layout, which has no SDK profile. */
    private DidWbaProfile resolveProfile(KeyType type) {
      if (profile != null) {
        return profile;
      }
      return switch (type) {
        case ED25519 -> DidWbaProfile.E1;
        case SECP256K1 -> DidWbaProfile.K1;
        default -> null;
      };
    }

    private static ObjectNode signingMethod(String did, PublicKeyMaterial key) {
      ObjectNode vm = JsonNodeFactory.instance.objectNode();
      vm.put("id", did + "#key-1");
      switch (key.type()) {
        case ED25519 -> {
          vm.put("type", "Multikey");
          vm.put("controller", did);
          vm.put(
              "publicKeyMultibase",
              Multibase.encodeBase58Btc(Multicodec.ED25519_PUB.addPrefix(key.raw())));
        }
        case SECP256K1, SECP256R1 -> {
          vm.put(
              "type",
              key.type() == KeyType.SECP256K1
                  ? "EcdsaSecp256k1VerificationKey2019"
                  : "EcdsaSecp256r1VerificationKey2019");
          vm.put("controller", did);
          ObjectNode jwk = key.toJwk();
          jwk.put("kid", key.jwkThumbprint());
          vm.set("publicKeyJwk", jwk);
        }
        default -> throw new IllegalArgumentException(key.type() + " cannot sign");
      }
      return vm;
    }
  }
}
