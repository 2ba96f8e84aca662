package org.anp.application.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.description.Extensions;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;

/**
 * One page of a domain's agent-description collection (ANP-08 1.2, {@code GET
 * https://{domain}/.well-known/agent-descriptions}): a JSON-LD {@code CollectionPage} with the
 * page's {@code url}, its {@code items} (name and description URL of each public agent) and,
 * when there are more, the {@code next} page. Parsed strictly: {@code @context}, {@code @type}
 * {@code CollectionPage}, {@code url} and {@code items} are required, each item needs {@code
 * @type} {@code ad:AgentDescription}, {@code name} and an absolute {@code @id}. Unknown members
 * are kept.
 *
 * <p>Immutable and thread-safe.
 */
public final class CollectionPage {
  /** The well-known path of the collection (RFC 8615). */
  public static final String WELL_KNOWN_PATH = "/.well-known/agent-descriptions";
  /** The default size limit of a page: 1 MiB. */
  public static final int DEFAULT_MAX_BYTES = 1024 * 1024;

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Set<String> KNOWN = Set.of("@context", "@type", "url", "items", "next");

  private final URI url;
  private final List<CollectionItem> items;
  private final Optional<URI> next;
  private final Extensions extensions;

  private CollectionPage(URI url, List<CollectionItem> items, Optional<URI> next, Extensions extensions) {
    this.url = url;
    this.items = List.copyOf(items);
    this.next = next;
    this.extensions = extensions;
  }

  /** A page of {@code items}, with an optional next page. */
  public static CollectionPage of(URI url, List<CollectionItem> items, Optional<URI> next) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(next, "next");
    return new CollectionPage(url, items, next, Extensions.empty());
  }

  /** The first page's URL for {@code domain} (a host, optionally with a port), over HTTPS. */
  public static URI wellKnownUrl(String domain) {
    Objects.requireNonNull(domain, "domain");
    URI uri = URI.create("https://" + domain + WELL_KNOWN_PATH);
    if (uri.getHost() == null || !(uri.getRawPath().equals(WELL_KNOWN_PATH))) {
      throw new IllegalArgumentException("domain: not a host name: " + domain);
    }
    return uri;
  }

  /**
   * Parses a page of at most {@code maxBytes} bytes.
   *
   * @throws ApplicationException {@code INVALID_COLLECTION} naming the member, or for input over
   *     the limit
   */
  public static CollectionPage parse(byte[] utf8, int maxBytes) {
    Objects.requireNonNull(utf8, "utf8");
    JsonNode json;
    try {
      json = StrictJson.parse(utf8, maxBytes);
    } catch (IdentityException e) {
      throw invalid(
          e.code() == IdentityError.INPUT_TOO_LARGE
              ? "page: " + utf8.length + " bytes, limit " + maxBytes
              : "page: not valid JSON");
    }
    if (!json.isObject()) {
      throw invalid("page: expected a JSON object");
    }
    if (!json.has("@context")) {
      throw invalid("@context: missing");
    }
    if (!"CollectionPage".equals(text(json, "@type"))) {
      throw invalid("@type: expected CollectionPage");
    }
    URI url = uri(text(json, "url"), "url");
    JsonNode itemsNode = json.get("items");
    if (itemsNode == null || !itemsNode.isArray()) {
      throw invalid("items: missing or not an array");
    }
    List<CollectionItem> items = new ArrayList<>(itemsNode.size());
    for (int i = 0; i < itemsNode.size(); i++) {
      items.add(item(itemsNode.get(i), "items[" + i + "]"));
    }
    Optional<URI> next =
        json.has("next") ? Optional.of(uri(text(json, "next"), "next")) : Optional.empty();
    ObjectNode rest = F.objectNode();
    for (Map.Entry<String, JsonNode> e : json.properties()) {
      if (!KNOWN.contains(e.getKey())) {
        rest.set(e.getKey(), e.getValue());
      }
    }
    return new CollectionPage(url, items, next, Extensions.of(rest));
  }

  private static CollectionItem item(JsonNode node, String path) {
    if (!node.isObject()) {
      throw invalid(path + ": expected an object");
    }
    String type = text(node, "@type", path);
    if (!type.equals("ad:AgentDescription") && !type.equals("AgentDescription")) {
      throw invalid(path + ".@type: expected ad:AgentDescription");
    }
    return new CollectionItem(text(node, "name", path), uri(text(node, "@id", path), path + ".@id"));
  }

  private static String text(JsonNode node, String member) {
    return text(node, member, "");
  }

  private static String text(JsonNode node, String member, String path) {
    JsonNode value = node.get(member);
    String where = path.isEmpty() ? member : path + "." + member;
    if (value == null) {
      throw invalid(where + ": missing");
    }
    if (!value.isTextual()) {
      throw invalid(where + ": expected a string");
    }
    return value.textValue();
  }

  private static URI uri(String text, String where) {
    try {
      URI uri = new URI(text);
      if (!uri.isAbsolute() || uri.getHost() == null) {
        throw invalid(where + ": not an absolute URL with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw invalid(where + ": not a URL");
    }
  }

  private static ApplicationException invalid(String message) {
    return new ApplicationException(ApplicationError.INVALID_COLLECTION, message);
  }

  /** This page's URL. */
  public URI url() {
    return url;
  }

  /** The items, in page order. */
  public List<CollectionItem> items() {
    return items;
  }

  /** The next page, if there is one. */
  public Optional<URI> next() {
    return next;
  }

  /** Members the model does not know. */
  public Extensions extensions() {
    return extensions;
  }

  /** The page as ANP-08 writes it. */
  public ObjectNode toJson() {
    ObjectNode out = F.objectNode();
    ObjectNode context = out.putObject("@context");
    context.put("@vocab", "https://schema.org/");
    context.put("did", "https://w3id.org/did#");
    context.put("ad", "https://agent-network-protocol.com/ad#");
    out.put("@type", "CollectionPage");
    out.put("url", url.toString());
    ArrayNode array = out.putArray("items");
    for (CollectionItem item : items) {
      ObjectNode o = array.addObject();
      o.put("@type", "ad:AgentDescription");
      o.put("name", item.name());
      o.put("@id", item.url().toString());
    }
    next.ifPresent(n -> out.put("next", n.toString()));
    for (String name : extensions.names()) {
      if (!out.has(name)) {
        out.set(name, extensions.get(name).orElseThrow());
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CollectionPage p
        && url.equals(p.url)
        && items.equals(p.items)
        && next.equals(p.next)
        && extensions.equals(p.extensions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, items, next);
  }

  @Override
  public String toString() {
    return "CollectionPage[" + url + ", " + items.size() + " items" + next.map(n -> ", next " + n).orElse("") + "]";
  }
}
