package org.anp.meta.negotiation;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;

/**
 * What two agents may use in one E2E session: the meta-protocol version and the optional
 * capabilities both announced (spec/meta-protocol.md §5: an optional feature is used only if
 * both lists contain it). Immutable.
 *
 * @param version the meta-protocol version in use
 * @param shared the capabilities both sides support
 */
public record SessionCapabilities(String version, Set<MetaCapability> shared) {
  /** Version 1.0, no optional capability: what a peer that sent no block can be assumed to do. */
  public static final SessionCapabilities MANDATORY_ONLY =
      new SessionCapabilities(MetaProtocolBlock.VERSION_1_0, Set.of());

  public SessionCapabilities {
    Objects.requireNonNull(version, "version");
    shared =
        shared.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(shared));
  }

  /**
   * The capabilities of a session between the local and the peer's hello blocks.
   *
   * @throws MetaProtocolException {@code UNSUPPORTED_VERSION} if either block names a version
   *     other than 1.0, the only one this side speaks (spec §1: reject rather than guess)
   */
  public static SessionCapabilities between(MetaProtocolBlock local, MetaProtocolBlock peer) {
    for (MetaProtocolBlock b : new MetaProtocolBlock[] {local, peer}) {
      if (!MetaProtocolBlock.VERSION_1_0.equals(b.version())) {
        throw new MetaProtocolException(
            MetaProtocolError.UNSUPPORTED_VERSION,
            "metaProtocol.version: only 1.0 is supported");
      }
    }
    Set<MetaCapability> both = EnumSet.noneOf(MetaCapability.class);
    both.addAll(local.supportedCapabilities());
    both.retainAll(peer.supportedCapabilities());
    return new SessionCapabilities(MetaProtocolBlock.VERSION_1_0, both);
  }

  /** Whether both sides support {@code capability}. */
  public boolean allows(MetaCapability capability) {
    return shared.contains(capability);
  }
}
