package org.anp.meta.archfixture;

import org.anp.identity.internal.archfixture.InternalDetail;

/** Fixture for the layering test: another module using identity's internal package (forbidden). */
public final class MetaUsesIdentityInternal {

  private MetaUsesIdentityInternal() {}

  static String detail() {
    return InternalDetail.describe();
  }
}
