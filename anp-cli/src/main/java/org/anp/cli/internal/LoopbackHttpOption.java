package org.anp.cli.internal;

import org.anp.identity.resolve.DidResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code --allow-loopback-http} option of every command that resolves DIDs over the network,
 * and the network resolver it selects. Without it, did:wba documents are fetched over HTTPS only;
 * with it, documents of {@code localhost} DIDs are fetched over plain HTTP from a loopback address
 * (as {@code anp serve did-host} serves them), and every other host still needs HTTPS. Every other
 * check (document id, key binding, proof, size) is the same either way. Belongs to one command
 * instance, used from one thread.
 */
@Command
public final class LoopbackHttpOption {
  @Option(
      names = "--allow-loopback-http",
      description = "Fetch did:wba documents of localhost DIDs over plain HTTP (for example from 'anp serve"
          + " did-host' on this machine). Off by default: documents are fetched over HTTPS only, and other"
          + " hosts still need HTTPS with this option.")
  private boolean allowed;

  /** Whether the option was given. */
  public boolean allowed() {
    return allowed;
  }

  /** A resolver of every DID method on the class path, fetching as the option says. */
  public DidResolver networkResolver() {
    DidResolver.Builder builder = DidResolver.builder().methodsFromServiceLoader();
    if (allowed) {
      builder.insecureLoopbackHttp();
    }
    return builder.build();
  }
}
