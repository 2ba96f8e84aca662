package org.anp.transport.internal.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;

/**
 * Strict field readers for the relay's own frames ({@code register}, {@code heartbeat}). Every
 * failure is a {@link TransportException} coded {@code INVALID_MESSAGE} whose message starts with
 * the JSON path. Stateless.
 */
public final class FrameFields {
  /** The protocol version every relay frame carries. */
  public static final String VERSION = "1.0";

  private FrameFields() {}

  /** A required string member. */
  public static String text(ObjectNode json, String name, String path) {
    JsonNode node = json.get(name);
    if (node == null || !node.isTextual()) {
      throw invalid(path, node == null ? "missing" : "not a string");
    }
    return node.textValue();
  }

  /** An optional string member; JSON {@code null} counts as absent. */
  public static Optional<String> optionalText(ObjectNode json, String name, String path) {
    JsonNode node = json.get(name);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw invalid(path, "not a string");
    }
    return Optional.of(node.textValue());
  }

  /** A required object member. */
  public static ObjectNode object(ObjectNode json, String name, String path) {
    JsonNode node = json.get(name);
    if (!(node instanceof ObjectNode object)) {
      throw invalid(path, node == null ? "missing" : "not an object");
    }
    return object;
  }

  /** A required ISO 8601 UTC time. */
  public static Instant instant(ObjectNode json, String name, String path) {
    String text = text(json, name, path);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw invalid(path, "not an ISO 8601 UTC time");
    }
  }

  /** Checks {@code version} and {@code type}, the first members of every frame. */
  public static void header(ObjectNode json, String expectedType) {
    String version = text(json, "version", "version");
    if (!version.equals(VERSION)) {
      throw new TransportException(
          TransportError.UNSUPPORTED_MESSAGE, "version: " + shorten(version) + " not supported");
    }
    String type = text(json, "type", "type");
    if (!type.equals(expectedType)) {
      throw invalid("type", "expected " + expectedType);
    }
  }

  /** At most 40 characters of peer-supplied text, for error messages. */
  public static String shorten(String text) {
    return "\"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
  }

  /** An {@code INVALID_MESSAGE} exception for {@code path}. */
  public static TransportException invalid(String path, String problem) {
    return new TransportException(TransportError.INVALID_MESSAGE, path + ": " + problem);
  }
}
