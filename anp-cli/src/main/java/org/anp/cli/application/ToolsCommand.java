package org.anp.cli.application;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.anp.application.tools.ToolSet;
import org.anp.cli.internal.CommandOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code anp tools}: the methods of an agent's verified description as tool definitions for a
 * language model, in the OpenAI function-calling shape or the MCP shape, printed as a JSON array.
 */
@Command(
    name = "tools",
    mixinStandardHelpOptions = true,
    description = {
      "Prints an agent's methods as tool definitions for a language model.",
      "The description is verified first; the output is a JSON array."
    })
public final class ToolsCommand implements Callable<Integer> {
  /** The tool definition shapes. */
  enum Format {
    openai,
    mcp
  }

  @Mixin private CommandOutput io;
  @Mixin private ApplicationOptions options;

  @Option(names = "--format", defaultValue = "openai", paramLabel = "FORMAT",
      description = "openai (function calling) or mcp (default: ${DEFAULT-VALUE}).")
  private Format format;

  @Parameters(paramLabel = "URL|DID", description = "The agent's ad.json URL or its DID.")
  private String target;

  @Override
  public Integer call() {
    ToolSet tools = ToolSet.of(options.connect(target, Optional.empty()));
    io.println(AdCommand.pretty(format == Format.openai ? tools.openAiTools() : tools.mcpTools()));
    return 0;
  }
}
