package org.anp.identity.archfixture;

import org.anp.identity.internal.archfixture.InternalDetail;

/** Fixture for the layering test: the identity layer using its own internal package (allowed). */
public final class IdentityUsesOwnInternal {

  private IdentityUsesOwnInternal() {}

  static String detail() {
    return InternalDetail.describe();
  }
}
