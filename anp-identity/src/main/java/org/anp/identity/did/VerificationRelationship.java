package org.anp.identity.did;

import java.util.Objects;
import java.util.Optional;

/** The verification relationships of W3C DID Core 1.0 section 5.3, by their document property. */
public enum VerificationRelationship {
  AUTHENTICATION("authentication"),
  ASSERTION_METHOD("assertionMethod"),
  KEY_AGREEMENT("keyAgreement"),
  CAPABILITY_INVOCATION("capabilityInvocation"),
  CAPABILITY_DELEGATION("capabilityDelegation");

  private final String propertyName;

  VerificationRelationship(String propertyName) {
    this.propertyName = propertyName;
  }

  /** The DID document property, e.g. {@code assertionMethod}. */
  public String propertyName() {
    return propertyName;
  }

  /** The relationship with this document property name, if any (case-sensitive). */
  public static Optional<VerificationRelationship> fromPropertyName(String name) {
    Objects.requireNonNull(name, "name");
    for (VerificationRelationship r : values()) {
      if (r.propertyName.equals(name)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
