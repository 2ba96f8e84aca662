package org.anp.application.description;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.internal.description.DescriptionReader;
import org.anp.application.internal.description.DescriptionWriter;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;

/**
 * An agent description (ANP-07): who the agent is, how to authenticate to it and which interfaces
 * it offers. One model for the three published shapes ({@link DescriptionFormat}): {@link
 * #parse(byte[])} reads any of them, {@link #toJson()} writes ANP-07 1.2 and {@link
 * #toJson(DescriptionFormat)} any shape. Members the model does not know are kept in {@link
 * #extensions()} and written back.
 *
 * <p>A parsed description also keeps the JSON tree as received ({@link #receivedJson()}): the
 * proof is verified over that tree, never over a re-serialized model. Parsing checks structure and
 * types; {@link DescriptionSchemas} checks the document against the JSON Schema of its format; and
 * only {@link DescriptionVerifier} says whether the description may be trusted.
 *
 * <p>Immutable and thread-safe. Equality compares the model, not the received tree.
 */
public final class AgentDescription {
  /** The default size limit of a description: 256 KiB. */
  public static final int DEFAULT_MAX_BYTES = 256 * 1024;
  /** The {@code protocolVersion} written when the model has none: ANP-07's {@code "1.0.0"}. */
  public static final String DEFAULT_PROTOCOL_VERSION = "1.0.0";

  private final DescriptionFormat format;
  private final Optional<String> protocolVersion;
  private final String name;
  private final Optional<String> did;
  private final Optional<String> url;
  private final Optional<String> description;
  private final Optional<String> version;
  private final Optional<String> created;
  private final Optional<Owner> owner;
  private final Map<String, SecurityScheme> securityDefinitions;
  private final List<String> security;
  private final List<Information> informations;
  private final List<AgentInterface> interfaces;
  private final Optional<DescriptionProof> proof;
  private final Extensions extensions;
  private final ObjectNode received;

  private AgentDescription(Builder b, ObjectNode received) {
    this.format = b.format;
    this.protocolVersion = b.protocolVersion;
    this.name = b.name;
    this.did = b.did;
    this.url = b.url;
    this.description = b.description;
    this.version = b.version;
    this.created = b.created;
    this.owner = b.owner;
    this.securityDefinitions = Collections.unmodifiableMap(new LinkedHashMap<>(b.securityDefinitions));
    this.security = List.copyOf(b.security);
    this.informations = List.copyOf(b.informations);
    this.interfaces = List.copyOf(b.interfaces);
    this.proof = b.proof;
    this.extensions = b.extensions;
    this.received = received;
  }

  /**
   * Parses a description of at most {@link #DEFAULT_MAX_BYTES} bytes of UTF-8 JSON.
   *
   * @throws ApplicationException {@code DESCRIPTION_TOO_LARGE}, or {@code INVALID_DESCRIPTION}
   *     naming the member that is missing, of a wrong type or of an unknown shape
   */
  public static AgentDescription parse(byte[] utf8) {
    return parse(utf8, DEFAULT_MAX_BYTES);
  }

  /** Parses a description of at most {@code maxBytes} bytes; see {@link #parse(byte[])}. */
  public static AgentDescription parse(byte[] utf8, int maxBytes) {
    Objects.requireNonNull(utf8, "utf8");
    JsonNode json = parseJson(utf8, maxBytes);
    if (!json.isObject()) {
      throw new ApplicationException(
          ApplicationError.INVALID_DESCRIPTION, "description: expected a JSON object");
    }
    // The tree was made here and is not shared: no copy needed.
    return fromOwnedTree((ObjectNode) json);
  }

  /** Parses a description given as text; see {@link #parse(byte[])}. */
  public static AgentDescription parse(String json) {
    Objects.requireNonNull(json, "json");
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a description from a JSON tree, which is copied.
   *
   * @throws ApplicationException {@code INVALID_DESCRIPTION} as in {@link #parse(byte[])}
   */
  public static AgentDescription fromJson(JsonNode json) {
    Objects.requireNonNull(json, "json");
    if (!json.isObject()) {
      throw new ApplicationException(
          ApplicationError.INVALID_DESCRIPTION, "description: expected a JSON object");
    }
    return fromOwnedTree(((ObjectNode) json).deepCopy());
  }

  private static AgentDescription fromOwnedTree(ObjectNode tree) {
    Builder builder = DescriptionReader.read(tree);
    builder.checkSecurityNames();
    return new AgentDescription(builder, tree);
  }

  /**
   * Parses UTF-8 JSON with the strict reader and the given size limit, mapping its errors to
   * {@code DESCRIPTION_TOO_LARGE} and {@code INVALID_DESCRIPTION}.
   */
  private static JsonNode parseJson(byte[] utf8, int maxBytes) {
    try {
      return StrictJson.parse(utf8, maxBytes);
    } catch (IdentityException e) {
      if (e.code() == IdentityError.INPUT_TOO_LARGE) {
        throw new ApplicationException(
            ApplicationError.DESCRIPTION_TOO_LARGE,
            "description: " + utf8.length + " bytes, limit " + maxBytes,
            e);
      }
      throw new ApplicationException(
          ApplicationError.INVALID_DESCRIPTION, "description: not valid JSON", e);
    }
  }

  /** A builder of a new description named {@code name}, in the {@link DescriptionFormat#ANP_1_2} shape. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder seeded with this description's model (not its received tree). */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The shape this description was read in, or is meant to be written in. */
  public DescriptionFormat format() {
    return format;
  }

  /** {@code protocolVersion} as read (1.2 and SDK shapes); absent for the JSON-LD shape. */
  public Optional<String> protocolVersion() {
    return protocolVersion;
  }

  /** The human-readable name. */
  public String name() {
    return name;
  }

  /** The agent's DID ({@code did}; {@code identifier} in the SDK shape). */
  public Optional<String> did() {
    return did;
  }

  /** Where the description is published ({@code url}; {@code @id} in JSON-LD). */
  public Optional<String> url() {
    return url;
  }

  /** The free-text description. */
  public Optional<String> description() {
    return description;
  }

  /** The description's own version (earlier shape). */
  public Optional<String> version() {
    return version;
  }

  /** When the description was created, ISO 8601 as written. */
  public Optional<String> created() {
    return created;
  }

  /** The owner. */
  public Optional<Owner> owner() {
    return owner;
  }

  /** The security schemes by name, in the order written. */
  public Map<String, SecurityScheme> securityDefinitions() {
    return securityDefinitions;
  }

  /** The names of the schemes that apply to every interface (all of them are required). */
  public List<String> security() {
    return security;
  }

  /** The {@code Infomations} list (ANP-07 1.2). */
  public List<Information> informations() {
    return informations;
  }

  /** The interfaces. */
  public List<AgentInterface> interfaces() {
    return interfaces;
  }

  /** The proof as written; see {@link DescriptionVerifier} for its check. */
  public Optional<DescriptionProof> proof() {
    return proof;
  }

  /** The top-level members the model does not know, such as {@code @context} or {@code ad:domainEntity}. */
  public Extensions extensions() {
    return extensions;
  }

  /**
   * A copy of the JSON tree this description was parsed from, or, for a built description, its
   * {@link #toJson(DescriptionFormat)} in its own format.
   */
  public ObjectNode receivedJson() {
    return received != null ? received.deepCopy() : toJson(format);
  }

  /** The received tree itself (or this description written in its format); never to be changed. */
  ObjectNode signedTree() {
    return received != null ? received : toJson(format);
  }

  /** Whether this description was parsed (and {@link #receivedJson()} is the tree received). */
  public boolean isParsed() {
    return received != null;
  }

  /** This description written in the ANP-07 1.2 shape. */
  public ObjectNode toJson() {
    return toJson(DescriptionFormat.ANP_1_2);
  }

  /** This description written in the given shape. */
  public ObjectNode toJson(DescriptionFormat format) {
    Objects.requireNonNull(format, "format");
    return DescriptionWriter.write(this, format);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof AgentDescription d)) {
      return false;
    }
    return format == d.format
        && protocolVersion.equals(d.protocolVersion)
        && name.equals(d.name)
        && did.equals(d.did)
        && url.equals(d.url)
        && description.equals(d.description)
        && version.equals(d.version)
        && created.equals(d.created)
        && owner.equals(d.owner)
        && securityDefinitions.equals(d.securityDefinitions)
        && security.equals(d.security)
        && informations.equals(d.informations)
        && interfaces.equals(d.interfaces)
        && proof.equals(d.proof)
        && extensions.equals(d.extensions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(format, name, did, url, interfaces, proof);
  }

  @Override
  public String toString() {
    return "AgentDescription[" + format + ", " + name + ", " + did.orElse("no did") + ", "
        + interfaces.size() + " interfaces" + (proof.isPresent() ? ", signed" : "") + "]";
  }

  /**
   * Builds a description. Defaults: format {@link DescriptionFormat#ANP_1_2}, no members but the
   * name. {@link #build()} checks that every name in {@code security} has a definition. Not
   * thread-safe.
   */
  public static final class Builder {
    private DescriptionFormat format = DescriptionFormat.ANP_1_2;
    private Optional<String> protocolVersion = Optional.empty();
    private String name;
    private Optional<String> did = Optional.empty();
    private Optional<String> url = Optional.empty();
    private Optional<String> description = Optional.empty();
    private Optional<String> version = Optional.empty();
    private Optional<String> created = Optional.empty();
    private Optional<Owner> owner = Optional.empty();
    private final Map<String, SecurityScheme> securityDefinitions = new LinkedHashMap<>();
    private List<String> security = new ArrayList<>();
    private final List<Information> informations = new ArrayList<>();
    private final List<AgentInterface> interfaces = new ArrayList<>();
    private Optional<DescriptionProof> proof = Optional.empty();
    private Extensions extensions = Extensions.empty();

    private Builder(String name) {
      name(name);
    }

    private Builder(AgentDescription d) {
      format = d.format;
      protocolVersion = d.protocolVersion;
      name = d.name;
      did = d.did;
      url = d.url;
      description = d.description;
      version = d.version;
      created = d.created;
      owner = d.owner;
      securityDefinitions.putAll(d.securityDefinitions);
      security = new ArrayList<>(d.security);
      informations.addAll(d.informations);
      interfaces.addAll(d.interfaces);
      proof = d.proof;
      extensions = d.extensions;
    }

    /** The shape the description is written in by default. */
    public Builder format(DescriptionFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /** {@code protocolVersion}; {@link #DEFAULT_PROTOCOL_VERSION} is written when absent. */
    public Builder protocolVersion(String protocolVersion) {
      this.protocolVersion = Optional.of(protocolVersion);
      return this;
    }

    /** The name; must not be empty. */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("name: empty");
      }
      this.name = name;
      return this;
    }

    /** The agent's DID. */
    public Builder did(String did) {
      this.did = Optional.of(did);
      return this;
    }

    /** Where the description is published. */
    public Builder url(String url) {
      this.url = Optional.of(url);
      return this;
    }

    /** The free-text description. */
    public Builder description(String description) {
      this.description = Optional.of(description);
      return this;
    }

    /** The description's own version. */
    public Builder version(String version) {
      this.version = Optional.of(version);
      return this;
    }

    /** The creation time, ISO 8601. */
    public Builder created(String created) {
      this.created = Optional.of(created);
      return this;
    }

    /** The owner. */
    public Builder owner(Owner owner) {
      this.owner = Optional.of(owner);
      return this;
    }

    /** Adds (or replaces) a security definition. */
    public Builder securityDefinition(String name, SecurityScheme scheme) {
      securityDefinitions.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(scheme, "scheme"));
      return this;
    }

    /** The names of the schemes required for every interface. */
    public Builder security(List<String> names) {
      this.security = new ArrayList<>(List.copyOf(names));
      return this;
    }

    /** Adds an {@code Infomations} entry. */
    public Builder information(Information information) {
      informations.add(Objects.requireNonNull(information, "information"));
      return this;
    }

    /** Adds an interface. */
    public Builder addInterface(AgentInterface agentInterface) {
      interfaces.add(Objects.requireNonNull(agentInterface, "agentInterface"));
      return this;
    }

    /** Removes every interface. */
    public Builder clearInterfaces() {
      interfaces.clear();
      return this;
    }

    /** The proof, or none. */
    public Builder proof(Optional<DescriptionProof> proof) {
      this.proof = Objects.requireNonNull(proof, "proof");
      return this;
    }

    /** The members the model does not know. */
    public Builder extensions(Extensions extensions) {
      this.extensions = Objects.requireNonNull(extensions, "extensions");
      return this;
    }

    /**
     * Builds the description.
     *
     * @throws IllegalArgumentException if a name in {@code security} has no definition
     */
    public AgentDescription build() {
      String missing = missingSecurityName();
      if (missing != null) {
        throw new IllegalArgumentException("security: no definition named " + missing);
      }
      return new AgentDescription(this, null);
    }

    private void checkSecurityNames() {
      String missing = missingSecurityName();
      if (missing != null) {
        throw new ApplicationException(
            ApplicationError.INVALID_DESCRIPTION, "security: no definition named " + missing);
      }
    }

    private String missingSecurityName() {
      for (String s : security) {
        if (!securityDefinitions.containsKey(s)) {
          return s;
        }
      }
      return null;
    }
  }
}
