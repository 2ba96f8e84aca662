package org.anp.identity.did;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;

/**
 * The {@code ANPMessageService} entry of a DID document (ANP 1.2 profile P2, {@code
 * anp.identity.discovery.v1}): where the agent's P1 endpoint is, with static hints of the profiles
 * and security profiles it serves and the DID of the service that answers there. The hints are
 * only hints: {@code anp.get_capabilities} is authoritative at run time.
 *
 * <p>Immutable and thread-safe.
 *
 * @param fragment the entry's id fragment (without {@code #}), e.g. {@code message}
 * @param endpoint the {@code serviceEndpoint}: an absolute {@code https}, {@code wss}, {@code http}
 *     or {@code ws} URI with a host
 * @param serviceDid {@code serviceDid}: the DID of the service at the endpoint (needed when it is
 *     not the document's own domain)
 * @param profiles {@code profiles}, e.g. {@value #CORE_PROFILE}
 * @param securityProfiles {@code securityProfiles}, e.g. {@code transport-protected}
 */
public record AnpMessageService(
    String fragment,
    URI endpoint,
    Optional<String> serviceDid,
    List<String> profiles,
    List<String> securityProfiles) {

  /** The service type. */
  public static final String TYPE = "ANPMessageService";
  /** The P1 core binding profile id. */
  public static final String CORE_PROFILE = "anp.core.binding.v1";
  /** The P2 identity and discovery profile id. */
  public static final String DISCOVERY_PROFILE = "anp.identity.discovery.v1";

  /** Checks the endpoint and copies the lists. */
  public AnpMessageService {
    Objects.requireNonNull(fragment, "fragment");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(serviceDid, "serviceDid");
    if (!fragment.matches("[A-Za-z0-9._~-]+")) {
      throw new IllegalArgumentException("not a service fragment: " + fragment);
    }
    String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (!List.of("https", "wss", "http", "ws").contains(scheme) || endpoint.getHost() == null) {
      throw new IllegalArgumentException(
          "serviceEndpoint must be an absolute https, wss, http or ws URL with a host: " + endpoint);
    }
    profiles = List.copyOf(profiles);
    securityProfiles = List.copyOf(securityProfiles);
  }

  /**
   * The entry this library writes for an endpoint: fragment {@code message}, profiles P1 and P2,
   * security profile {@code transport-protected}, no {@code serviceDid}.
   */
  public static AnpMessageService at(URI endpoint) {
    return new AnpMessageService("message", endpoint, Optional.empty(),
        List.of(CORE_PROFILE, DISCOVERY_PROFILE), List.of("transport-protected"));
  }

  /** This entry with {@code serviceDid}. */
  public AnpMessageService withServiceDid(Did did) {
    return new AnpMessageService(fragment, endpoint, Optional.of(did.toString()), profiles, securityProfiles);
  }

  /**
   * The document's {@code ANPMessageService}, if it has one.
   *
   * @throws IdentityException {@code INVALID_DOCUMENT} if it has more than one (P2 allows exactly
   *     one, and two endpoints would leave the caller guessing which to trust), or the entry is
   *     malformed (its endpoint is not one URL, a hint is not a string or list of strings), naming
   *     the member
   */
  public static Optional<AnpMessageService> of(DidDocument document) {
    List<Service> entries = document.services().stream().filter(s -> s.type().equals(TYPE)).toList();
    if (entries.isEmpty()) {
      return Optional.empty();
    }
    if (entries.size() > 1) {
      throw invalid(document, "has " + entries.size() + " " + TYPE + " entries; P2 allows one");
    }
    Service entry = entries.get(0);
    String id = entry.id();
    int hash = id.indexOf('#');
    String fragment = hash < 0 ? "" : id.substring(hash + 1);
    if (hash < 0 || (hash > 0 && !id.substring(0, hash).equals(document.id().toString()))) {
      throw invalid(document, "service " + id + ": id is not <did>#<fragment> of this document");
    }
    String endpointText = entry.endpointUri()
        .orElseThrow(() -> invalid(document, "service " + id + ": serviceEndpoint is not one URL"));
    ObjectNode json = entry.json();
    JsonNode did = json.get("serviceDid");
    if (did != null && !did.isTextual()) {
      throw invalid(document, "service " + id + ": serviceDid is not a string");
    }
    try {
      return Optional.of(new AnpMessageService(fragment, new URI(endpointText),
          Optional.ofNullable(did).map(JsonNode::textValue),
          strings(document, json, "profiles"), strings(document, json, "securityProfiles")));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw invalid(document, "service " + id + ": " + e.getMessage());
    }
  }

  /** The entry as written into the document of {@code did}. */
  public ObjectNode toJson(Did did) {
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.put("id", did + "#" + fragment);
    entry.put("type", TYPE);
    entry.put("serviceEndpoint", endpoint.toString());
    serviceDid.ifPresent(d -> entry.put("serviceDid", d));
    profiles.forEach(entry.putArray("profiles")::add);
    securityProfiles.forEach(entry.putArray("securityProfiles")::add);
    return entry;
  }

  private static List<String> strings(DidDocument document, ObjectNode json, String member) {
    JsonNode node = json.get(member);
    List<String> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    if (!node.isArray()) {
      throw invalid(document, TYPE + "." + member + ": not a list");
    }
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        throw invalid(document, TYPE + "." + member + ": an item is not a string");
      }
      out.add(item.textValue());
    }
    return out;
  }

  private static IdentityException invalid(DidDocument document, String reason) {
    return new IdentityException(IdentityError.INVALID_DOCUMENT, document.id() + ": " + reason);
  }
}
