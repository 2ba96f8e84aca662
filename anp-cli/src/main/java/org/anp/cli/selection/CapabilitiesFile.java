package org.anp.cli.selection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.anp.cli.internal.InputFiles;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.handler.CapabilityFunction;
import org.anp.meta.negotiator.LocalCapability;

/**
 * A capabilities file for {@code anp listen --capabilities}: the {@link LocalCapability#parseAll}
 * format, where each capability also carries an {@code exampleResponse} object that the command
 * answers every request with (its {@code messageId} set to the request's, when both have one).
 * Immutable.
 *
 * @param capabilities the declared capabilities
 * @param functions their functions, by name
 */
public record CapabilitiesFile(List<LocalCapability> capabilities, Map<String, CapabilityFunction> functions) {

  /**
   * Reads {@code file}.
   *
   * @throws InputFiles.UnusableInputException if the file cannot be read
   * @throws MetaProtocolException {@code INVALID_PROTOCOL_DOCUMENT} naming what is wrong
   */
  public static CapabilitiesFile read(Path file) throws InputFiles.UnusableInputException {
    byte[] bytes = InputFiles.read(file, LocalCapability.MAX_FILE_BYTES);
    List<LocalCapability> capabilities = LocalCapability.parseAll(bytes);
    JsonNode root;
    try {
      root = StrictJson.parse(bytes, LocalCapability.MAX_FILE_BYTES);
    } catch (IdentityException e) {
      throw new MetaProtocolException(MetaProtocolError.INVALID_PROTOCOL_DOCUMENT, "capabilities: " + e.getMessage(), e);
    }
    Map<String, CapabilityFunction> functions = new HashMap<>();
    for (int i = 0; i < capabilities.size(); i++) {
      String name = capabilities.get(i).name();
      JsonNode example = root.path("capabilities").path(i).path("exampleResponse");
      if (!example.isObject()) {
        throw new MetaProtocolException(MetaProtocolError.INVALID_PROTOCOL_DOCUMENT,
            "capabilities[" + i + "].exampleResponse: missing or not an object");
      }
      functions.put(name, request -> {
        ObjectNode answer = example.deepCopy();
        if (answer.has("messageId") && request.path("messageId").isTextual()) {
          answer.put("messageId", request.path("messageId").textValue());
        }
        return answer;
      });
    }
    return new CapabilitiesFile(List.copyOf(capabilities), Map.copyOf(functions));
  }
}
