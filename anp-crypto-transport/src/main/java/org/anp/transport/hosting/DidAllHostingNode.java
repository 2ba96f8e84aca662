package org.anp.transport.hosting;

import java.util.Objects;
import java.util.Optional;
import org.anp.identity.did.DidDocument;
import org.anp.transport.http.HttpServer;
import org.anp.transport.internal.hosting.DidAllNodeHandlers;

/**
 * The did:all hosting-node API (spec/identity.md 2.4, spec/README.md #42) on an {@link
 * HttpServer}. Request bodies may be sent as {@code application/json} or {@code
 * application/text}; responses are {@code application/json}.
 *
 * <ul>
 *   <li>{@code POST /v1/did}: create. The body must pass {@code DidAllDocumentVerifier} (id
 *       derived from the key, proof valid): 400 otherwise; 409 {@code RESOURCE_CONFLICT} if the
 *       DID is stored; 201 with the document.
 *   <li>{@code PUT /v1/did}: update (also to deprecate). Verified the same way; the DID must be
 *       stored (404) and the new document must use the same key (403 {@code FORBIDDEN}); 200.
 *   <li>{@code GET /v1/did/{did}}: the DID percent-encoded as one path segment; 200 with the
 *       document, 404 {@code RESOURCE_NOT_FOUND} if unknown.
 *   <li>{@code DELETE /v1/did/{did}}: needs {@code Authorization: Bearer <api key>} equal to the
 *       node's {@link Builder#apiKey}; 401 {@code UNAUTHORIZED} otherwise (and always when no key
 *       is configured); 204, or 404.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class DidAllHostingNode {
  private final DidAllNodeHandlers handlers;

  private DidAllHostingNode(DidAllNodeHandlers handlers) {
    this.handlers = handlers;
  }

  /** A builder; the store is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Adds the four routes under {@code /v1/did} to {@code server}.
   *
   * @return {@code server}
   */
  public HttpServer.Builder addRoutes(HttpServer.Builder server) {
    return handlers.addRoutes(server);
  }

  /** Configures a {@link DidAllHostingNode}. Not thread-safe. */
  public static final class Builder {
    private DidDocumentStore store;
    private String apiKey;
    private int maxDocumentBytes = DidDocument.DEFAULT_MAX_BYTES;

    private Builder() {}

    /** Where documents are kept (required). */
    public Builder store(DidDocumentStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The API key ({@code "<id>.<secret>"} in the spec) that authorizes deletions; without one,
     * deletion is refused.
     */
    public Builder apiKey(String apiKey) {
      Objects.requireNonNull(apiKey, "apiKey");
      if (apiKey.length() < 16 || !apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException("apiKey must be at least 16 printable ASCII characters");
      }
      this.apiKey = apiKey;
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
     * Builds the node.
     *
     * @throws IllegalStateException without a store
     */
    public DidAllHostingNode build() {
      if (store == null) {
        throw new IllegalStateException("a store is required");
      }
      return new DidAllHostingNode(
          new DidAllNodeHandlers(store, Optional.ofNullable(apiKey), maxDocumentBytes));
    }
  }
}
