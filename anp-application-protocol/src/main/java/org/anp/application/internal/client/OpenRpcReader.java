package org.anp.application.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.client.RemoteMethod;

/**
 * Reads the methods of an OpenRPC document: their names, params as one object schema, result
 * schema and the endpoint (the first server, resolved against the document's URL). An endpoint on
 * another origin (scheme, host, port) than the verified description is refused, so a client never
 * signs requests for a host the description did not come from (decision 0049).
 */
public final class OpenRpcReader {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private OpenRpcReader() {}

  /**
   * The methods of {@code doc}, fetched from {@code documentUrl} for the description fetched from
   * {@code origin}; {@code INVALID_DESCRIPTION} if it is not a usable document.
   */
  public static List<RemoteMethod> methods(JsonNode doc, URI documentUrl, URI origin) {
    if (!doc.isObject() || !doc.path("methods").isArray()) {
      throw invalid("openrpc: no methods array");
    }
    String title = doc.path("info").path("title").asText("");
    URI endpoint = endpoint(doc, documentUrl, origin);
    List<RemoteMethod> out = new ArrayList<>();
    for (JsonNode m : doc.get("methods")) {
      JsonNode name = m.get("name");
      if (name == null || !name.isTextual() || name.textValue().isEmpty()) {
        throw invalid("openrpc: a method without a name");
      }
      String description = m.path("description").asText(m.path("summary").asText(""));
      ObjectNode params = F.objectNode();
      params.put("type", "object");
      ObjectNode properties = params.putObject("properties");
      ArrayNode required = F.arrayNode();
      for (JsonNode p : m.path("params")) {
        JsonNode pn = p.get("name");
        if (pn == null || !pn.isTextual()) {
          throw invalid("openrpc: method " + name.textValue() + ": a param without a name");
        }
        JsonNode schema = p.path("schema");
        ObjectNode s = schema.isObject() ? ((ObjectNode) schema).deepCopy() : F.objectNode();
        if (p.hasNonNull("description") && !s.has("description")) {
          s.put("description", p.get("description").asText());
        }
        properties.set(pn.textValue(), s);
        if (p.path("required").asBoolean(false)) {
          required.add(pn.textValue());
        }
      }
      if (!required.isEmpty()) {
        params.set("required", required);
      }
      JsonNode result = m.path("result").path("schema");
      out.add(new RemoteMethod(title, name.textValue(), description, endpoint, params,
          result.isObject() ? (ObjectNode) result : F.objectNode()));
    }
    return out;
  }

  private static URI endpoint(JsonNode doc, URI documentUrl, URI origin) {
    JsonNode url = doc.path("servers").path(0).path("url");
    if (!url.isTextual()) {
      throw invalid("openrpc: no server url");
    }
    URI endpoint;
    try {
      endpoint = documentUrl.resolve(url.textValue());
    } catch (IllegalArgumentException e) {
      throw invalid("openrpc: server url is not a URI");
    }
    return Origins.requireSame(endpoint, origin, "openrpc: server");
  }

  private static ApplicationException invalid(String message) {
    return new ApplicationException(ApplicationError.INVALID_DESCRIPTION, message);
  }
}
