package org.anp.application.internal.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.anp.application.client.RemoteMethod;
import org.anp.application.client.RemoteOperation;
import org.anp.application.description.AgentDescription;
import org.anp.application.description.AgentInterface;
import org.anp.application.discovery.DiscoveryFetcher;
import org.anp.application.internal.client.OpenApiReader;
import org.anp.application.internal.client.OpenRpcReader;
import org.anp.application.internal.client.YamlDocuments;
import org.anp.application.registry.ProtocolReference;
import org.anp.application.search.CapabilityFacet;
import org.anp.identity.json.StrictJson;

/**
 * The {@link CapabilityFacet}s of a verified description (decision 0076): interface types and
 * protocols, ANP-06 capabilities and intent tags, registry protocols, and the method names of its
 * interface documents (OpenRPC, OpenAPI 3, ANP YAML; inline OpenRPC {@code content} too). Interface
 * documents are fetched only from the description's origin, at most 16 per description; one that
 * cannot be fetched or read only contributes no method names.
 */
public final class CapabilityFacets {
  private static final int MAX_FACETS = 500;
  /** The most interface documents fetched for one description. */
  private static final int MAX_DOCUMENTS = 16;

  private CapabilityFacets() {}

  /** The facets of {@code d}, fetched from {@code url}; never fails. */
  public static CompletableFuture<List<CapabilityFacet>> of(
      AgentDescription d, URI url, DiscoveryFetcher fetcher, int maxDocumentBytes) {
    Set<String> facets = new LinkedHashSet<>();
    List<CompletableFuture<List<String>>> methods = new ArrayList<>();
    for (AgentInterface i : d.interfaces()) {
      add(facets, "interface", i.type());
      i.protocol().ifPresent(p -> add(facets, "protocol", p));
      i.extensions().get("capabilityRefs").ifPresent(refs -> refs.forEach(r -> add(facets, "capability", r.asText(""))));
      i.extensions().get("content").filter(JsonNode::isObject)
          .ifPresent(c -> c.path("methods").forEach(m -> add(facets, "method", m.path("name").asText(""))));
      Optional<String> protocol = i.protocol().map(p -> p.toLowerCase(Locale.ROOT));
      if (i.url().isPresent() && protocol.isPresent() && methods.size() < MAX_DOCUMENTS
          && Set.of("openrpc", "yaml", "openapi").contains(protocol.get())) {
        methods.add(methodNames(i.url().get(), protocol.get(), url, fetcher, maxDocumentBytes));
      }
    }
    ProtocolReference.listedIn(d).forEach(r -> add(facets, "package", r.name()));
    d.extensions().get("capabilities").ifPresent(caps -> caps.forEach(c -> {
      add(facets, "capability", c.path("id").asText(""));
      add(facets, "capability", c.path("name").asText(""));
      c.path("intentTags").forEach(t -> add(facets, "tag", t.asText("")));
    }));
    return CompletableFuture.allOf(methods.toArray(CompletableFuture[]::new)).thenApply(v -> {
      methods.forEach(m -> m.join().forEach(name -> add(facets, "method", name)));
      List<CapabilityFacet> out = new ArrayList<>();
      for (String f : facets) {
        if (out.size() == MAX_FACETS) {
          break;
        }
        out.add(CapabilityFacet.parse(f));
      }
      return List.copyOf(out);
    });
  }

  private static CompletableFuture<List<String>> methodNames(
      String interfaceUrl, String protocol, URI descriptionUrl, DiscoveryFetcher fetcher, int maxBytes) {
    URI doc;
    try {
      doc = descriptionUrl.resolve(interfaceUrl);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(List.of());
    }
    if (!sameOrigin(doc, descriptionUrl)) {
      return CompletableFuture.completedFuture(List.of());
    }
    return fetcher.fetch(doc, maxBytes).thenApply(bytes -> {
      if (protocol.equals("openrpc")) {
        return OpenRpcReader.methods(StrictJson.parse(bytes, maxBytes), doc, descriptionUrl).stream()
            .map(RemoteMethod::name).toList();
      }
      return OpenApiReader.operations(YamlDocuments.parse(bytes, maxBytes), doc, descriptionUrl).stream()
          .map(RemoteOperation::name).toList();
    }).exceptionally(t -> List.of());
  }

  private static boolean sameOrigin(URI a, URI b) {
    return String.valueOf(a.getScheme()).equalsIgnoreCase(String.valueOf(b.getScheme()))
        && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
        && a.getPort() == b.getPort();
  }

  private static void add(Set<String> facets, String kind, String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (!v.isEmpty() && v.length() <= 200) {
      facets.add(kind + ":" + v);
    }
  }
}
