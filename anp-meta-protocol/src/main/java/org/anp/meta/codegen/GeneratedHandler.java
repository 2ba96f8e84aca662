package org.anp.meta.codegen;

import com.fasterxml.jackson.databind.JsonNode;
import org.anp.meta.handler.CapabilityFunction;

/**
 * The whole contract of language-model generated code: turn one request of the agreed protocol
 * into its response, calling the local capability. The request has been checked against the
 * agreed request schema; the response is checked against the agreed response schema after the
 * call. Implementations have a public no-argument constructor and may use only the allowed API
 * (see {@link LanguageModelCodeGenerator}).
 */
public interface GeneratedHandler {

  /**
   * @param request an agreed-format request (a copy; the handler may change it)
   * @param local the local capability, taking and returning its own formats
   * @return the agreed-format response
   */
  JsonNode handle(JsonNode request, CapabilityFunction local);
}
