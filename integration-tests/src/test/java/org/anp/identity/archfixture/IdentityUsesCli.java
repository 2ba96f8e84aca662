package org.anp.identity.archfixture;

import org.anp.cli.AnpCommand;

/** Fixture for the layering test: the identity layer reaching up into the CLI (forbidden). */
public final class IdentityUsesCli {

  private IdentityUsesCli() {}

  static int runTheCli() {
    return AnpCommand.run(System.out, System.err, "--version");
  }
}
