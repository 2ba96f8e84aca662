package org.anp.transport.archfixture;

import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;

/** Fixture for the layering test: a higher layer using a lower layer's public API (allowed). */
public final class TransportUsesIdentity {

  private TransportUsesIdentity() {}

  static IdentityException failure() {
    return new IdentityException(IdentityError.INVALID_JSON, "fixture");
  }
}
