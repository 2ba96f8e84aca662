package org.anp.application.openrpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.anp.application.description.AgentDescription;
import org.anp.application.interfaces.InterfaceDefinition;
import org.anp.application.interfaces.MethodDefinition;
import org.anp.application.interfaces.ParamDefinition;

/**
 * Writes the OpenRPC 1.3 document of an {@link InterfaceDefinition}, in the form ANP-07 shows
 * for structured interfaces: {@code openrpc} {@value #OPENRPC_VERSION}; {@code info} with {@code
 * x-anp-protocol-type} and {@code x-anp-protocol-version}; one server, the JSON-RPC endpoint;
 * each method with its params (by-name or by-position, {@code paramStructure: either}), their
 * JSON Schemas and the result schema; and the {@code didwba} security scheme ({@code http},
 * {@code bearer}, {@code DID-WBA}) in {@code components.securitySchemes}, required for every
 * method by {@value #SECURITY_EXTENSION} (ANP-07's example has a top-level {@code security},
 * which the OpenRPC meta-schema does not allow). The documents validate against the OpenRPC
 * meta-schema.
 *
 * <p>Stateless and thread-safe.
 */
public final class OpenRpcDocuments {
  /** The OpenRPC version written. */
  public static final String OPENRPC_VERSION = "1.3.2";

  /** The member that states the security requirement: an OpenRPC specification extension. */
  public static final String SECURITY_EXTENSION = "x-security";

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private OpenRpcDocuments() {}

  /**
   * The OpenRPC document of {@code definition}, served at {@code endpointUrl}.
   *
   * @param endpointUrl the URL of the JSON-RPC endpoint
   */
  public static ObjectNode of(InterfaceDefinition definition, String endpointUrl) {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(endpointUrl, "endpointUrl");
    ObjectNode doc = F.objectNode();
    doc.put("openrpc", OPENRPC_VERSION);
    ObjectNode info = doc.putObject("info");
    info.put("title", definition.name());
    info.put("version", definition.version());
    if (!definition.description().isEmpty()) {
      info.put("description", definition.description());
    }
    info.put("x-anp-protocol-type", "ANP");
    info.put("x-anp-protocol-version", AgentDescription.DEFAULT_PROTOCOL_VERSION);
    // ANP-07's example writes this requirement as a top-level "security", which the OpenRPC
    // meta-schema forbids; an extension member keeps the document valid (decision 0038).
    doc.putArray(SECURITY_EXTENSION).addObject().putArray("didwba");
    ObjectNode server = doc.putArray("servers").addObject();
    server.put("name", definition.name());
    server.put("url", endpointUrl);
    ArrayNode methods = doc.putArray("methods");
    for (MethodDefinition m : definition.methods()) {
      methods.add(method(m));
    }
    ObjectNode scheme =
        doc.putObject("components").putObject("securitySchemes").putObject("didwba");
    scheme.put("type", "http");
    scheme.put("scheme", "bearer");
    scheme.put("bearerFormat", "DID-WBA");
    scheme.put(
        "description",
        "ANP-02 DID authentication: an RFC 9421 signed request, then the bearer token it returns");
    return doc;
  }

  private static ObjectNode method(MethodDefinition m) {
    ObjectNode out = F.objectNode();
    out.put("name", m.name());
    if (!m.description().isEmpty()) {
      out.put("summary", m.description());
      out.put("description", m.description());
    }
    out.put("paramStructure", "either");
    ArrayNode params = out.putArray("params");
    for (ParamDefinition p : m.params()) {
      ObjectNode param = params.addObject();
      param.put("name", p.name());
      if (!p.description().isEmpty()) {
        param.put("description", p.description());
      }
      param.put("required", p.required());
      param.set("schema", p.schema());
    }
    ObjectNode result = out.putObject("result");
    result.put("name", m.name() + "Result");
    result.set("schema", m.resultSchema());
    return out;
  }
}
