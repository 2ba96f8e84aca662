package org.anp.application.registry;

import java.util.Objects;
import java.util.Set;

/**
 * Which publishers' packages an agent loads: asked with the verified publisher DID and the
 * package name before a {@link RegistryClient} returns anything.
 */
@FunctionalInterface
public interface TrustPolicy {
  /** Whether packages named {@code name} signed by {@code publisherDid} may be loaded. */
  boolean trusts(String publisherDid, String name);

  /** Trusts exactly the DIDs given, for any package name. */
  static TrustPolicy publishers(Set<String> dids) {
    Set<String> copy = Set.copyOf(dids);
    return (did, name) -> copy.contains(Objects.requireNonNull(did, "did"));
  }
}
