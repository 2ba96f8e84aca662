package org.anp.transport.messenger;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.agent.IdentityKey;
import org.anp.identity.agent.KeyRole;
import org.anp.identity.did.Service;
import org.anp.identity.did.Did;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.wba.DidWbaIdentity;

/**
 * The keys an {@link AgentMessenger} acts with: the local DID with the P-256 key that signs its
 * E2E hellos, and the router DID with the key that signs its {@code register} entry
 * (spec/e2e-transport.md 10.3). For did:wba a DID is its own router; for did:all the router is
 * the {@code router} of the document's {@code messageService}, usually the DID itself.
 *
 * <p>Security: holds private keys but does not own them (it never destroys them);
 * {@link #toString()} shows only DIDs and key ids. Immutable and thread-safe.
 */
public final class LocalIdentity {
  private final Did did;
  private final PrivateKeyMaterial e2eKey;
  private final String e2eKeyId;
  private final Did routerDid;
  private final PrivateKeyMaterial routerKey;
  private final String routerKeyId;

  private LocalIdentity(
      Did did, PrivateKeyMaterial e2eKey, String e2eKeyId, Did routerDid, PrivateKeyMaterial routerKey, String routerKeyId) {
    this.did = did;
    this.e2eKey = e2eKey;
    this.e2eKeyId = e2eKeyId;
    this.routerDid = routerDid;
    this.routerKey = routerKey;
    this.routerKeyId = routerKeyId;
  }

  /**
   * An identity from its parts.
   *
   * @param did the local DID
   * @param e2eKey the P-256 key of the verification method {@code e2eKeyId}, which signs hellos
   * @param e2eKeyId the absolute id of that method, {@code <did>#<fragment>}
   * @param routerDid the router DID to register (often {@code did} itself)
   * @param routerKey a signing key of the router's document (P-256, secp256k1 or Ed25519)
   * @param routerKeyId the absolute id of that method, {@code <routerDid>#<fragment>}
   * @throws IllegalArgumentException if the E2E key is not P-256, the router key cannot sign, or a
   *     key id is not under its DID
   */
  public static LocalIdentity of(
      Did did, PrivateKeyMaterial e2eKey, String e2eKeyId, Did routerDid, PrivateKeyMaterial routerKey, String routerKeyId) {
    Objects.requireNonNull(did, "did");
    Objects.requireNonNull(e2eKey, "e2eKey");
    Objects.requireNonNull(e2eKeyId, "e2eKeyId");
    Objects.requireNonNull(routerDid, "routerDid");
    Objects.requireNonNull(routerKey, "routerKey");
    Objects.requireNonNull(routerKeyId, "routerKeyId");
    if (e2eKey.type() != KeyType.SECP256R1) {
      throw new IllegalArgumentException("e2eKey: E2E hellos are signed with P-256, not " + e2eKey.type());
    }
    if (!e2eKeyId.startsWith(did + "#")) {
      throw new IllegalArgumentException("e2eKeyId: not under " + did);
    }
    if (!routerKey.type().canSign()) {
      throw new IllegalArgumentException("routerKey: " + routerKey.type() + " cannot sign");
    }
    if (!routerKeyId.startsWith(routerDid + "#")) {
      throw new IllegalArgumentException("routerKeyId: not under " + routerDid);
    }
    return new LocalIdentity(did, e2eKey, e2eKeyId, routerDid, routerKey, routerKeyId);
  }

  /**
   * An agent identity: hellos signed with its {@link KeyRole#E2E} key, the DID registered as its
   * own router with its {@link KeyRole#AUTHENTICATION} key (or the E2E key when it has none). The
   * roles are picked by {@link AgentIdentity}'s one rule.
   *
   * @throws IllegalArgumentException if the identity has no P-256 key for E2E, or its
   *     {@code messageService} names another DID as router (that DID's key is not part of the
   *     identity: use {@link #of})
   */
  public static LocalIdentity from(AgentIdentity identity) {
    Did did = identity.did();
    for (Service service : identity.document().services()) {
      String router = service.json().path("router").asText(did.toString());
      if (service.type().equals("messageService") && !router.equals(did.toString())) {
        throw new IllegalArgumentException("messageService router " + router + " is another DID; use LocalIdentity.of");
      }
    }
    IdentityKey e2e = identity.key(KeyRole.E2E).orElseThrow(() -> new IllegalArgumentException(
        "identity: " + did + " has no P-256 private key for end-to-end encryption"));
    IdentityKey router = identity.key(KeyRole.AUTHENTICATION).orElse(e2e);
    return of(did, e2e.privateKey(), e2e.id(), did, router.privateKey(), router.id());
  }

  /**
   * A did:wba identity as {@link DidWbaIdentity} creates it; the same keys as {@link
   * #from(AgentIdentity)} picks (hellos signed with {@code #key-2} when it is P-256).
   *
   * @throws IllegalArgumentException if the identity has no P-256 key
   */
  public static LocalIdentity from(DidWbaIdentity identity) {
    return from(AgentIdentity.from(identity));
  }

  /**
   * A did:all identity: hellos and the register entry signed with {@code #keys-1}.
   *
   * @throws IllegalArgumentException if the document's {@code messageService} names another DID
   *     as router (its key is not part of the identity: use {@link #of})
   */
  public static LocalIdentity from(DidAllIdentity identity) {
    return from(AgentIdentity.from(identity));
  }

  /** The local DID. */
  public Did did() {
    return did;
  }

  /** The P-256 key that signs this DID's E2E hellos. */
  public PrivateKeyMaterial e2eKey() {
    return e2eKey;
  }

  /** The verification-method id of {@link #e2eKey()}. */
  public String e2eKeyId() {
    return e2eKeyId;
  }

  /** The router DID registered with the relay. */
  public Did routerDid() {
    return routerDid;
  }

  /** The key that signs the register entry. */
  public PrivateKeyMaterial routerKey() {
    return routerKey;
  }

  /** The verification-method id of {@link #routerKey()}. */
  public String routerKeyId() {
    return routerKeyId;
  }

  @Override
  public String toString() {
    return "LocalIdentity[" + did + ", e2e " + e2eKeyId + ", router " + routerKeyId + "]";
  }
}
