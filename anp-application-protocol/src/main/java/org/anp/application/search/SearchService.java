package org.anp.application.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.description.AgentDescription;
import org.anp.application.description.AgentInterface;
import org.anp.application.description.DescriptionVerifier;
import org.anp.application.description.Information;
import org.anp.application.description.VerifiedDescription;
import org.anp.application.discovery.CrawlResult;
import org.anp.application.discovery.DescriptionCrawler;
import org.anp.application.discovery.DiscoveryFetcher;
import org.anp.application.internal.search.CapabilityFacets;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;
import org.anp.identity.resolve.DidResolver;
import org.anp.transport.http.AuthPolicy;
import org.anp.transport.http.HttpRequest;
import org.anp.transport.http.HttpResponse;
import org.anp.transport.http.HttpServer;

/**
 * A search service for agents, mounted on an {@link HttpServer.Builder} under {@value #BASE_PATH}:
 *
 * <ul>
 *   <li>{@code POST /search/agents} (DID authentication required), body {@code {"url"}}: the
 *       service fetches the description, verifies it ({@link DescriptionVerifier}, the URL's host
 *       as domain) and indexes it, if it is signed by the caller: agents register themselves
 *       ({@code SIGNER_MISMATCH}, 403, otherwise). 201 with {@code {"did","url"}};
 *   <li>{@code GET /search?q=words&capability=kind:value&limit=n}: {@code {"results":[{"name",
 *       "did","url","description","score"}]}}, from the {@link DescriptionIndex}; {@code
 *       capability} may repeat (up to 16, all must match; see {@link CapabilityFacet} for the
 *       kinds) and {@code q} may be absent when one is given. When indexing, the service reads
 *       the interface documents on the description's origin to learn the method names.
 * </ul>
 *
 * {@link #crawl(URI)} indexes every description a domain's well-known collection lists ({@link
 * DescriptionCrawler}: verified ones only, under the URL they state). Errors are {@code
 * {"error":{"code","message"}}} with the code's HTTP status.
 *
 * <p>Thread-safe.
 */
public final class SearchService {
  /** The path prefix of the service's routes. */
  public static final String BASE_PATH = "/search";
  private static final int MAX_LIMIT = SearchQuery.MAX_LIMIT;
  private static final int MAX_FACETS = 16;
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final DescriptionIndex index;
  private final DescriptionVerifier verifier;
  private final DiscoveryFetcher fetcher;
  private final DescriptionCrawler crawler;
  private final boolean allowInsecureHttp;

  private SearchService(Builder b) {
    this.index = b.index;
    this.verifier = DescriptionVerifier.builder().resolver(b.resolver).build();
    this.fetcher = b.fetcher;
    this.allowInsecureHttp = b.allowInsecureHttp;
    DescriptionCrawler.Builder cb = DescriptionCrawler.builder().fetcher(fetcher).verifier(verifier);
    if (allowInsecureHttp) {
      cb.allowInsecureHttp();
    }
    this.crawler = cb.build();
  }

  /** A builder over {@code index}; {@link Builder#resolver} and {@link Builder#fetcher} are required. */
  public static Builder builder(DescriptionIndex index) {
    return new Builder(index);
  }

  /** The index. */
  public DescriptionIndex index() {
    return index;
  }

  /** Adds the service's routes to {@code server} (which needs {@code authentication(...)}). */
  public HttpServer.Builder mount(HttpServer.Builder server) {
    server.route("POST", BASE_PATH + "/agents", AuthPolicy.REQUIRED, this::register);
    server.route("GET", BASE_PATH, this::query);
    return server;
  }

  /** Crawls the collection at {@code firstPage} and indexes what verifies. */
  public CompletableFuture<CrawlResult> crawl(URI firstPage) {
    return crawler.crawl(firstPage).thenCompose(result -> {
      List<CompletableFuture<Void>> indexed = new ArrayList<>();
      for (VerifiedDescription d : result.descriptions()) {
        d.description().url().map(URI::create)
            .ifPresent(url -> indexed.add(entry(url, d).thenAccept(index::put)));
      }
      return CompletableFuture.allOf(indexed.toArray(CompletableFuture[]::new)).thenApply(v -> result);
    });
  }

  private CompletableFuture<HttpResponse> register(HttpRequest request) {
    URI url;
    String caller = request.caller().orElseThrow().did().toString();
    try {
      JsonNode body = StrictJson.parse(request.body(), 8192);
      url = URI.create(body.path("url").asText(""));
      if (!url.isAbsolute() || url.getHost() == null
          || !("https".equals(url.getScheme()) || allowInsecureHttp && "http".equals(url.getScheme()))) {
        throw new ApplicationException(ApplicationError.INVALID_REQUEST, "url: expected an absolute https URL");
      }
    } catch (IdentityException | IllegalArgumentException e) {
      return CompletableFuture.completedFuture(
          error(new ApplicationException(ApplicationError.INVALID_REQUEST, "body: expected {\"url\": ...}")));
    } catch (ApplicationException e) {
      return CompletableFuture.completedFuture(error(e));
    }
    return fetcher.fetch(url, AgentDescription.DEFAULT_MAX_BYTES)
        .thenCompose(bytes -> verifier.verify(AgentDescription.parse(bytes), Optional.of(url.getHost())))
        .thenCompose(verified -> {
          if (!verified.did().equals(caller)) {
            throw new ApplicationException(ApplicationError.SIGNER_MISMATCH,
                "description: signed by " + verified.did() + ", not by the caller");
          }
          return entry(url, verified);
        })
        .thenApply(entry -> {
          index.put(entry);
          ObjectNode out = F.objectNode();
          out.put("did", entry.did());
          out.put("url", url.toString());
          return HttpResponse.json(201, out);
        })
        .exceptionally(SearchService::error);
  }

  private CompletableFuture<HttpResponse> query(HttpRequest request) {
    String q = "";
    int limit = 20;
    List<CapabilityFacet> capabilities = new ArrayList<>();
    String raw = request.uri().getRawQuery();
    try {
      if (raw != null) {
        for (String part : raw.split("&")) {
          int eq = part.indexOf('=');
          String key = eq < 0 ? part : part.substring(0, eq);
          String value = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
          if (key.equals("q")) {
            q = value;
          } else if (key.equals("limit") && value.matches("[0-9]{1,4}")) {
            limit = Math.max(1, Math.min(MAX_LIMIT, Integer.parseInt(value)));
          } else if (key.equals("capability")) {
            if (capabilities.size() == MAX_FACETS) {
              throw new ApplicationException(ApplicationError.INVALID_REQUEST,
                  "capability: at most " + MAX_FACETS + " per query");
            }
            capabilities.add(CapabilityFacet.parse(value));
          }
        }
      }
    } catch (ApplicationException e) {
      return CompletableFuture.completedFuture(error(e));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(
          error(new ApplicationException(ApplicationError.INVALID_REQUEST, "query: malformed percent-encoding")));
    }
    ObjectNode out = F.objectNode();
    ArrayNode results = out.putArray("results");
    for (SearchHit hit : index.search(new SearchQuery(q, capabilities, limit))) {
      ObjectNode r = results.addObject();
      r.put("name", hit.agent().name());
      r.put("did", hit.agent().did());
      r.put("url", hit.agent().url().toString());
      r.put("description", hit.agent().description());
      r.put("score", hit.score());
    }
    return CompletableFuture.completedFuture(HttpResponse.json(200, out));
  }

  private CompletableFuture<IndexedAgent> entry(URI url, VerifiedDescription verified) {
    AgentDescription d = verified.description();
    StringBuilder text = new StringBuilder(d.name());
    d.description().ifPresent(s -> text.append(' ').append(s));
    for (Information i : d.informations()) {
      i.description().ifPresent(s -> text.append(' ').append(s));
    }
    for (AgentInterface i : d.interfaces()) {
      i.name().ifPresent(s -> text.append(' ').append(s));
      i.description().ifPresent(s -> text.append(' ').append(s));
    }
    return CapabilityFacets.of(d, url, fetcher, AgentDescription.DEFAULT_MAX_BYTES).thenApply(facets ->
        new IndexedAgent(url, verified.did(), d.name(), d.description().orElse(""), text.toString(), facets));
  }

  private static HttpResponse error(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    ApplicationException e = cause instanceof ApplicationException a ? a
        : new ApplicationException(ApplicationError.FETCH_FAILED, "description: could not be fetched");
    ObjectNode out = F.objectNode();
    ObjectNode err = out.putObject("error");
    err.put("code", e.code().name());
    err.put("message", e.code() == ApplicationError.INTERNAL_ERROR ? "internal error" : e.getMessage());
    return HttpResponse.json(e.code().httpStatus(), out);
  }

  /** Configures a {@link SearchService}. Not thread-safe. */
  public static final class Builder {
    private final DescriptionIndex index;
    private DidResolver resolver;
    private DiscoveryFetcher fetcher;
    private boolean allowInsecureHttp;

    private Builder(DescriptionIndex index) {
      this.index = Objects.requireNonNull(index, "index");
    }

    /** How signers' DIDs are resolved; required. */
    public Builder resolver(DidResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** How descriptions and collection pages are fetched; required. */
    public Builder fetcher(DiscoveryFetcher fetcher) {
      this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
      return this;
    }

    /** Accepts http URLs (loopback tests only). */
    public Builder allowInsecureHttp() {
      this.allowInsecureHttp = true;
      return this;
    }

    /** Builds the service. @throws IllegalStateException without a resolver or fetcher */
    public SearchService build() {
      if (resolver == null || fetcher == null) {
        throw new IllegalStateException("resolver(...) and fetcher(...) are required");
      }
      return new SearchService(this);
    }
  }
}
