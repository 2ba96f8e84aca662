package org.anp.application.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.internal.client.AuthenticatedHttp;
import org.anp.identity.IdentityException;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.agent.IdentityKey;
import org.anp.identity.agent.KeyRole;
import org.anp.identity.auth.HttpSignatureAuthenticator;
import org.anp.identity.json.StrictJson;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.identity.spi.DocumentFetcher;

/**
 * The client of a {@link SearchService}: registers the client's own agent description
 * (authenticated as its identity) and runs keyword and capability queries. Results are hints: connect to a
 * result's URL with an {@link org.anp.application.client.AgentClient}, which verifies it again.
 *
 * <p>Thread-safe.
 */
public final class SearchClient {
  private static final int MAX_RESPONSE_BYTES = 1024 * 1024;

  /**
   * One result.
   *
   * @param name the agent's name
   * @param did its DID, as the service verified it
   * @param url its description's URL
   * @param description its description (may be empty)
   * @param score facets plus distinct query words matched
   */
  public record Result(String name, String did, URI url, String description, int score) {}

  private final URI base;
  private final DocumentFetcher fetcher;
  private final Optional<AuthenticatedHttp> http;

  private SearchClient(URI base, DocumentFetcher fetcher, Optional<AgentIdentity> identity, Duration timeout) {
    this.base = base;
    this.fetcher = fetcher;
    this.http = identity.map(id -> {
      IdentityKey key = id.requireKey(KeyRole.AUTHENTICATION);
      HttpSignatureAuthenticator auth = HttpSignatureAuthenticator.builder()
          .did(id.did()).signingKey(key.fragment(), key.privateKey()).build();
      return new AuthenticatedHttp(HttpClient.newBuilder().connectTimeout(timeout).build(), Optional.of(auth),
          timeout, MAX_RESPONSE_BYTES, ForkJoinPool.commonPool());
    });
  }

  /**
   * A client of the service at {@code base}.
   *
   * @param identity the identity registrations are made as (empty: search only)
   * @param fetcher how queries are fetched ({@code DocumentFetchers.https()} normally)
   */
  public static SearchClient of(URI base, Optional<AgentIdentity> identity, DocumentFetcher fetcher) {
    return new SearchClient(Objects.requireNonNull(base, "base"), Objects.requireNonNull(fetcher, "fetcher"),
        Objects.requireNonNull(identity, "identity"), Duration.ofSeconds(10));
  }

  /** A search-only client over HTTPS. */
  public static SearchClient of(URI base) {
    return of(base, Optional.empty(), DocumentFetchers.https());
  }

  /**
   * Registers the description at {@code descriptionUrl}, which must be signed by this client's
   * identity. Fails with the service's error code ({@code SIGNER_MISMATCH}, {@code INVALID_PROOF},
   * {@code FETCH_FAILED}, {@code UNAUTHENTICATED}...).
   */
  public CompletableFuture<Void> register(URI descriptionUrl) {
    if (http.isEmpty()) {
      return CompletableFuture.failedFuture(
          new ApplicationException(ApplicationError.UNAUTHENTICATED, "registering needs an identity"));
    }
    byte[] body = JsonNodeFactory.instance.objectNode().put("url", descriptionUrl.toString()).toString()
        .getBytes(StandardCharsets.UTF_8);
    return http.get().post(base.resolve(SearchService.BASE_PATH + "/agents"), body).thenApply(reply -> {
      if (reply.status() == 201) {
        return null;
      }
      JsonNode error = json(reply.body()).path("error");
      ApplicationError code;
      try {
        code = ApplicationError.valueOf(error.path("code").asText(""));
      } catch (IllegalArgumentException e) {
        code = reply.status() == 401 ? ApplicationError.UNAUTHENTICATED : ApplicationError.FETCH_FAILED;
      }
      throw new ApplicationException(code, "search service: HTTP " + reply.status() + ": "
          + error.path("message").asText(""));
    });
  }

  /** The agents matching the keywords {@code query}, best first, at most {@code limit} (1..100). */
  public CompletableFuture<List<Result>> search(String query, int limit) {
    return search(SearchQuery.keywords(Objects.requireNonNull(query, "query"), limit));
  }

  /**
   * The agents matching {@code query} (keywords and capability facets), best first. Fails with
   * {@code FETCH_FAILED} when the service refuses the query (HTTP 400).
   */
  public CompletableFuture<List<Result>> search(SearchQuery query) {
    StringBuilder q = new StringBuilder(SearchService.BASE_PATH).append("?q=")
        .append(URLEncoder.encode(query.keywords(), StandardCharsets.UTF_8));
    for (CapabilityFacet f : query.capabilities()) {
      q.append("&capability=").append(URLEncoder.encode(f.toString(), StandardCharsets.UTF_8));
    }
    URI url = base.resolve(q.append("&limit=").append(query.limit()).toString());
    return fetcher.fetch(url, MAX_RESPONSE_BYTES)
        .exceptionallyCompose(t -> CompletableFuture.failedFuture(
            new ApplicationException(ApplicationError.FETCH_FAILED, "search service: GET failed", t)))
        .thenApply(bytes -> {
          List<Result> out = new ArrayList<>();
          for (JsonNode r : json(bytes).path("results")) {
            try {
              out.add(new Result(r.path("name").asText(), r.path("did").asText(), URI.create(r.path("url").asText()),
                  r.path("description").asText(), r.path("score").asInt()));
            } catch (IllegalArgumentException e) {
              throw new ApplicationException(ApplicationError.INVALID_REQUEST, "search service: bad result url", e);
            }
          }
          return List.copyOf(out);
        });
  }

  private static JsonNode json(byte[] body) {
    try {
      return StrictJson.parse(body, MAX_RESPONSE_BYTES);
    } catch (IdentityException e) {
      throw new ApplicationException(ApplicationError.INVALID_REQUEST, "search service: answered no JSON");
    }
  }
}
