package org.anp.meta.selection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.json.Jcs;
import org.anp.transport.p1.RpcException;

/**
 * The default {@link SelectionProvider}: picks among the agent's declared interfaces, offline and
 * deterministically (same declarations, request and time give the same result, byte for byte).
 * Decision record 0033 gives the rules; in short:
 *
 * <ol>
 *   <li>a mode other than the supported ones is 1602;
 *   <li>a {@code requiredSecurityProfile}, or caller security profiles / content types / candidate
 *       profiles, that no declared interface offers are 1604 / 1605 / 1603 (never a silent
 *       downgrade);
 *   <li>the capability: every {@code requiredCapabilities} id must be declared (else 1601), the
 *       first names the selection and an interface must serve all of them; otherwise the capability sharing most intent tags, or named by the intent; none is 1601,
 *       a tie between capabilities or an intent without tags, name or required capabilities is
 *       {@code needs_more_information} with the candidates as alternatives;
 *   <li>a capability for authenticated callers with an anonymous caller is 1607;
 *   <li>its interfaces are filtered by the caller's refs, profiles, security profiles, content
 *       types, {@code maxLatencyMs} and {@code allowNaturalLanguageFallback}; if none is left the
 *       result is {@code rejected}, listing the excluded interfaces and why;
 *   <li>the rest is ranked by {@code preferredInterfaceTypes}, then declaration order; the first
 *       is selected, the others become {@code alternatives}.
 * </ol>
 *
 * <p>{@code validUntil} is the request time plus the configured validity; {@code negotiationDigest}
 * is {@code "sha-256:" + base64url(SHA-256(JCS(result without negotiationDigest)))} (Q3, a local
 * choice that peers treat as opaque). Immutable and thread-safe.
 */
public final class DeclaredInterfacesProvider implements SelectionProvider {
  private final List<DeclaredCapability> capabilities;
  private final List<DeclaredInterface> interfaces;
  private final Set<String> modes;
  private final Duration validity;

  private DeclaredInterfacesProvider(Builder b) {
    this.capabilities = List.copyOf(b.capabilities);
    this.interfaces = List.copyOf(b.interfaces);
    this.modes = Set.copyOf(b.modes);
    this.validity = b.validity;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public NegotiationResult decide(SelectionRequest request) {
    NegotiateRequestBody body = request.body();
    if (!modes.contains(body.effectiveMode())) {
      throw new RpcException(MetaNegotiationError.UNSUPPORTED_NEGOTIATION_MODE, "mode: not supported here");
    }
    NegotiationConstraints constraints = body.constraints().orElse(NegotiationConstraints.none());
    Optional<CallerCapabilities> caller = body.callerCapabilities();
    checkOffered(constraints, caller, body);

    Optional<String> unknown = body.requiredCapabilities().orElse(List.of()).stream()
        .filter(id -> capabilities.stream().noneMatch(c -> c.id().equals(id))).findFirst();
    if (unknown.isPresent()) {
      throw noMatch("requiredCapabilities");
    }
    List<DeclaredCapability> matched = matchCapabilities(body);
    if (matched.isEmpty() && body.requiredCapabilities().isEmpty() && body.intent().tags().isEmpty()
        && body.intent().name().isEmpty()) {
      return NegotiationResult.builder(request.negotiationId(), NegotiationStatus.NEEDS_MORE_INFORMATION)
          .reason("Give intent.intentTags or requiredCapabilities.")
          .alternatives(capabilities.stream().map(c -> alternative("capability", c.id(), "declared")).toList())
          .build();
    }
    if (matched.isEmpty()) {
      throw noMatch("intent");
    }
    if (matched.size() > 1) {
      return NegotiationResult.builder(request.negotiationId(), NegotiationStatus.NEEDS_MORE_INFORMATION)
          .reason("The intent fits several capabilities; name one in requiredCapabilities.")
          .alternatives(matched.stream().map(c -> alternative("capability", c.id(), "matches the intent")).toList())
          .build();
    }
    DeclaredCapability capability = matched.get(0);
    if (capability.requiresAuthentication() && request.authenticatedDid().isEmpty()) {
      throw new RpcException(MetaNegotiationError.AUTHORIZATION_REQUIRED, "authenticate before negotiating this capability");
    }

    List<DeclaredInterface> fitting = new ArrayList<>();
    List<ObjectNode> excluded = new ArrayList<>();
    for (DeclaredInterface i : interfaces) {
      if (!i.capabilityRefs().contains(capability.id())
          || !i.capabilityRefs().containsAll(body.requiredCapabilities().orElse(List.of()))) {
        continue;
      }
      Optional<String> why = exclusion(i, body, constraints, caller);
      if (why.isPresent()) {
        excluded.add(alternative("interface", i.id(), why.get()));
      } else {
        fitting.add(i);
      }
    }
    if (fitting.isEmpty()) {
      return NegotiationResult.builder(request.negotiationId(), NegotiationStatus.REJECTED)
          .reason("No interface of " + capability.id() + " fits the caller's constraints.")
          .alternatives(excluded)
          .build();
    }
    List<String> preferred = constraints.preferredInterfaceTypes().orElse(List.of());
    fitting.sort(Comparator.comparingInt(i -> rank(preferred, i.type())));
    DeclaredInterface chosen = fitting.get(0);

    NegotiationResult.Builder result = NegotiationResult.builder(request.negotiationId(), NegotiationStatus.ACCEPTED)
        .selected(selectedPath(capability, chosen, constraints, caller))
        .execution(ExecutionPlan.of(chosen.executionMode(),
            chosen.humanAuthorization() || capability.requiresHumanAuthorization(), chosen.timeoutMs()))
        .validUntil(request.now().plus(validity));
    if (chosen.requestSchema().isPresent() || chosen.responseSchema().isPresent()) {
      result.schemas(NegotiationSchemas.of(chosen.requestSchema(), chosen.responseSchema()));
    }
    if (fitting.size() > 1) {
      result.alternatives(fitting.subList(1, fitting.size()).stream()
          .map(i -> alternative("interface", i.id(), "also fits")).toList());
    }
    NegotiationResult undigested = result.build();
    return result.negotiationDigest(digest(undigested.toJson())).build();
  }

  private void checkOffered(NegotiationConstraints constraints, Optional<CallerCapabilities> caller, NegotiateRequestBody body) {
    Set<String> security = new LinkedHashSet<>();
    Set<String> types = new LinkedHashSet<>();
    Set<String> profiles = new LinkedHashSet<>();
    for (DeclaredInterface i : interfaces) {
      security.addAll(i.securityProfiles());
      types.addAll(i.contentTypes());
      i.profile().ifPresent(profiles::add);
    }
    if (constraints.requiredSecurityProfile().isPresent() && !security.contains(constraints.requiredSecurityProfile().get())) {
      throw unsupported(MetaNegotiationError.UNSUPPORTED_SECURITY_PROFILE, "requiredSecurityProfile");
    }
    if (caller.flatMap(CallerCapabilities::supportedSecurityProfiles).map(l -> l.stream().noneMatch(security::contains)).orElse(false)) {
      throw unsupported(MetaNegotiationError.UNSUPPORTED_SECURITY_PROFILE, "supportedSecurityProfiles");
    }
    if (caller.flatMap(CallerCapabilities::supportedContentTypes).map(l -> l.stream().noneMatch(types::contains)).orElse(false)) {
      throw unsupported(MetaNegotiationError.UNSUPPORTED_CONTENT_TYPE, "supportedContentTypes");
    }
    Optional<List<JsonNode>> candidates = body.candidateProtocols();
    if (candidates.isPresent() && !candidates.get().isEmpty()
        && candidates.get().stream().allMatch(JsonNode::isTextual)
        && candidates.get().stream().noneMatch(c -> profiles.contains(c.textValue())
            || interfaces.stream().anyMatch(i -> i.url().equals(c.textValue())))) {
      throw unsupported(MetaNegotiationError.UNSUPPORTED_CANDIDATE_PROFILE, "candidateProtocols");
    }
  }

  private List<DeclaredCapability> matchCapabilities(NegotiateRequestBody body) {
    List<String> required = body.requiredCapabilities().orElse(List.of());
    if (!required.isEmpty()) {
      // Every required id is declared (checked before); the first names the selection.
      return capabilities.stream().filter(c -> c.id().equals(required.get(0))).toList();
    }
    List<String> tags = body.intent().tags();
    Map<DeclaredCapability, Integer> scores = new LinkedHashMap<>();
    for (DeclaredCapability c : capabilities) {
      int score = (int) c.intentTags().stream().filter(tags::contains).count();
      if (score == 0 && body.intent().name().isPresent()
          && (body.intent().name().get().equals(c.id()) || c.name().equals(body.intent().name()))) {
        score = 1;
      }
      if (score > 0) {
        scores.put(c, score);
      }
    }
    int best = scores.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    return scores.entrySet().stream().filter(e -> e.getValue() == best).map(Map.Entry::getKey).toList();
  }

  private static Optional<String> exclusion(
      DeclaredInterface i, NegotiateRequestBody body, NegotiationConstraints constraints, Optional<CallerCapabilities> caller) {
    if (body.candidateInterfaceRefs().map(refs -> !refs.contains(i.id())).orElse(false)) {
      return Optional.of("not in candidateInterfaceRefs");
    }
    if (i.profile().isPresent()
        && caller.flatMap(CallerCapabilities::supportedProfiles).map(l -> !l.contains(i.profile().get())).orElse(false)) {
      return Optional.of("profile " + i.profile().get() + " not supported by the caller");
    }
    if (constraints.requiredSecurityProfile().map(p -> !i.securityProfiles().contains(p)).orElse(false)) {
      return Optional.of("requiredSecurityProfile not offered");
    }
    if (caller.flatMap(CallerCapabilities::supportedSecurityProfiles)
        .map(l -> i.securityProfiles().stream().noneMatch(l::contains)).orElse(false)) {
      return Optional.of("no shared security profile");
    }
    if (caller.flatMap(CallerCapabilities::supportedContentTypes)
        .map(l -> i.contentTypes().stream().noneMatch(l::contains)).orElse(false)) {
      return Optional.of("no shared content type");
    }
    if (constraints.maxLatencyMs().isPresent() && i.timeoutMs().map(t -> t > constraints.maxLatencyMs().get()).orElse(false)) {
      return Optional.of("timeout above maxLatencyMs");
    }
    if (DeclaredInterface.NATURAL_LANGUAGE.equals(i.type()) && constraints.allowNaturalLanguageFallback().equals(Optional.of(false))) {
      return Optional.of("natural language not allowed");
    }
    return Optional.empty();
  }

  private static SelectedPath selectedPath(
      DeclaredCapability capability, DeclaredInterface i, NegotiationConstraints constraints, Optional<CallerCapabilities> caller) {
    String security = constraints.requiredSecurityProfile().orElseGet(() -> firstShared(
        i.securityProfiles(), caller.flatMap(CallerCapabilities::supportedSecurityProfiles)));
    List<String> typePreference = constraints.preferredContentTypes()
        .or(() -> caller.flatMap(CallerCapabilities::supportedContentTypes)).orElse(List.of());
    String contentType = i.contentTypes().stream().filter(typePreference::contains).findFirst()
        .orElse(firstShared(i.contentTypes(), caller.flatMap(CallerCapabilities::supportedContentTypes)));
    return new SelectedPath(Optional.of(capability.id()), Optional.of(i.id()), Optional.of(i.protocol()), i.profile(),
        Optional.of(security), Optional.of(contentType), Optional.of(i.url()), Optional.empty(),
        JsonNodeFactory.instance.objectNode());
  }

  private static String firstShared(List<String> offered, Optional<List<String>> accepted) {
    return offered.stream().filter(o -> accepted.map(a -> a.contains(o)).orElse(true)).findFirst().orElse(offered.get(0));
  }

  private static int rank(List<String> preferred, String type) {
    int at = preferred.indexOf(type);
    return at < 0 ? preferred.size() : at;
  }

  private static ObjectNode alternative(String kind, String id, String note) {
    return JsonNodeFactory.instance.objectNode().put(kind, id).put("note", note);
  }

  private static RpcException noMatch(String what) {
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    details.putArray("unmatched").add(what);
    return new RpcException(MetaNegotiationError.NO_MATCHING_INTERFACE
        .toRpcError("No matching interface", false, Optional.of(details)));
  }

  private static RpcException unsupported(MetaNegotiationError code, String constraint) {
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    details.putArray("unsupportedConstraints").add(constraint);
    return new RpcException(code.toRpcError(null, false, Optional.of(details)));
  }

  static String digest(ObjectNode resultWithoutDigest) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(Jcs.canonicalBytes(resultWithoutDigest));
      return "sha-256:" + Base64Codec.encodeUrl(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /** Builds a {@link DeclaredInterfacesProvider}; not thread-safe. */
  public static final class Builder {
    private final List<DeclaredCapability> capabilities = new ArrayList<>();
    private final List<DeclaredInterface> interfaces = new ArrayList<>();
    private final Set<String> modes = new LinkedHashSet<>(Set.of(MetaNegotiation.MODE_STRUCTURED_SELECTION));
    private Duration validity = Duration.ofMinutes(10);

    private Builder() {}

    /** A declared capability. */
    public Builder capability(DeclaredCapability capability) {
      capabilities.add(capability);
      return this;
    }

    /** A declared interface, in the agent description's order. */
    public Builder declaredInterface(DeclaredInterface declared) {
      interfaces.add(declared);
      return this;
    }

    /** Also accepts this mode (default {@code structured_selection} only). */
    public Builder mode(String mode) {
      modes.add(mode);
      return this;
    }

    /** How long a result stays valid ({@code validUntil}); default 10 minutes. */
    public Builder validity(Duration validity) {
      if (validity.isNegative() || validity.isZero()) {
        throw new IllegalArgumentException("validity must be positive");
      }
      this.validity = validity;
      return this;
    }

    /**
     * The provider.
     *
     * @throws IllegalStateException if an interface refers to an undeclared capability
     */
    public DeclaredInterfacesProvider build() {
      for (DeclaredInterface i : interfaces) {
        for (String ref : i.capabilityRefs()) {
          if (capabilities.stream().noneMatch(c -> c.id().equals(ref))) {
            throw new IllegalStateException(i.id() + " refers to undeclared capability " + ref);
          }
        }
      }
      return new DeclaredInterfacesProvider(this);
    }
  }
}
