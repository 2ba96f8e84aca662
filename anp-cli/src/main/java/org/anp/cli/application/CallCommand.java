package org.anp.cli.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.anp.application.client.RemoteAgent;
import org.anp.cli.internal.CommandOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code anp call}: verifies an agent's description, then calls one of its JSON-RPC methods with
 * DID authentication (an RFC 9421 signature, then the bearer token the agent returns) and prints
 * the result as JSON. A JSON-RPC error is one line on standard error and exit code 1.
 */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    description = {
      "Calls a JSON-RPC method of an agent with DID authentication and prints the result.",
      "The agent's description is fetched and verified first; a JSON-RPC error exits 1 with its code."
    })
public final class CallCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin private CommandOutput io;
  @Mixin private ApplicationOptions options;

  @Option(names = "--identity", required = true, paramLabel = "DIR",
      description = "The caller's identity directory (as written by 'anp did create').")
  private Path identity;

  @Parameters(index = "0", paramLabel = "URL|DID", description = "The agent's ad.json URL or its DID.")
  private String target;

  @Parameters(index = "1", paramLabel = "METHOD", description = "The JSON-RPC method name.")
  private String method;

  @Parameters(index = "2", paramLabel = "JSON-PARAMS", defaultValue = "{}",
      description = "The params, a JSON object or array (default: ${DEFAULT-VALUE}).")
  private String params;

  @Override
  public Integer call() {
    JsonNode parsed;
    try {
      parsed = JSON.readTree(params);
    } catch (JsonProcessingException e) {
      throw io.usage("JSON-PARAMS: not JSON: " + e.getOriginalMessage());
    }
    if (parsed == null || !(parsed.isObject() || parsed.isArray())) {
      throw io.usage("JSON-PARAMS: expected a JSON object or array");
    }
    RemoteAgent agent = options.connect(target, Optional.of(options.identity(identity)));
    io.println(AdCommand.pretty(options.await(agent.callJson(method, parsed))));
    return 0;
  }
}
