package org.anp.identity.agent;

import java.nio.file.Path;
import java.security.SecureRandom;
import org.anp.identity.didall.DidAllIdentity;

/**
 * Run by {@link IdentityStoreTest} in a child JVM started under {@code umask 000}: creates a new
 * identity directory at the path given as the only argument.
 */
final class UmaskProbe {
  private UmaskProbe() {}

  public static void main(String[] args) {
    IdentityStore.directory(Path.of(args[0]))
        .create(AgentIdentity.from(DidAllIdentity.builder().random(new SecureRandom()).build()));
  }
}
