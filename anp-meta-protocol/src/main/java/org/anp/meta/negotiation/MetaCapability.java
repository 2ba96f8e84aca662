package org.anp.meta.negotiation;

import java.util.Optional;

/**
 * The optional meta-protocol capabilities announced in the hellos' {@code metaProtocol} block
 * (spec/meta-protocol.md §5). Protocol negotiation, code generation and PT=01 frames are
 * mandatory and not listed.
 */
public enum MetaCapability {
  /** PT=10 frames. */
  NATURAL_LANGUAGE_PROTOCOL("naturalLanguageProtocol"),
  /** PT=11 frames. */
  VERIFICATION_PROTOCOL("verificationProtocol"),
  /** {@code naturalLanguageNegotiation} messages. */
  NATURAL_LANGUAGE_NEGOTIATION("naturalLanguageNegotiation"),
  /** {@code testCasesNegotiation} messages. */
  TEST_CASES_NEGOTIATION("testCasesNegotiation"),
  /** {@code fixErrorNegotiation} messages. */
  FIX_ERROR_NEGOTIATION("fixErrorNegotiation");

  private final String wireName;

  MetaCapability(String wireName) {
    this.wireName = wireName;
  }

  /** The name as written in {@code supportedCapabilities}. */
  public String wireName() {
    return wireName;
  }

  /** The capability named {@code name}, if this side knows it. */
  public static Optional<MetaCapability> fromWire(String name) {
    for (MetaCapability c : values()) {
      if (c.wireName.equals(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
