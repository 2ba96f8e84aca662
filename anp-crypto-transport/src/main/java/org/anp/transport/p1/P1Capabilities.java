package org.anp.transport.p1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;

/**
 * The result of {@code anp.get_capabilities} (P1 section 8): the runtime service identity ({@code
 * service_did}), the supported profiles and security profiles, optionally the supported content
 * types, and implementation limits as decimal strings. Other members are kept unchanged.
 *
 * <p>The runtime answer is authoritative over static hints in DID documents and agent
 * descriptions (P1 section 8.3). Immutable and thread-safe.
 */
public final class P1Capabilities {
  private final String serviceDid;
  private final List<String> profiles;
  private final List<String> securityProfiles;
  private final Optional<List<String>> contentTypes;
  private final Map<String, String> limits;
  private final Map<String, JsonNode> extensions;

  private P1Capabilities(
      String serviceDid,
      List<String> profiles,
      List<String> securityProfiles,
      Optional<List<String>> contentTypes,
      Map<String, String> limits,
      Map<String, JsonNode> extensions) {
    this.serviceDid = Objects.requireNonNull(serviceDid, "serviceDid");
    this.profiles = List.copyOf(profiles);
    this.securityProfiles = List.copyOf(securityProfiles);
    this.contentTypes = contentTypes.map(List::copyOf);
    this.limits = Collections.unmodifiableMap(new LinkedHashMap<>(limits));
    Map<String, JsonNode> ext = new LinkedHashMap<>();
    extensions.forEach((k, v) -> ext.put(k, v.deepCopy()));
    this.extensions = Collections.unmodifiableMap(ext);
  }

  /** Capabilities from their parts; limits are decimal strings by name. */
  public static P1Capabilities of(
      String serviceDid,
      List<String> profiles,
      List<String> securityProfiles,
      Optional<List<String>> contentTypes,
      Map<String, String> limits) {
    return new P1Capabilities(serviceDid, profiles, securityProfiles, contentTypes, limits, Map.of());
  }

  /** {@code service_did}. */
  public String serviceDid() {
    return serviceDid;
  }

  /** {@code supported_profiles}. */
  public List<String> profiles() {
    return profiles;
  }

  /** {@code supported_security_profiles}. */
  public List<String> securityProfiles() {
    return securityProfiles;
  }

  /** {@code supported_content_types}, if the peer sent them. */
  public Optional<List<String>> contentTypes() {
    return contentTypes;
  }

  /** {@code limits}, each a decimal string. */
  public Map<String, String> limits() {
    return limits;
  }

  /** Whether {@code profile} is listed. */
  public boolean supports(String profile) {
    return profiles.contains(profile);
  }

  /** The other members of the result (copies). */
  public Map<String, JsonNode> extensions() {
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    extensions.forEach((k, v) -> copy.put(k, v.deepCopy()));
    return copy;
  }

  /** The result object. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("service_did", serviceDid);
    profiles.forEach(o.putArray("supported_profiles")::add);
    securityProfiles.forEach(o.putArray("supported_security_profiles")::add);
    contentTypes.ifPresent(c -> c.forEach(o.putArray("supported_content_types")::add));
    ObjectNode l = o.putObject("limits");
    limits.forEach(l::put);
    extensions.forEach((k, v) -> o.set(k, v.deepCopy()));
    return o;
  }

  /**
   * Reads a result. Limits given as JSON integers are accepted and kept as decimal strings
   * (spec/anp-v1.2.md Q27).
   *
   * @throws TransportException {@code INVALID_MESSAGE} naming the member at fault
   */
  public static P1Capabilities parse(JsonNode result) {
    if (result == null || !result.isObject()) {
      throw bad("result: expected an object");
    }
    JsonNode did = result.get("service_did");
    if (did == null || !did.isTextual() || !did.textValue().startsWith("did:")) {
      throw bad("result.service_did: expected a DID");
    }
    List<String> profiles = strings(result, "supported_profiles", true).orElseThrow();
    List<String> security = strings(result, "supported_security_profiles", true).orElseThrow();
    Optional<List<String>> types = strings(result, "supported_content_types", false);
    Map<String, String> limits = new LinkedHashMap<>();
    JsonNode l = result.get("limits");
    if (l != null) {
      if (!l.isObject()) {
        throw bad("result.limits: expected an object");
      }
      var it = l.fields();
      while (it.hasNext()) {
        var e = it.next();
        JsonNode v = e.getValue();
        if (v.isTextual()) {
          try {
            P1Fields.parseCounter(v.textValue(), "limits." + e.getKey());
          } catch (RpcException ex) {
            throw bad("result." + ex.error().message());
          }
          limits.put(e.getKey(), v.textValue());
        } else if (v.isIntegralNumber() && v.bigIntegerValue().signum() >= 0) {
          limits.put(e.getKey(), v.bigIntegerValue().toString());
        } else {
          throw bad("result.limits." + P1Meta.printable(e.getKey()) + ": expected a decimal string");
        }
      }
    }
    Map<String, JsonNode> ext = new LinkedHashMap<>();
    var names = result.fields();
    while (names.hasNext()) {
      var e = names.next();
      switch (e.getKey()) {
        case "service_did", "supported_profiles", "supported_security_profiles", "supported_content_types", "limits" -> { }
        default -> ext.put(e.getKey(), e.getValue());
      }
    }
    return new P1Capabilities(did.textValue(), profiles, security, types, limits, ext);
  }

  private static Optional<List<String>> strings(JsonNode o, String name, boolean required) {
    JsonNode v = o.get(name);
    if (v == null) {
      if (required) {
        throw bad("result." + name + ": missing");
      }
      return Optional.empty();
    }
    if (!v.isArray()) {
      throw bad("result." + name + ": expected an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : v) {
      if (!item.isTextual()) {
        throw bad("result." + name + ": expected an array of strings");
      }
      out.add(item.textValue());
    }
    return Optional.of(out);
  }

  private static TransportException bad(String message) {
    return new TransportException(TransportError.INVALID_MESSAGE, message);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof P1Capabilities c && toJson().equals(c.toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return "P1Capabilities[" + serviceDid + ", " + profiles + "]";
  }
}
