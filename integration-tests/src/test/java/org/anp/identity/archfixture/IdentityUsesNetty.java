package org.anp.identity.archfixture;

import io.netty.util.NettyRuntime;

/** Fixture for the layering test: the identity layer using Netty (forbidden). */
public final class IdentityUsesNetty {

  private IdentityUsesNetty() {}

  static int processors() {
    return NettyRuntime.availableProcessors();
  }
}
