package org.anp.application.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One HTTP operation a remote agent offers, read from an interface document of its verified
 * description: an OpenAPI 3 operation (YAML or JSON), or an endpoint of the YAML interface
 * documents of the ANP-07 examples ({@code interface: {endpoints: [...]}}).
 *
 * <p>It is called with one params object, by name ({@link RemoteAgent#callJson}): each {@link
 * Parameter} says where its value goes, into the path, the query, a member of the JSON body, or
 * the whole body.
 *
 * @param interfaceName the document's title ({@code info.title}, or the interface {@code type})
 * @param name the operation name ({@code operationId}, or the endpoint {@code name}; else made
 *     from the HTTP method and path)
 * @param description the operation's description or summary (may be empty)
 * @param httpMethod the HTTP method, upper case
 * @param server the base URI the path is appended to (on the description's origin)
 * @param path the path template, with {@code {name}} for path parameters
 * @param parameters the parameters, in document order
 * @param paramsSchema a JSON Schema object of the params by name (a copy is returned)
 * @param resultSchema the JSON Schema of a successful response ({@code {}} when none is given)
 */
public record RemoteOperation(
    String interfaceName,
    String name,
    String description,
    String httpMethod,
    URI server,
    String path,
    List<Parameter> parameters,
    ObjectNode paramsSchema,
    ObjectNode resultSchema) {
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  /** Where a parameter's value goes. */
  public enum Location {
    /** Into the path template. */
    PATH,
    /** Into the query string. */
    QUERY,
    /** As a member of the JSON request body object. */
    BODY_MEMBER,
    /** As the whole JSON request body. */
    BODY
  }

  /**
   * One parameter.
   *
   * @param name its name in the params object
   * @param in where its value goes
   * @param required whether a call must give it
   */
  public record Parameter(String name, Location in, boolean required) {
    /** Checks that no member is null. */
    public Parameter {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(in, "in");
    }
  }

  /**
   * Checks the members and keeps private copies.
   *
   * @throws IllegalArgumentException for an HTTP method other than GET, POST, PUT, PATCH, DELETE
   */
  public RemoteOperation {
    Objects.requireNonNull(interfaceName, "interfaceName");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    httpMethod = Objects.requireNonNull(httpMethod, "httpMethod").toUpperCase(Locale.ROOT);
    if (!METHODS.contains(httpMethod)) {
      throw new IllegalArgumentException("httpMethod: " + httpMethod);
    }
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(path, "path");
    parameters = List.copyOf(parameters);
    paramsSchema = Objects.requireNonNull(paramsSchema, "paramsSchema").deepCopy();
    resultSchema = Objects.requireNonNull(resultSchema, "resultSchema").deepCopy();
  }

  @Override
  public ObjectNode paramsSchema() {
    return paramsSchema.deepCopy();
  }

  @Override
  public ObjectNode resultSchema() {
    return resultSchema.deepCopy();
  }
}
