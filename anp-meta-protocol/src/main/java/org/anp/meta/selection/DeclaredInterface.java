package org.anp.meta.selection;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An interface the agent already offers (an entry of its agent description's {@code interfaces}
 * with the ANP-06 extension members {@code id}, {@code profile}, {@code capabilityRefs}), with what
 * the default provider needs to decide: security profiles, content types, schemas and how to
 * execute it. Immutable.
 */
public final class DeclaredInterface {
  /** ANP-07's structured interface type. */
  public static final String STRUCTURED = "StructuredInterface";
  /** ANP-07's natural-language interface type. */
  public static final String NATURAL_LANGUAGE = "NaturalLanguageInterface";

  private final String id;
  private final String type;
  private final String protocol;
  private final String url;
  private final Optional<String> profile;
  private final List<String> capabilityRefs;
  private final List<String> securityProfiles;
  private final List<String> contentTypes;
  private final boolean humanAuthorization;
  private final String executionMode;
  private final Optional<Long> timeoutMs;
  private final Optional<String> requestSchema;
  private final Optional<String> responseSchema;

  private DeclaredInterface(Builder b) {
    this.id = b.id;
    this.type = b.type;
    this.protocol = b.protocol;
    this.url = b.url;
    this.profile = b.profile;
    this.capabilityRefs = List.copyOf(b.capabilityRefs);
    this.securityProfiles = List.copyOf(b.securityProfiles);
    this.contentTypes = List.copyOf(b.contentTypes);
    this.humanAuthorization = b.humanAuthorization;
    this.executionMode = b.executionMode.orElse(
        NATURAL_LANGUAGE.equals(b.type) ? "natural_language" : "direct_structured_call");
    this.timeoutMs = b.timeoutMs;
    this.requestSchema = b.requestSchema;
    this.responseSchema = b.responseSchema;
  }

  /** A builder: the interface's {@code id}, {@code type}, {@code protocol} and {@code url}. */
  public static Builder builder(String id, String type, String protocol, String url) {
    return new Builder(id, type, protocol, url);
  }

  /** {@code id}. */
  public String id() {
    return id;
  }

  /** {@code type}, e.g. {@link #STRUCTURED}. */
  public String type() {
    return type;
  }

  /** {@code protocol}, e.g. {@code openrpc}, {@code YAML}, {@code MCP}. */
  public String protocol() {
    return protocol;
  }

  /** {@code url}. */
  public String url() {
    return url;
  }

  /** {@code profile}, e.g. {@code anp.rpc.v1}. */
  public Optional<String> profile() {
    return profile;
  }

  /** The capabilities it serves. */
  public List<String> capabilityRefs() {
    return capabilityRefs;
  }

  /** The security profiles it runs under, preferred first. */
  public List<String> securityProfiles() {
    return securityProfiles;
  }

  /** The content types it accepts, preferred first. */
  public List<String> contentTypes() {
    return contentTypes;
  }

  /** {@code humanAuthorization}. */
  public boolean humanAuthorization() {
    return humanAuthorization;
  }

  /** The {@code execution.mode} a selection of it gets. */
  public String executionMode() {
    return executionMode;
  }

  /** The {@code execution.timeoutMs} a selection of it gets. */
  public Optional<Long> timeoutMs() {
    return timeoutMs;
  }

  /** The request schema URI. */
  public Optional<String> requestSchema() {
    return requestSchema;
  }

  /** The response schema URI. */
  public Optional<String> responseSchema() {
    return responseSchema;
  }

  @Override
  public String toString() {
    return "DeclaredInterface[" + id + ", " + type + "]";
  }

  /** Builds a {@link DeclaredInterface}; not thread-safe. */
  public static final class Builder {
    private final String id;
    private final String type;
    private final String protocol;
    private final String url;
    private Optional<String> profile = Optional.empty();
    private final List<String> capabilityRefs = new ArrayList<>();
    private final List<String> securityProfiles = new ArrayList<>(List.of(MetaNegotiation.TRANSPORT_PROTECTED));
    private final List<String> contentTypes = new ArrayList<>(List.of("application/json"));
    private boolean humanAuthorization;
    private Optional<String> executionMode = Optional.empty();
    private Optional<Long> timeoutMs = Optional.empty();
    private Optional<String> requestSchema = Optional.empty();
    private Optional<String> responseSchema = Optional.empty();

    private Builder(String id, String type, String protocol, String url) {
      this.id = Objects.requireNonNull(id, "id");
      this.type = Objects.requireNonNull(type, "type");
      this.protocol = Objects.requireNonNull(protocol, "protocol");
      this.url = Objects.requireNonNull(url, "url");
    }

    /** {@code profile}. */
    public Builder profile(String profile) {
      this.profile = Optional.of(profile);
      return this;
    }

    /** The capabilities it serves. */
    public Builder capabilities(String... ids) {
      capabilityRefs.addAll(List.of(ids));
      return this;
    }

    /** Its security profiles (replacing the default {@code transport-protected}). */
    public Builder securityProfiles(String... profiles) {
      securityProfiles.clear();
      securityProfiles.addAll(List.of(profiles));
      return this;
    }

    /** Its content types (replacing the default {@code application/json}). */
    public Builder contentTypes(String... types) {
      contentTypes.clear();
      contentTypes.addAll(List.of(types));
      return this;
    }

    /** Marks it as needing human approval for business calls. */
    public Builder humanAuthorization() {
      this.humanAuthorization = true;
      return this;
    }

    /** The execution mode (default by type: structured call or natural language). */
    public Builder executionMode(String mode) {
      this.executionMode = Optional.of(mode);
      return this;
    }

    /** The execution timeout in milliseconds (at least 0). */
    public Builder timeoutMs(long ms) {
      if (ms < 0) {
        throw new IllegalArgumentException("timeoutMs < 0");
      }
      this.timeoutMs = Optional.of(ms);
      return this;
    }

    /** Request and response schema URIs. */
    public Builder schemas(String request, String response) {
      this.requestSchema = Optional.of(request);
      this.responseSchema = Optional.of(response);
      return this;
    }

    /** The interface. */
    public DeclaredInterface build() {
      if (securityProfiles.isEmpty()) {
        throw new IllegalArgumentException("at least one security profile");
      }
      return new DeclaredInterface(this);
    }
  }
}
