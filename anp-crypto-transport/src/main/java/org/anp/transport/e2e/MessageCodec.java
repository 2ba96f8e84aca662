package org.anp.transport.e2e;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Base64Variant;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.internal.e2e.Frames;

/** The strict reader and the writer of E2E frames. Stateless and thread-safe. */
final class MessageCodec {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonParser.Feature.ALLOW_COMMENTS)
          .build();

  private MessageCodec() {}

  static JsonNode readTree(byte[] utf8, int maxBytes) {
    if (utf8.length > maxBytes) {
      throw new TransportException(
          TransportError.MESSAGE_TOO_LARGE, "frame: " + utf8.length + " bytes, limit " + maxBytes);
    }
    try {
      JsonNode tree = MAPPER.readTree(utf8);
      if (tree == null) {
        throw new TransportException(TransportError.INVALID_MESSAGE, "frame: empty");
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw new TransportException(
          TransportError.INVALID_MESSAGE, "frame: not valid JSON at " + e.getLocation());
    } catch (IOException e) {
      throw new TransportException(TransportError.INVALID_MESSAGE, "frame: unreadable");
    }
  }

  static byte[] write(JsonNode tree) {
    try {
      return MAPPER.writeValueAsBytes(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  static E2eMessage parse(JsonNode tree) {
    if (!(tree instanceof ObjectNode json)) {
      throw invalid("frame", "not a JSON object");
    }
    String typeName = text(json, "type");
    MessageType type =
        MessageType.fromWireName(typeName)
            .orElseThrow(
                () -> new TransportException(
                    TransportError.UNSUPPORTED_MESSAGE, "type: unknown frame type " + quote(typeName)));
    String version = text(json, "version");
    if (!version.equals(E2eMessage.VERSION)) {
      throw new TransportException(
          TransportError.UNSUPPORTED_MESSAGE, "version: " + quote(version) + " not supported");
    }
    Instant timestamp = instant(json, "timestamp");
    String messageId = text(json, "messageId");
    return switch (type) {
      case SOURCE_HELLO -> new SourceHello(
          json,
          timestamp,
          messageId,
          hello(json),
          strings(json, "supportedVersions"),
          strings(json, "cipherSuites"),
          strings(json, "supportedGroups"),
          keyShares(json));
      case DESTINATION_HELLO -> new DestinationHello(
          json,
          timestamp,
          messageId,
          hello(json),
          text(json, "selectedVersion"),
          text(json, "cipherSuite"),
          keyShare(object(json, "keyShare"), "keyShare"));
      case FINISHED -> new Finished(
          json,
          timestamp,
          messageId,
          text(json, "sessionId"),
          text(json, "sourceDid"),
          text(json, "destinationDid"),
          encryptedData(object(json, "verifyData"), "verifyData"));
      case MESSAGE -> new EncryptedMessage(
          json,
          timestamp,
          messageId,
          text(json, "sourceDid"),
          text(json, "destinationDid"),
          text(json, "secretKeyId"),
          encryptedData(object(json, "encryptedData"), "encryptedData"));
      case RESPONSE -> new ErrorResponse(
          json,
          timestamp,
          messageId,
          optionalText(json, "sourceDid"),
          optionalText(json, "destinationDid"),
          text(json, "originalType"),
          optionalText(json, "originalMessageId"),
          integer(json, "code", "code"),
          optionalText(json, "detail").orElse(""));
    };
  }

  private static Hello hello(ObjectNode json) {
    ObjectNode vm = object(json, "verificationMethod");
    ObjectNode proof = object(json, "proof");
    JsonNode meta = json.get("metaProtocol");
    if (meta != null && !meta.isObject() && !meta.isNull()) {
      throw invalid("metaProtocol", "not an object");
    }
    return new Hello(
        text(json, "sessionId"),
        text(json, "sourceDid"),
        text(json, "destinationDid"),
        new HelloVerificationMethod(
            field(vm, "id", "verificationMethod.id"),
            field(vm, "type", "verificationMethod.type"),
            field(vm, "publicKeyHex", "verificationMethod.publicKeyHex")),
        text(json, "random"),
        meta == null || meta.isNull() ? Optional.empty() : Optional.of(meta),
        new HelloProof(
            field(proof, "type", "proof.type"),
            instant(proof, "created", "proof.created"),
            field(proof, "verificationMethod", "proof.verificationMethod"),
            field(proof, "proofValue", "proof.proofValue")));
  }

  private static List<KeyShare> keyShares(ObjectNode json) {
    JsonNode array = json.get("keyShares");
    if (array == null || !array.isArray()) {
      throw invalid("keyShares", array == null ? "missing" : "not an array");
    }
    List<KeyShare> shares = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String path = "keyShares[" + i + "]";
      if (!(array.get(i) instanceof ObjectNode share)) {
        throw invalid(path, "not an object");
      }
      shares.add(keyShare(share, path));
    }
    return shares;
  }

  private static KeyShare keyShare(ObjectNode share, String path) {
    int expires = integer(share, "expires", path + ".expires");
    if (expires < 0) {
      throw invalid(path + ".expires", "negative");
    }
    return new KeyShare(
        field(share, "group", path + ".group"), field(share, "keyExchange", path + ".keyExchange"), expires);
  }

  private static EncryptedData encryptedData(ObjectNode data, String path) {
    byte[] iv = base64(data, "iv", path);
    byte[] tag = base64(data, "tag", path);
    byte[] ciphertext = base64(data, "ciphertext", path);
    if (iv.length != EncryptedData.IV_LENGTH) {
      throw invalid(path + ".iv", iv.length + " bytes, expected " + EncryptedData.IV_LENGTH);
    }
    if (tag.length != EncryptedData.TAG_LENGTH) {
      throw invalid(path + ".tag", tag.length + " bytes, expected " + EncryptedData.TAG_LENGTH);
    }
    return EncryptedData.of(iv, tag, ciphertext);
  }

  private static byte[] base64(ObjectNode data, String name, String path) {
    try {
      return Base64Codec.decode(Base64Variant.STANDARD, field(data, name, path + "." + name));
    } catch (IdentityException e) {
      throw invalid(path + "." + name, "not standard Base64");
    }
  }

  private static List<String> strings(ObjectNode json, String name) {
    JsonNode array = json.get(name);
    if (array == null || !array.isArray()) {
      throw invalid(name, array == null ? "missing" : "not an array");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!array.get(i).isTextual()) {
        throw invalid(name + "[" + i + "]", "not a string");
      }
      out.add(array.get(i).textValue());
    }
    return out;
  }

  private static ObjectNode object(ObjectNode json, String name) {
    JsonNode node = json.get(name);
    if (!(node instanceof ObjectNode object)) {
      throw invalid(name, node == null ? "missing" : "not an object");
    }
    return object;
  }

  private static String text(ObjectNode json, String name) {
    return field(json, name, name);
  }

  private static String field(ObjectNode json, String name, String path) {
    JsonNode node = json.get(name);
    if (node == null || !node.isTextual()) {
      throw invalid(path, node == null ? "missing" : "not a string");
    }
    return node.textValue();
  }

  private static Optional<String> optionalText(ObjectNode json, String name) {
    JsonNode node = json.get(name);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw invalid(name, "not a string");
    }
    return Optional.of(node.textValue());
  }

  private static int integer(ObjectNode json, String name, String path) {
    JsonNode node = json.get(name);
    if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
      throw invalid(path, node == null ? "missing" : "not a 32-bit integer");
    }
    return node.intValue();
  }

  private static Instant instant(ObjectNode json, String name) {
    return instant(json, name, name);
  }

  private static Instant instant(ObjectNode json, String name, String path) {
    String text = field(json, name, path);
    try {
      return Frames.parseInstant(text);
    } catch (DateTimeParseException e) {
      throw invalid(path, "not an ISO 8601 UTC time");
    }
  }

  private static String quote(String text) {
    String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
    return "\"" + shown + "\"";
  }

  private static TransportException invalid(String path, String problem) {
    return new TransportException(TransportError.INVALID_MESSAGE, path + ": " + problem);
  }
}
