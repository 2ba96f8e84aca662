package org.anp.application.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.identity.IdentityException;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.agent.IdentityKey;
import org.anp.identity.agent.KeyRole;
import org.anp.identity.codec.Hex;
import org.anp.identity.json.Jcs;
import org.anp.identity.json.StrictJson;
import org.anp.transport.p1.ObjectProofs;

/**
 * A protocol published to a registry: a protocol document ({@link Format#MARKDOWN} with JSON
 * Schemas, as ANP-06 negotiation writes them, or an {@link Format#OPENRPC} document), optionally
 * the declarative form of its handler, under a name and version, signed by its publisher's DID
 * with a P1 object proof ({@code DataIntegrityProof}, {@code eddsa-jcs-2022}, decision 0050).
 *
 * <p>JSON form: {@code {"type":"AnpProtocolPackage","name","version","publisher","format",
 * "document", ["handler"], "published", "proof"}}. The {@link #contentHash()} is {@code sha256:}
 * and the hex SHA-256 of the JCS of the whole signed object, so a hash names exactly one signed
 * package. Parsing is strict (known members only, size limit); whether the proof verifies and the
 * publisher is trusted is {@link RegistryClient}'s job.
 *
 * <p>Immutable and thread-safe.
 */
public final class ProtocolPackage {
  /** The {@code type} member. */
  public static final String TYPE = "AnpProtocolPackage";
  /** Largest package accepted, 1 MiB. */
  public static final int MAX_BYTES = 1024 * 1024;

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");
  private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+-]{0,63}");
  private static final Set<String> MEMBERS =
      Set.of("type", "name", "version", "publisher", "format", "document", "handler", "published", "proof");

  /** What the document is. */
  public enum Format {
    /** A markdown protocol document with JSON Schemas (ANP-06). */
    MARKDOWN,
    /** An OpenRPC document, as JSON text. */
    OPENRPC
  }

  private final ObjectNode json;

  private ProtocolPackage(ObjectNode json) {
    this.json = json;
  }

  /**
   * A package signed now by {@code publisher}'s assertion key (Ed25519).
   *
   * @param handler the handler's declarative form, if any
   * @throws IllegalArgumentException for a bad name or version, or a key that is not Ed25519
   */
  public static ProtocolPackage sign(AgentIdentity publisher, String name, String version, Format format,
      String document, Optional<JsonNode> handler, Clock clock) {
    Objects.requireNonNull(publisher, "publisher");
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(handler, "handler");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name: expected " + NAME.pattern() + ": " + name);
    }
    if (!VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException("version: expected " + VERSION.pattern() + ": " + version);
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("type", TYPE);
    o.put("name", name);
    o.put("version", version);
    o.put("publisher", publisher.did().toString());
    o.put("format", format.name().toLowerCase(java.util.Locale.ROOT));
    o.put("document", document);
    handler.ifPresent(h -> o.set("handler", h.deepCopy()));
    Instant now = clock.instant();
    o.put("published", now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    IdentityKey key = publisher.requireKey(KeyRole.ASSERTION);
    return new ProtocolPackage(ObjectProofs.sign(o, key.privateKey(), key.id(), now));
  }

  /**
   * Parses a package (not verified).
   *
   * @throws ApplicationException {@code INVALID_DESCRIPTION} for anything malformed
   */
  public static ProtocolPackage parse(byte[] utf8) {
    JsonNode node;
    try {
      node = StrictJson.parse(utf8, MAX_BYTES);
    } catch (IdentityException e) {
      throw invalid("package: not JSON or larger than " + MAX_BYTES + " bytes");
    }
    if (!node.isObject()) {
      throw invalid("package: expected an object");
    }
    ObjectNode o = (ObjectNode) node;
    o.fieldNames().forEachRemaining(n -> {
      if (!MEMBERS.contains(n)) {
        throw invalid("package: unknown member " + n);
      }
    });
    if (!TYPE.equals(text(o, "type"))) {
      throw invalid("type: expected " + TYPE);
    }
    if (!NAME.matcher(text(o, "name")).matches() || !VERSION.matcher(text(o, "version")).matches()) {
      throw invalid("name or version: malformed");
    }
    text(o, "publisher");
    text(o, "document");
    text(o, "published");
    try {
      Format.valueOf(text(o, "format").toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid("format: expected markdown or openrpc");
    }
    if (!o.path("proof").isObject()) {
      throw invalid("proof: missing");
    }
    if (o.has("handler") && !o.get("handler").isObject()) {
      throw invalid("handler: expected an object");
    }
    return new ProtocolPackage(o);
  }

  private static String text(ObjectNode o, String member) {
    JsonNode v = o.get(member);
    if (v == null || !v.isTextual()) {
      throw invalid(member + ": missing or not a string");
    }
    return v.textValue();
  }

  static ApplicationException invalid(String message) {
    return new ApplicationException(ApplicationError.INVALID_DESCRIPTION, message);
  }

  /** The protocol name. */
  public String name() {
    return json.get("name").textValue();
  }

  /** The version. */
  public String version() {
    return json.get("version").textValue();
  }

  /** The publisher's DID, as the package states it (checked by the proof). */
  public String publisher() {
    return json.get("publisher").textValue();
  }

  /** The document's format. */
  public Format format() {
    return Format.valueOf(json.get("format").textValue().toUpperCase(java.util.Locale.ROOT));
  }

  /** The protocol document. */
  public String document() {
    return json.get("document").textValue();
  }

  /** The handler's declarative form, if published (a copy). */
  public Optional<JsonNode> handler() {
    return Optional.ofNullable(json.get("handler")).map(JsonNode::deepCopy);
  }

  /** When it was signed, as written. */
  public String published() {
    return json.get("published").textValue();
  }

  /** {@code sha256:<hex>} of the JCS of the signed package. */
  public String contentHash() {
    return hashOf(json);
  }

  /** The signed JSON (a copy). */
  public ObjectNode toJson() {
    return json.deepCopy();
  }

  /** The signed JSON as UTF-8 bytes. */
  public byte[] toBytes() {
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String hashOf(ObjectNode json) {
    try {
      return "sha256:" + Hex.encode(MessageDigest.getInstance("SHA-256").digest(Jcs.canonicalBytes(json)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing", e);
    }
  }

  ObjectNode json() {
    return json;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProtocolPackage p && p.json.equals(json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return "ProtocolPackage[" + name() + " " + version() + " by " + publisher() + "]";
  }
}
