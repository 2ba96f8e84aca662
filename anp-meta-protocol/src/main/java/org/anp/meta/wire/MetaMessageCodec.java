package org.anp.meta.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.internal.wire.PyJsonWriter;

/**
 * Encodes and decodes the JSON of PT=00 frames (spec/meta-protocol.md §2). Thread-safe
 * (stateless).
 *
 * <p>Encoding writes what the reference SDK 0.9.2 writes, byte for byte: its member order, its
 * optional members left out when empty, Python's default separators and ASCII escapes (decision
 * record 0028). Decoding accepts any RFC 8259 UTF-8 JSON object: it checks the size limits, the
 * {@code action}, every required member's presence and type, and the status values; members it
 * does not know are ignored, {@code null} members are rejected. An unknown {@code action} in an
 * otherwise well-formed object decodes to {@link UnknownAction}.
 */
public final class MetaMessageCodec {
  private MetaMessageCodec() {}

  /** The message's JSON bytes, as the reference SDK writes them. */
  public static byte[] encode(MetaMessage message) {
    Objects.requireNonNull(message, "message");
    PyJsonWriter w = new PyJsonWriter().string("action", message.action());
    if (message instanceof ProtocolNegotiation pn) {
      w.integer("sequenceId", pn.sequenceId())
          .string("candidateProtocols", pn.candidateProtocols())
          .string("status", pn.status().wireName());
      pn.modificationSummary().filter(s -> !s.isEmpty()).ifPresent(s -> w.string("modificationSummary", s));
    } else if (message instanceof CodeGeneration cg) {
      w.string("status", cg.status());
    } else if (message instanceof TestCasesNegotiation tc) {
      w.string("testCases", tc.testCases()).string("status", tc.status().wireName());
      tc.modificationSummary().filter(s -> !s.isEmpty()).ifPresent(s -> w.string("modificationSummary", s));
    } else if (message instanceof FixErrorNegotiation fe) {
      w.string("errorDescription", fe.errorDescription()).string("status", fe.status().wireName());
    } else if (message instanceof NaturalLanguageNegotiation nl) {
      w.string("type", nl.type()).string("messageId", nl.messageId()).string("message", nl.message());
    } else {
      throw new IllegalArgumentException("an unknown action is never sent: " + message.action());
    }
    return w.toBytes();
  }

  /**
   * Decodes the JSON of one PT=00 frame (the bytes after the header).
   *
   * @throws MetaProtocolException {@code MESSAGE_TOO_LARGE} for a message or text field over
   *     the limits; {@code MALFORMED_MESSAGE} for anything else that is wrong, naming the member
   */
  public static MetaMessage decode(byte[] json, WireLimits limits) {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(limits, "limits");
    JsonNode root;
    try {
      root = StrictJson.parse(json, limits.maxMessageBytes());
    } catch (IdentityException e) {
      MetaProtocolError code =
          e.code() == IdentityError.INPUT_TOO_LARGE
              ? MetaProtocolError.MESSAGE_TOO_LARGE
              : MetaProtocolError.MALFORMED_MESSAGE;
      throw new MetaProtocolException(code, "meta message: " + e.getMessage(), e);
    }
    if (!root.isObject()) {
      throw malformed("meta message: not a JSON object");
    }
    Fields f = new Fields(root, limits);
    String action = f.requiredString("action");
    return switch (action) {
      case ProtocolNegotiation.ACTION ->
          new ProtocolNegotiation(
              f.sequenceId(),
              f.optionalText("candidateProtocols").orElse(""),
              f.optionalText("modificationSummary"),
              f.status(true));
      case CodeGeneration.ACTION -> new CodeGeneration(f.codeGenerationStatus());
      case TestCasesNegotiation.ACTION ->
          new TestCasesNegotiation(
              f.optionalText("testCases").orElse(""),
              f.optionalText("modificationSummary"),
              f.status(false));
      case FixErrorNegotiation.ACTION ->
          new FixErrorNegotiation(f.optionalText("errorDescription").orElse(""), f.status(false));
      case NaturalLanguageNegotiation.ACTION ->
          new NaturalLanguageNegotiation(
              f.naturalLanguageType(), f.requiredString("messageId"), f.requiredText("message"));
      default -> new UnknownAction(action);
    };
  }

  private static MetaProtocolException malformed(String message) {
    return new MetaProtocolException(MetaProtocolError.MALFORMED_MESSAGE, message);
  }

  /** Typed, size-checked reads of one decoded object's members. */
  private record Fields(JsonNode root, WireLimits limits) {
    String requiredString(String name) {
      JsonNode n = root.get(name);
      if (n == null) {
        throw malformed(name + ": missing");
      }
      if (!n.isTextual()) {
        throw malformed(name + ": not a string");
      }
      return n.textValue();
    }

    String requiredText(String name) {
      return checkSize(name, requiredString(name));
    }

    Optional<String> optionalText(String name) {
      return root.has(name) ? Optional.of(requiredText(name)) : Optional.empty();
    }

    int sequenceId() {
      JsonNode n = root.get("sequenceId");
      if (n == null) {
        throw malformed("sequenceId: missing");
      }
      if (!n.isIntegralNumber() || !n.canConvertToInt()) {
        throw malformed("sequenceId: not an integer in range");
      }
      return n.intValue();
    }

    NegotiationStatus status(boolean timeoutAllowed) {
      String text = requiredString("status");
      return NegotiationStatus.fromWire(text)
          .filter(s -> timeoutAllowed || s != NegotiationStatus.TIMEOUT)
          .orElseThrow(() -> malformed("status: unknown value"));
    }

    boolean codeGenerationStatus() {
      return switch (requiredString("status")) {
        case CodeGeneration.GENERATED -> true;
        case CodeGeneration.ERROR -> false;
        default -> throw malformed("status: unknown value");
      };
    }

    boolean naturalLanguageType() {
      return switch (requiredString("type")) {
        case "REQUEST" -> true;
        case "RESPONSE" -> false;
        default -> throw malformed("type: neither REQUEST nor RESPONSE");
      };
    }

    private String checkSize(String name, String value) {
      // A UTF-8 byte is at least one char; counting chars first bounds the work.
      if (value.length() > limits.maxTextBytes()
          || value.getBytes(StandardCharsets.UTF_8).length > limits.maxTextBytes()) {
        throw new MetaProtocolException(
            MetaProtocolError.MESSAGE_TOO_LARGE,
            name + ": over the text limit of " + limits.maxTextBytes() + " bytes");
      }
      return value;
    }
  }
}
