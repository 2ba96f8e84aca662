package org.anp.cli.selection;

import java.util.List;
import java.util.concurrent.Callable;
import org.anp.cli.internal.CommandOutput;
import org.anp.transport.p1.P1Capabilities;
import org.anp.transport.p1.P1Client;
import org.anp.transport.p1.RpcException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code anp capabilities URL|DID} calls {@code anp.get_capabilities} (P1) on an agent's endpoint
 * and prints what it serves, one {@code name: value} line each. Exit codes: 0 printed, 1 the call
 * or the DID's resolution failed or the agent answered with an error (one line on standard error:
 * for an error answer its code, {@code data.anp_code} and message), 2 bad usage. Used once, from one
 * thread.
 */
@Command(
    name = "capabilities",
    mixinStandardHelpOptions = true,
    description = {
      "Asks an agent what it serves (anp.get_capabilities over P1) and prints the answer.",
      "PEER is the agent's P1 endpoint URL, or its DID, whose document's ANPMessageService entry"
          + " names the endpoint. Prints serviceDid, profiles, securityProfiles, contentTypes and"
          + " limits, one per line."
    })
public final class CapabilitiesCommand implements Callable<Integer> {
  @Mixin private CommandOutput io;
  @Mixin private PeerOptions options;

  @Parameters(paramLabel = "PEER", description = "The agent: its P1 endpoint URL or its DID.")
  private String peer;

  @Override
  public Integer call() {
    PeerOptions.Peer target = options.peer(peer);
    P1Client client = options.client();
    P1Capabilities caps;
    try {
      caps = PeerOptions.join(client.getCapabilities(target.endpoint()));
    } catch (RpcException e) {
      return io.fail("anp capabilities: " + PeerOptions.describe(e));
    }
    io.println("endpoint: " + target.endpoint());
    io.println("serviceDid: " + caps.serviceDid());
    io.println("profiles: " + list(caps.profiles()));
    io.println("securityProfiles: " + list(caps.securityProfiles()));
    caps.contentTypes().ifPresent(types -> io.println("contentTypes: " + list(types)));
    caps.limits().forEach((name, value) -> io.println("limits." + name + ": " + value));
    return 0;
  }

  private static String list(List<String> values) {
    return values.isEmpty() ? "(none)" : String.join(", ", values);
  }
}
