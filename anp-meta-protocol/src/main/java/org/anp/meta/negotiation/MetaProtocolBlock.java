package org.anp.meta.negotiation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.ProtocolHash;

/**
 * The {@code metaProtocol} block of a sourceHello or destinationHello (spec/meta-protocol.md §5,
 * §4.3): the meta-protocol version, the optional capabilities, and the 0-RTT and consensus
 * short-cuts. The transport signs it into the hello and hands the peer's block over as JSON.
 * Immutable.
 *
 * <p>Parsing is strict about types and tolerant of the future: capability names this side does
 * not know are dropped, unknown members ignored. The reference SDK's {@code protocolHash} is read
 * as an alias of {@code usedProtocolHash}, and {@code null} as absent; a missing
 * {@code supportedCapabilities} (the SDK sends none) means none.
 *
 * @param version the meta-protocol version, e.g. {@code "1.0"}
 * @param supportedCapabilities the optional capabilities the sender supports
 * @param usedProtocolHash the hash of a protocol to reuse (sourceHello) or that the responder
 *     holds (destinationHello echo)
 * @param candidateProtocols consensus protocol URIs offered (sourceHello only)
 * @param selectedProtocol the consensus protocol URI chosen (destinationHello only)
 */
public record MetaProtocolBlock(
    String version,
    Set<MetaCapability> supportedCapabilities,
    Optional<ProtocolHash> usedProtocolHash,
    List<String> candidateProtocols,
    Optional<String> selectedProtocol) {

  /** The hello member that holds the block. */
  public static final String MEMBER = "metaProtocol";

  /** The only meta-protocol version this implementation speaks. */
  public static final String VERSION_1_0 = "1.0";

  /** Most consensus protocol URIs read from one block. */
  public static final int MAX_CANDIDATE_PROTOCOLS = 32;

  /** Longest accepted block, in bytes, when parsed from bytes. */
  public static final int MAX_BYTES = 16 * 1024;

  public MetaProtocolBlock {
    Objects.requireNonNull(version, "version");
    supportedCapabilities =
        supportedCapabilities.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(supportedCapabilities));
    Objects.requireNonNull(usedProtocolHash, "usedProtocolHash");
    candidateProtocols = List.copyOf(candidateProtocols);
    Objects.requireNonNull(selectedProtocol, "selectedProtocol");
  }

  /** A version 1.0 block announcing {@code capabilities} and nothing else. */
  public static MetaProtocolBlock of(Set<MetaCapability> capabilities) {
    return new MetaProtocolBlock(
        VERSION_1_0, capabilities, Optional.empty(), List.of(), Optional.empty());
  }

  /** This block with {@code usedProtocolHash} set. */
  public MetaProtocolBlock withUsedProtocolHash(ProtocolHash hash) {
    return new MetaProtocolBlock(
        version, supportedCapabilities, Optional.of(hash), candidateProtocols, selectedProtocol);
  }

  /**
   * Reads a block from the JSON object the transport received.
   *
   * @throws MetaProtocolException {@code MALFORMED_MESSAGE} naming the member that is missing or
   *     has the wrong type
   */
  public static MetaProtocolBlock parse(JsonNode block) {
    Objects.requireNonNull(block, "block");
    if (!block.isObject()) {
      throw malformed("metaProtocol: not an object");
    }
    JsonNode version = block.get("version");
    if (version == null || !version.isTextual()) {
      throw malformed("metaProtocol.version: missing or not a string");
    }
    Set<MetaCapability> capabilities = EnumSet.noneOf(MetaCapability.class);
    for (String name : stringArray(block, "supportedCapabilities", 64)) {
      MetaCapability.fromWire(name).ifPresent(capabilities::add);
    }
    Optional<String> hash = optionalString(block, "usedProtocolHash");
    if (hash.isEmpty()) {
      hash = optionalString(block, "protocolHash");
    }
    return new MetaProtocolBlock(
        version.textValue(),
        capabilities,
        hash.map(ProtocolHash::new),
        stringArray(block, "candidateProtocols", MAX_CANDIDATE_PROTOCOLS),
        optionalString(block, "selectedProtocol"));
  }

  /**
   * Reads a block from UTF-8 JSON bytes of at most {@link #MAX_BYTES}.
   *
   * @throws MetaProtocolException {@code MESSAGE_TOO_LARGE}, or {@code MALFORMED_MESSAGE}
   */
  public static MetaProtocolBlock parse(byte[] json) {
    try {
      return parse(StrictJson.parse(json, MAX_BYTES));
    } catch (IdentityException e) {
      throw new MetaProtocolException(
          e.code() == IdentityError.INPUT_TOO_LARGE
              ? MetaProtocolError.MESSAGE_TOO_LARGE
              : MetaProtocolError.MALFORMED_MESSAGE,
          "metaProtocol: " + e.getMessage(),
          e);
    }
  }

  /** The block as a JSON object, members absent when empty. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("version", version);
    ArrayNode caps = o.putArray("supportedCapabilities");
    supportedCapabilities.forEach(c -> caps.add(c.wireName()));
    usedProtocolHash.ifPresent(h -> o.put("usedProtocolHash", h.hex()));
    if (!candidateProtocols.isEmpty()) {
      ArrayNode uris = o.putArray("candidateProtocols");
      candidateProtocols.forEach(uris::add);
    }
    selectedProtocol.ifPresent(s -> o.put("selectedProtocol", s));
    return o;
  }

  private static Optional<String> optionalString(JsonNode block, String name) {
    JsonNode n = block.get(name);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw malformed("metaProtocol." + name + ": not a string");
    }
    return Optional.of(n.textValue());
  }

  private static List<String> stringArray(JsonNode block, String name, int max) {
    JsonNode n = block.get(name);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw malformed("metaProtocol." + name + ": not an array");
    }
    if (n.size() > max) {
      throw malformed("metaProtocol." + name + ": more than " + max + " entries");
    }
    List<String> out = new ArrayList<>(n.size());
    for (JsonNode e : n) {
      if (!e.isTextual()) {
        throw malformed("metaProtocol." + name + ": an entry is not a string");
      }
      out.add(e.textValue());
    }
    return out;
  }

  private static MetaProtocolException malformed(String message) {
    return new MetaProtocolException(MetaProtocolError.MALFORMED_MESSAGE, message);
  }
}
