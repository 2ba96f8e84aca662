package org.anp.identity.internal.didall;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.didall.DidAll;
import org.anp.identity.didall.DidAllDocumentVerifier;
import org.anp.identity.json.StrictJson;
import org.anp.identity.spi.DidMethod;
import org.anp.identity.spi.ResolutionContext;

/**
 * Resolves did:all DIDs from the hosting node named in their {@code @host[:port]} suffix:
 * {@code GET https://host[:port]/v1/did/<DID percent-encoded as one segment>} (spec/identity.md
 * 2.4, spec/README.md #42; default port 443). The document is accepted only if {@link
 * DidAllDocumentVerifier} does and its id is the requested DID. A DID without a hosting node
 * cannot be resolved ({@code DID_NOT_FOUND}). Registered with {@link java.util.ServiceLoader}.
 * Stateless and thread-safe.
 */
public final class DidAllMethod implements DidMethod {
  private final boolean loopbackHttp;

  /** The standard method: HTTPS only. */
  public DidAllMethod() {
    this(false);
  }

  private DidAllMethod(boolean loopbackHttp) {
    this.loopbackHttp = loopbackHttp;
  }

  /** A method that uses plain HTTP for a {@code localhost} hosting node, for loopback tests. */
  public static DidAllMethod insecureHttpForLoopback() {
    return new DidAllMethod(true);
  }

  @Override
  public String methodName() {
    return "all";
  }

  @Override
  public CompletableFuture<DidDocument> resolve(Did did, ResolutionContext context) {
    Objects.requireNonNull(did, "did");
    Objects.requireNonNull(context, "context");
    DidAll didAll;
    try {
      didAll = DidAll.parse(did.toString());
      if (didAll.host().isEmpty()) {
        throw new IdentityException(
            IdentityError.DID_NOT_FOUND, "did:all: no hosting node (@host) in " + did);
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    int limit = context.maxDocumentBytes();
    return fetchVerified(didAll, context).thenApply(bytes -> DidDocument.parse(bytes, limit));
  }

  /**
   * Fetches the document of {@code didAll} (which must name a host) from its hosting node and
   * returns its bytes once {@link DidAllDocumentVerifier} accepted them for that DID.
   */
  CompletableFuture<byte[]> fetchVerified(DidAll didAll, ResolutionContext context) {
    int limit = context.maxDocumentBytes();
    return context
        .fetcher()
        .fetch(documentUrl(didAll), limit)
        .thenApply(
            bytes -> {
              DidAllDocumentVerifier.verify(StrictJson.parse(bytes, limit), didAll);
              return bytes;
            });
  }

  /** The hosting node's resolve URL for {@code did}, which must name a host. */
  URI documentUrl(DidAll did) {
    String host = did.host().orElseThrow();
    boolean http = loopbackHttp && host.equals("localhost");
    StringBuilder url = new StringBuilder(http ? "http://" : "https://").append(host);
    did.port().ifPresent(p -> url.append(':').append(p));
    url.append("/v1/did/").append(encodeSegment(did.toString()));
    return URI.create(url.toString());
  }

  /** Percent-encodes every byte that is not an RFC 3986 unreserved character. */
  static String encodeSegment(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
