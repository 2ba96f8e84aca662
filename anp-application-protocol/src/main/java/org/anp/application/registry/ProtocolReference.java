package org.anp.application.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.anp.application.description.AgentDescription;
import org.anp.application.description.AgentInterface;
import org.anp.application.description.Extensions;

/**
 * A protocol an agent says it supports, as listed in its description: the registry package's name,
 * version, content hash and publisher, and where the package can be fetched. It is written as one
 * {@code StructuredInterface} entry with protocol {@value #PROTOCOL} and the extension member
 * {@value #MEMBER} (an extension of ANP-07, decision 0073):
 *
 * <pre>{@code
 * {"type":"StructuredInterface","protocol":"anp-protocol-package","version":"1.0.0",
 *  "url":"https://registry.example/registry/hashes/sha256:...","description":"Protocol weather 1.0.0",
 *  "protocolPackage":{"name":"weather","version":"1.0.0","hash":"sha256:...","publisher":"did:..."}}
 * }</pre>
 *
 * A reference is only a pointer: the package it names is loaded through a {@link RegistryClient}
 * (signature and trust checked) by a {@link ConsensusProtocolLoader}, which also checks that the
 * package is the one referenced.
 *
 * @param name the package name
 * @param version the package version
 * @param hash the package's content hash ({@code sha256:<hex>}, {@link ProtocolPackage#contentHash()})
 * @param publisher the DID that signed the package
 * @param url where the signed package can be fetched
 */
public record ProtocolReference(String name, String version, String hash, String publisher, URI url) {
  /** The {@code protocol} value of the interface entry. */
  public static final String PROTOCOL = "anp-protocol-package";
  /** The extension member carrying the reference. */
  public static final String MEMBER = "protocolPackage";

  private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");

  /** Checks the members. @throws IllegalArgumentException for a malformed hash or publisher */
  public ProtocolReference {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(publisher, "publisher");
    Objects.requireNonNull(url, "url");
    if (!HASH.matcher(hash).matches()) {
      throw new IllegalArgumentException("hash: expected sha256:<64 hex digits>");
    }
    if (!publisher.startsWith("did:")) {
      throw new IllegalArgumentException("publisher: not a DID");
    }
  }

  /**
   * The reference to {@code pkg} as served by the registry at {@code registryBase} (its {@code
   * /registry/hashes/{hash}} route).
   */
  public static ProtocolReference of(ProtocolPackage pkg, URI registryBase) {
    Objects.requireNonNull(pkg, "pkg");
    URI url = Objects.requireNonNull(registryBase, "registryBase")
        .resolve(RegistryServer.BASE_PATH + "/hashes/" + pkg.contentHash());
    return new ProtocolReference(pkg.name(), pkg.version(), pkg.contentHash(), pkg.publisher(), url);
  }

  /**
   * The protocols {@code description} lists, in order. Entries with protocol {@value #PROTOCOL}
   * that are malformed are skipped: a reference is a hint, and a peer's bad entry must not hide
   * its good ones.
   */
  public static List<ProtocolReference> listedIn(AgentDescription description) {
    List<ProtocolReference> out = new ArrayList<>();
    for (AgentInterface i : description.interfaces()) {
      if (i.protocol().filter(PROTOCOL::equals).isPresent()) {
        from(i).ifPresent(out::add);
      }
    }
    return List.copyOf(out);
  }

  private static Optional<ProtocolReference> from(AgentInterface i) {
    Optional<JsonNode> member = i.extensions().get(MEMBER);
    if (member.isEmpty() || !member.get().isObject() || i.url().isEmpty()) {
      return Optional.empty();
    }
    JsonNode m = member.get();
    for (String field : new String[] {"name", "version", "hash", "publisher"}) {
      if (!m.path(field).isTextual()) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(new ProtocolReference(m.get("name").textValue(), m.get("version").textValue(),
          m.get("hash").textValue(), m.get("publisher").textValue(), new URI(i.url().get())));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The interface entry that lists this protocol in a description. */
  public AgentInterface toInterface() {
    ObjectNode ext = JsonNodeFactory.instance.objectNode();
    ObjectNode m = ext.putObject(MEMBER);
    m.put("name", name);
    m.put("version", version);
    m.put("hash", hash);
    m.put("publisher", publisher);
    return new AgentInterface(
        AgentInterface.STRUCTURED,
        Optional.empty(),
        Optional.empty(),
        Optional.of(PROTOCOL),
        Optional.of(version),
        Optional.of(url.toString()),
        Optional.of("Protocol " + name + " " + version),
        Optional.empty(),
        Extensions.of(ext));
  }
}
