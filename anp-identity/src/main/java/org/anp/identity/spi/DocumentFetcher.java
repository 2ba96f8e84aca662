package org.anp.identity.spi;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches the bytes of a document from a URL for a DID method (the did:wba {@code did.json}, a
 * did:all hosting node). The default, {@code DocumentFetchers.https()}, uses the JDK HTTP client.
 *
 * <p>Implementations are thread-safe and their futures always complete. They fail with an
 * {@code IdentityException}: {@code DID_NOT_FOUND} for HTTP 404 or 410, {@code INPUT_TOO_LARGE} when
 * the body exceeds {@code maxBytes} (reading stops at the limit), {@code RESOLUTION_TIMEOUT} when
 * the server is too slow, and {@code RESOLUTION_FAILED} for anything else (refused URL, transport
 * error, other status).
 */
public interface DocumentFetcher {

  /** The body of a successful (200) response to a GET of {@code uri}, at most {@code maxBytes}. */
  CompletableFuture<byte[]> fetch(URI uri, int maxBytes);
}
