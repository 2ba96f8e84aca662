package org.anp.transport.hosting;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.anp.identity.did.DidDocument;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.resolve.DidResolver;
import org.anp.transport.http.HttpServer;
import org.anp.transport.internal.hosting.WbaHostingHandlers;

/**
 * Hosts did:wba documents (spec/identity.md 1.2) on an {@link HttpServer}. A request's URL maps
 * to a DID through its {@code Host} header (a configured domain, plus the port if it is not the
 * scheme default, written {@code %3A<port>}) and path: {@code /.well-known/did.json} is the DID
 * without path, {@code /a/b/did.json} is {@code did:wba:<host>:a:b}. When {@code localhost} is a
 * hosted domain, a {@code Host} that is a loopback address ({@code 127.x.x.x}, {@code [::1]}) is
 * read as {@code localhost}: a did:wba host is never an IP address, so such a request can only mean
 * this machine's DIDs.
 *
 * <ul>
 *   <li>{@code GET} (and {@code HEAD}): 200 with the stored document ({@code application/json}),
 *       404 {@code RESOURCE_NOT_FOUND} if none.
 *   <li>{@code PUT}: the body must be a DID document whose {@code id} is that DID and which
 *       carries a proof that verifies ({@code DidWbaDocumentVerifier}, key binding included);
 *       400 with the identity code otherwise, 413 above {@link Builder#maxDocumentBytes}. A new
 *       DID is created (201) on the strength of the proof; replacing a stored document (200)
 *       also needs the request to be DID-authenticated by that DID: 401 without credentials, 403
 *       {@code DID_FORBIDDEN} for another DID. Creating is limited per remote address ({@link
 *       Builder#creationsPerAddress}; 429 {@code RATE_LIMITED} past it, logged at WARN once a
 *       minute), and a DID deleted less than {@link Builder#tombstone} ago may be created again
 *       only by a document proved with one of its former keys (403 {@code FORBIDDEN} otherwise).
 *   <li>{@code DELETE}: deactivates (removes) the document; the request must be authenticated
 *       by the DID (401/403 as above); 204, or 404 if none.
 * </ul>
 *
 * <p>The creation quota keys on {@link org.anp.transport.http.HttpRequest#remoteAddress()}; while
 * a server does not supply it, every creation counts against one shared key (decision 0045).
 *
 * <p>Authentication uses the server's {@link HttpServer.Builder#authentication verifier}, whose
 * audience should be the hosted domains. Immutable and thread-safe.
 */
public final class DidWbaHosting {
  private final WbaHostingHandlers handlers;

  private DidWbaHosting(WbaHostingHandlers handlers) {
    this.handlers = handlers;
  }

  /** A builder; the store and at least one domain are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Adds the hosting routes to {@code server}: {@code GET}, {@code PUT} and {@code DELETE} on
   * {@code /**} (every path that no more specific route takes).
   *
   * @return {@code server}
   */
  public HttpServer.Builder addRoutes(HttpServer.Builder server) {
    return handlers.addRoutes(server);
  }

  /**
   * A resolver that answers did:wba DIDs stored here from the store, without network (the
   * document is parsed and checked with {@code DidWbaDocumentVerifier} as a fetched one would be),
   * and passes every other DID to {@code fallback}. Give it to the server's verifier so that
   * hosted DIDs can authenticate updates and deletions even before DNS and TLS point at this
   * server. Thread-safe.
   */
  public DidResolver localResolver(DidResolver fallback) {
    return handlers.localResolver(fallback);
  }

  /** Configures a {@link DidWbaHosting}. Not thread-safe. */
  public static final class Builder {
    private DidDocumentStore store;
    private final Set<String> domains = new LinkedHashSet<>();
    private int maxDocumentBytes = DidDocument.DEFAULT_MAX_BYTES;
    private int creationsPerAddress = 20;
    private Duration creationWindow = Duration.ofHours(1);
    private Duration tombstone = Duration.ofDays(30);
    private Clock clock = Clock.systemUTC();
    private MetricsRegistry metrics = MetricsRegistry.create();

    private Builder() {}

    /**
     * At most {@code documents} new DIDs per remote address per {@code window}; default 20 per
     * hour. IPv6 addresses count by /64.
     */
    public Builder creationsPerAddress(int documents, Duration window) {
      if (documents < 1 || window.isZero() || window.isNegative()) {
        throw new IllegalArgumentException("creationsPerAddress needs documents >= 1 and a positive window");
      }
      this.creationsPerAddress = documents;
      this.creationWindow = window;
      return this;
    }

    /**
     * How long a deleted DID may be re-created only by one of its former keys; default 30 days;
     * zero turns tombstones off. Tombstones are kept in memory (at most 100,000).
     */
    public Builder tombstone(Duration ttl) {
      if (ttl.isNegative()) {
        throw new IllegalArgumentException("tombstone must not be negative: " + ttl);
      }
      this.tombstone = ttl;
      return this;
    }

    /** The clock of the quota window and of tombstones; default UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where refusals are counted; default a private registry. */
    public Builder metrics(MetricsRegistry metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** Where documents are kept (required). */
    public Builder store(DidDocumentStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Host names this server hosts DIDs for (at least one; lower-cased; no port). */
    public Builder domains(String... hosts) {
      for (String h : hosts) {
        if (h.isEmpty() || h.contains(":") || h.contains("/")) {
          throw new IllegalArgumentException("domain must be a bare host name: " + h);
        }
        domains.add(h.toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /** Largest document accepted; default {@link DidDocument#DEFAULT_MAX_BYTES}. */
    public Builder maxDocumentBytes(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxDocumentBytes must be positive: " + bytes);
      }
      this.maxDocumentBytes = bytes;
      return this;
    }

    /**
     * Builds the hosting.
     *
     * @throws IllegalStateException without a store or a domain
     */
    public DidWbaHosting build() {
      if (store == null || domains.isEmpty()) {
        throw new IllegalStateException("a store and at least one domain are required");
      }
      return new DidWbaHosting(new WbaHostingHandlers(store, Set.copyOf(domains), maxDocumentBytes,
          creationsPerAddress, creationWindow, tombstone, clock, metrics));
    }
  }
}
