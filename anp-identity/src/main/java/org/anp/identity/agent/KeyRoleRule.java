package org.anp.identity.agent;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.did.VerificationRelationship;
import org.anp.identity.internal.agent.OwnMethods;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;

/**
 * The one rule that picks which private key serves which {@link KeyRole}; its Javadoc is the
 * specification (decision 0014). Before it existed the CLI, the messenger and the benchmarks each
 * guessed from fragment names ({@code key-2}, {@code keys-1}, {@code key-1}).
 */
final class KeyRoleRule {
  private KeyRoleRule() {}

  /** The key of each role this identity can serve; a role without a usable key is absent. */
  static Map<KeyRole, IdentityKey> pick(DidDocument document, Map<String, PrivateKeyMaterial> keys) {
    Map<KeyRole, IdentityKey> roles = new EnumMap<>(KeyRole.class);
    Optional<IdentityKey> authentication = firstSigning(document, keys, VerificationRelationship.AUTHENTICATION);
    authentication.ifPresent(k -> roles.put(KeyRole.AUTHENTICATION, k));
    firstSigning(document, keys, VerificationRelationship.ASSERTION_METHOD)
        .or(() -> authentication)
        .ifPresent(k -> roles.put(KeyRole.ASSERTION, k));
    e2e(document, keys).ifPresent(k -> roles.put(KeyRole.E2E, k));
    return roles;
  }

  private static Optional<IdentityKey> firstSigning(
      DidDocument document, Map<String, PrivateKeyMaterial> keys, VerificationRelationship relationship) {
    String prefix = document.id() + "#";
    for (VerificationMethod m : document.methods(relationship)) {
      PrivateKeyMaterial key = keys.get(m.fragment());
      if (m.id().startsWith(prefix) && key != null && key.type().canSign()) {
        return Optional.of(new IdentityKey(m, key));
      }
    }
    return Optional.empty();
  }

  private static Optional<IdentityKey> e2e(DidDocument document, Map<String, PrivateKeyMaterial> keys) {
    IdentityKey best = null;
    int bestTier = Integer.MAX_VALUE;
    for (VerificationMethod m : OwnMethods.of(document)) {
      PrivateKeyMaterial key = keys.get(m.fragment());
      if (key == null || key.type() != KeyType.SECP256R1) {
        continue;
      }
      int tier = e2eTier(document, m);
      if (tier < bestTier) {
        best = new IdentityKey(m, key);
        bestTier = tier;
      }
    }
    return Optional.ofNullable(best);
  }

  // 0: listed for key agreement; 1: a dedicated key listed nowhere; 2: a key that also
  // authenticates or asserts (the only P-256 key of a did:all or P-256 did:wba document).
  private static int e2eTier(DidDocument document, VerificationMethod m) {
    if (document.method(VerificationRelationship.KEY_AGREEMENT, m.id()).isPresent()) {
      return 0;
    }
    for (VerificationRelationship r : VerificationRelationship.values()) {
      if (document.method(r, m.id()).isPresent()) {
        return 2;
      }
    }
    return 1;
  }
}
