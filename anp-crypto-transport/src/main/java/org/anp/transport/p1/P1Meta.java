package org.anp.transport.p1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code params.meta} object of a P1 request (P1 section 6.2), strictly read: every core field
 * is a string of the right form, an unknown core field is refused (section 12.1), and {@code x_*}
 * extension fields are kept unchanged (they may be ignored but must survive a round trip, since an
 * origin proof covers them).
 *
 * <p>Immutable and thread-safe.
 */
public final class P1Meta {
  /** The P1 profile id, {@code anp.core.binding.v1}. */
  public static final String CORE_PROFILE = "anp.core.binding.v1";
  /** The {@code transport-protected} security profile. */
  public static final String TRANSPORT_PROTECTED = "transport-protected";
  /** The security profiles P1 defines (section 6.2.3). */
  public static final Set<String> SECURITY_PROFILES =
      Set.of(TRANSPORT_PROTECTED, "direct-e2ee", "group-e2ee");

  private static final Set<String> CORE_FIELDS =
      Set.of(
          "anp_version",
          "profile",
          "security_profile",
          "sender_did",
          "sender_device_id",
          "recipient_device_id",
          "target",
          "operation_id",
          "message_id",
          "created_at",
          "content_type");

  private final Map<String, String> strings;
  private final Optional<P1Target> target;
  private final Map<String, JsonNode> extensions;

  private P1Meta(Map<String, String> strings, Optional<P1Target> target, Map<String, JsonNode> extensions) {
    this.strings = Collections.unmodifiableMap(new LinkedHashMap<>(strings));
    this.target = target;
    this.extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  /** A builder for {@code profile}, with security profile {@value #TRANSPORT_PROTECTED}. */
  public static Builder builder(String profile) {
    return new Builder().put("profile", profile).put("security_profile", TRANSPORT_PROTECTED);
  }

  /** {@code profile}: the one profile that interprets this request. */
  public String profile() {
    return strings.get("profile");
  }

  /** {@code security_profile}. */
  public String securityProfile() {
    return strings.get("security_profile");
  }

  /** {@code sender_did}: the claimed business sender (not proven unless an origin proof says so). */
  public Optional<String> senderDid() {
    return field("sender_did");
  }

  /** {@code target}. */
  public Optional<P1Target> target() {
    return target;
  }

  /** {@code operation_id}. */
  public Optional<String> operationId() {
    return field("operation_id");
  }

  /** {@code message_id}. */
  public Optional<String> messageId() {
    return field("message_id");
  }

  /** {@code created_at} (RFC 3339, as sent). */
  public Optional<String> createdAt() {
    return field("created_at");
  }

  /** {@code content_type}. */
  public Optional<String> contentType() {
    return field("content_type");
  }

  /** {@code sender_device_id} or {@code recipient_device_id}: only E2EE overlays may use them. */
  public boolean hasDeviceSelector() {
    return strings.containsKey("sender_device_id") || strings.containsKey("recipient_device_id");
  }

  /** Any string field by its wire name ({@code anp_version}, {@code sender_device_id}, ...). */
  public Optional<String> field(String wireName) {
    return Optional.ofNullable(strings.get(wireName));
  }

  /** The {@code x_*} extension members (values copied). */
  public Map<String, JsonNode> extensions() {
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    extensions.forEach((k, v) -> copy.put(k, v.deepCopy()));
    return copy;
  }

  /** The wire object; omitted fields stay omitted. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    strings.forEach(o::put);
    target.ifPresent(t -> o.set("target", t.toJson()));
    extensions.forEach((k, v) -> o.set(k, v.deepCopy()));
    return o;
  }

  /**
   * Reads a {@code meta} object.
   *
   * @throws RpcException {@code INVALID_PARAMS_SHAPE} (1003) for a non-object, a missing {@code
   *     profile} or {@code security_profile}, a non-string field, a malformed target or {@code
   *     created_at}, or an unknown non-{@code x_} field; {@code UNSUPPORTED_SECURITY_PROFILE}
   *     (1002) for a security profile P1 does not define; {@code INVALID_TARGET_BINDING} (1014)
   *     for an unknown target kind
   */
  public static P1Meta parse(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw shape("params.meta: expected an object");
    }
    Builder b = new Builder();
    var it = node.fields();
    while (it.hasNext()) {
      var e = it.next();
      String name = e.getKey();
      JsonNode value = e.getValue();
      if (name.startsWith("x_")) {
        b.extension(name, value);
      } else if (!CORE_FIELDS.contains(name)) {
        throw shape("params.meta." + printable(name) + ": unknown core field");
      } else if (name.equals("target")) {
        b.target(parseTarget(value));
      } else {
        if (!value.isTextual() || value.textValue().isEmpty()) {
          throw shape("params.meta." + name + ": expected a non-empty string");
        }
        b.put(name, value.textValue());
      }
    }
    if (!b.strings.containsKey("profile")) {
      throw shape("params.meta.profile: missing");
    }
    if (!b.strings.containsKey("security_profile")) {
      throw shape("params.meta.security_profile: missing");
    }
    if (!SECURITY_PROFILES.contains(b.strings.get("security_profile"))) {
      throw new RpcException(
          CoreRpcError.UNSUPPORTED_SECURITY_PROFILE,
          "params.meta.security_profile: not a P1 security profile");
    }
    String created = b.strings.get("created_at");
    if (created != null) {
      try {
        OffsetDateTime.parse(created);
      } catch (DateTimeParseException ex) {
        throw shape("params.meta.created_at: not an RFC 3339 date-time");
      }
    }
    return b.build();
  }

  private static P1Target parseTarget(JsonNode value) {
    if (!value.isObject() || value.size() != 2) {
      throw shape("params.meta.target: expected {\"kind\",\"did\"}");
    }
    JsonNode kind = value.get("kind");
    JsonNode did = value.get("did");
    if (kind == null || !kind.isTextual() || did == null || !did.isTextual()) {
      throw shape("params.meta.target: kind and did must be strings");
    }
    P1Target.Kind k;
    switch (kind.textValue()) {
      case "agent" -> k = P1Target.Kind.AGENT;
      case "group" -> k = P1Target.Kind.GROUP;
      case "service" -> k = P1Target.Kind.SERVICE;
      default -> throw new RpcException(
          CoreRpcError.INVALID_TARGET_BINDING, "params.meta.target.kind: not agent, group or service");
    }
    if (!did.textValue().startsWith("did:") || did.textValue().length() > 2048) {
      throw shape("params.meta.target.did: not a DID");
    }
    return new P1Target(k, did.textValue());
  }

  private static RpcException shape(String message) {
    return new RpcException(CoreRpcError.INVALID_PARAMS_SHAPE, message);
  }

  static String printable(String s) {
    String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
    StringBuilder out = new StringBuilder();
    for (char c : cut.toCharArray()) {
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof P1Meta m && toJson().equals(m.toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return "P1Meta[" + profile() + ", " + securityProfile() + "]";
  }

  /** Builds a {@link P1Meta}; not thread-safe. */
  public static final class Builder {
    private final Map<String, String> strings = new LinkedHashMap<>();
    private Optional<P1Target> target = Optional.empty();
    private final Map<String, JsonNode> extensions = new LinkedHashMap<>();

    private Builder() {}

    private Builder put(String name, String value) {
      Objects.requireNonNull(value, name);
      strings.put(name, value);
      return this;
    }

    /** {@code security_profile}; one of {@link #SECURITY_PROFILES}. */
    public Builder securityProfile(String securityProfile) {
      if (!SECURITY_PROFILES.contains(securityProfile)) {
        throw new IllegalArgumentException("unknown security profile " + securityProfile);
      }
      return put("security_profile", securityProfile);
    }

    /** {@code sender_did}. */
    public Builder senderDid(String did) {
      return put("sender_did", did);
    }

    /** {@code target}. */
    public Builder target(P1Target target) {
      this.target = Optional.of(Objects.requireNonNull(target, "target"));
      return this;
    }

    /** {@code operation_id}. */
    public Builder operationId(String id) {
      return put("operation_id", id);
    }

    /** {@code message_id}. */
    public Builder messageId(String id) {
      return put("message_id", id);
    }

    /** {@code created_at}, written as RFC 3339 UTC to the second. */
    public Builder createdAt(Instant at) {
      return put("created_at", at.truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** {@code content_type}. */
    public Builder contentType(String type) {
      return put("content_type", type);
    }

    /** An {@code x_*} extension member (copied). */
    public Builder extension(String name, JsonNode value) {
      if (!name.startsWith("x_")) {
        throw new IllegalArgumentException("extension names start with x_: " + name);
      }
      extensions.put(name, value.deepCopy());
      return this;
    }

    /** The meta object. */
    public P1Meta build() {
      return new P1Meta(strings, target, extensions);
    }
  }
}
