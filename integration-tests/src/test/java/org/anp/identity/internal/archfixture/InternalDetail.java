package org.anp.identity.internal.archfixture;

/** Fixture for the layering test: a class in the identity module's internal packages. */
public final class InternalDetail {

  private InternalDetail() {}

  public static String describe() {
    return "identity internal";
  }
}
