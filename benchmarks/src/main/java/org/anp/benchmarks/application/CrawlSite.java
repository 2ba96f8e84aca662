package org.anp.benchmarks.application;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.anp.application.description.DescriptionVerifier;
import org.anp.application.discovery.CollectionItem;
import org.anp.application.discovery.CollectionPage;
import org.anp.identity.agent.AgentIdentity;
import org.anp.transport.http.HttpResponse;
import org.anp.transport.http.HttpServer;

/**
 * A domain with many agents on loopback, served by the project's {@link HttpServer}: the ANP-08
 * collection at {@code /.well-known/agent-descriptions} ({@code ?page=N}, {@value #PAGE_SIZE}
 * items a page, {@code next} on every page but the last) and each agent's signed description at
 * {@code /ad/<n>.json}, every one signed by its own did:wba identity (Ed25519) for the domain
 * {@code 127.0.0.1}. All bytes are made before the server starts; the server only looks them up.
 */
final class CrawlSite implements AutoCloseable {
  static final int PAGE_SIZE = 50;

  private final Identities identities = new Identities();
  private final Map<String, byte[]> descriptions = new ConcurrentHashMap<>();
  private final Map<Integer, byte[]> pages = new ConcurrentHashMap<>();
  private final HttpServer server;
  private final URI firstPage;

  CrawlSite(int agents) throws Exception {
    server = HttpServer.builder()
        .route("GET", CollectionPage.WELL_KNOWN_PATH, r -> CompletableFuture.completedFuture(page(r.uri().getRawQuery())))
        .route("GET", "/ad/{file}", r -> CompletableFuture.completedFuture(description(r.pathVariable("file"))))
        .build();
    URI base = server.start().get(30, TimeUnit.SECONDS);
    firstPage = base.resolve(CollectionPage.WELL_KNOWN_PATH);
    List<CollectionItem> items = new ArrayList<>(agents);
    for (int i = 0; i < agents; i++) {
      AgentIdentity identity = identities.create("agents:" + i);
      URI url = base.resolve("/ad/" + i + ".json");
      descriptions.put(i + ".json", Descriptions.signed(identity, "Agent " + i, url.toString()));
      items.add(new CollectionItem("Agent " + i, url));
    }
    int pageCount = (agents + PAGE_SIZE - 1) / PAGE_SIZE;
    for (int p = 1; p <= pageCount; p++) {
      Optional<URI> next = p < pageCount ? Optional.of(pageUrl(p + 1)) : Optional.empty();
      List<CollectionItem> slice = items.subList((p - 1) * PAGE_SIZE, Math.min(agents, p * PAGE_SIZE));
      pages.put(p, CollectionPage.of(pageUrl(p), slice, next).toJson().toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private URI pageUrl(int page) {
    return page == 1 ? firstPage : URI.create(firstPage + "?page=" + page);
  }

  private HttpResponse page(String query) {
    int page = query == null ? 1 : Integer.parseInt(query.substring("page=".length()));
    byte[] body = pages.get(page);
    return body == null ? HttpResponse.text(404, "no such page") : HttpResponse.of(200, "application/json", body);
  }

  private HttpResponse description(String file) {
    byte[] body = descriptions.get(file);
    return body == null ? HttpResponse.text(404, "no such agent") : HttpResponse.of(200, "application/json", body);
  }

  /** The collection's first page. */
  URI firstPage() {
    return firstPage;
  }

  /** A verifier whose resolver knows every agent's DID document (a warm cache). */
  DescriptionVerifier verifier() {
    return DescriptionVerifier.builder().resolver(identities.resolver()).build();
  }

  @Override
  public void close() {
    server.close();
  }
}
