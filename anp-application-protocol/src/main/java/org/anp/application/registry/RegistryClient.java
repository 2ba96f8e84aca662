package org.anp.application.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.internal.client.AuthenticatedHttp;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.agent.IdentityKey;
import org.anp.identity.agent.KeyRole;
import org.anp.identity.auth.HttpSignatureAuthenticator;
import org.anp.identity.json.StrictJson;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.identity.spi.DocumentFetcher;

/**
 * The client of a {@link RegistryServer}: publishes packages (authenticated as the publisher) and
 * fetches them by name and version or by content hash. Nothing is returned before it is checked:
 * the package parses, it is the one asked for (name and version, or hash), its proof verifies
 * against the publisher's DID document ({@code INVALID_PROOF}; a tampered package fails here),
 * and the {@link TrustPolicy} accepts the publisher ({@code UNTRUSTED_SIGNER}).
 *
 * <p>Thread-safe.
 */
public final class RegistryClient {
  private static final int MAX_INDEX_BYTES = 256 * 1024;

  private final URI base;
  private final PackageVerifier verifier;
  private final TrustPolicy trust;
  private final DocumentFetcher fetcher;
  private final Optional<AuthenticatedHttp> http;

  private RegistryClient(Builder b) {
    this.base = b.base;
    this.verifier = new PackageVerifier(b.resolver);
    this.trust = b.trust;
    this.fetcher = b.fetcher;
    this.http = b.identity.map(identity -> {
      IdentityKey key = identity.requireKey(KeyRole.AUTHENTICATION);
      HttpSignatureAuthenticator auth = HttpSignatureAuthenticator.builder()
          .did(identity.did()).signingKey(key.fragment(), key.privateKey()).build();
      return new AuthenticatedHttp(HttpClient.newBuilder().connectTimeout(b.timeout).build(),
          Optional.of(auth), b.timeout, MAX_INDEX_BYTES, ForkJoinPool.commonPool());
    });
  }

  /**
   * A builder for the registry at {@code base} (the server's base URI; routes are under {@value
   * RegistryServer#BASE_PATH}).
   */
  public static Builder builder(URI base) {
    return new Builder(base);
  }

  /**
   * Publishes {@code pkg}, signed by the client's identity.
   *
   * @return the content hash the registry stored it under
   */
  public CompletableFuture<String> publish(ProtocolPackage pkg) {
    Objects.requireNonNull(pkg, "pkg");
    if (http.isEmpty()) {
      return CompletableFuture.failedFuture(new ApplicationException(
          ApplicationError.UNAUTHENTICATED, "publishing needs an identity (Builder.identity)"));
    }
    return http.get().post(url("/packages"), pkg.toBytes()).thenApply(reply -> {
      JsonNode body = json(reply.body());
      if (reply.status() == 200 || reply.status() == 201) {
        String hash = body.path("hash").asText("");
        if (!hash.equals(pkg.contentHash())) {
          throw new ApplicationException(ApplicationError.INVALID_REQUEST, "registry: answered another hash");
        }
        return hash;
      }
      throw remoteError(reply.status(), body);
    });
  }

  /** The package {@code name} at {@code version}, verified and trusted. */
  public CompletableFuture<ProtocolPackage> fetch(String name, String version) {
    return get(url("/packages/" + segment(name) + "/" + segment(version)))
        .thenApply(ProtocolPackage::parse)
        .thenApply(pkg -> {
          if (!pkg.name().equals(name) || !pkg.version().equals(version)) {
            throw new ApplicationException(ApplicationError.INVALID_PROOF, "registry: answered another package");
          }
          return pkg;
        })
        .thenCompose(this::checked);
  }

  /** The package whose content hash is {@code hash} ({@code sha256:<hex>}), verified and trusted. */
  public CompletableFuture<ProtocolPackage> fetchByHash(String hash) {
    return get(url("/hashes/" + segment(hash)))
        .thenApply(ProtocolPackage::parse)
        .thenApply(pkg -> {
          if (!pkg.contentHash().equals(hash)) {
            throw new ApplicationException(ApplicationError.INVALID_PROOF, "package: content does not match " + hash);
          }
          return pkg;
        })
        .thenCompose(this::checked);
  }

  /** The published versions of {@code name} and their content hashes (unverified index). */
  public CompletableFuture<Map<String, String>> versions(String name) {
    return get(url("/packages/" + segment(name))).thenApply(bytes -> {
      Map<String, String> out = new LinkedHashMap<>();
      json(bytes).path("versions").properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
      return Map.copyOf(out);
    });
  }

  private CompletableFuture<ProtocolPackage> checked(ProtocolPackage pkg) {
    return verifier.verify(pkg).thenApply(p -> {
      if (!trust.trusts(p.publisher(), p.name())) {
        throw new ApplicationException(ApplicationError.UNTRUSTED_SIGNER,
            "package " + p.name() + " " + p.version() + ": publisher " + p.publisher() + " is not trusted");
      }
      return p;
    }).exceptionallyCompose(t -> CompletableFuture.failedFuture(unwrap(t)));
  }

  private CompletableFuture<byte[]> get(URI url) {
    return fetcher.fetch(url, ProtocolPackage.MAX_BYTES).exceptionallyCompose(t -> {
      Throwable cause = unwrap(t);
      ApplicationError code = cause instanceof IdentityException e && e.code() == IdentityError.DID_NOT_FOUND
          ? ApplicationError.NOT_FOUND : ApplicationError.FETCH_FAILED;
      return CompletableFuture.failedFuture(new ApplicationException(code, "registry: GET " + url + " failed", cause));
    });
  }

  private URI url(String path) {
    return base.resolve(RegistryServer.BASE_PATH + path);
  }

  private static String segment(String s) {
    return URLEncoder.encode(Objects.requireNonNull(s, "segment"), StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static JsonNode json(byte[] body) {
    try {
      return StrictJson.parse(body, MAX_INDEX_BYTES);
    } catch (IdentityException e) {
      throw new ApplicationException(ApplicationError.INVALID_REQUEST, "registry: answered something that is not JSON");
    }
  }

  private static ApplicationException remoteError(int status, JsonNode body) {
    String code = body.path("error").path("code").asText("");
    ApplicationError error;
    try {
      error = ApplicationError.valueOf(code);
    } catch (IllegalArgumentException e) {
      error = status == 401 ? ApplicationError.UNAUTHENTICATED : ApplicationError.FETCH_FAILED;
    }
    return new ApplicationException(error, "registry: HTTP " + status + ": " + body.path("error").path("message").asText(""));
  }

  private static Throwable unwrap(Throwable t) {
    Throwable cause = t;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** Configures a {@link RegistryClient}. Not thread-safe. */
  public static final class Builder {
    private final URI base;
    private DidResolver resolver;
    private TrustPolicy trust;
    private DocumentFetcher fetcher = DocumentFetchers.https();
    private Optional<AgentIdentity> identity = Optional.empty();
    private Duration timeout = Duration.ofSeconds(10);

    private Builder(URI base) {
      this.base = Objects.requireNonNull(base, "base");
    }

    /** How publishers' DIDs are resolved; required. */
    public Builder resolver(DidResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** Whose packages are loaded; required. */
    public Builder trust(TrustPolicy trust) {
      this.trust = Objects.requireNonNull(trust, "trust");
      return this;
    }

    /** How packages are fetched; default {@code DocumentFetchers.https()}. */
    public Builder fetcher(DocumentFetcher fetcher) {
      this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
      return this;
    }

    /** The identity to publish as (not needed for fetching). */
    public Builder identity(AgentIdentity identity) {
      this.identity = Optional.of(Objects.requireNonNull(identity, "identity"));
      return this;
    }

    /** Time limit of a publish request; default 10 seconds. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Builds the client. @throws IllegalStateException without a resolver or a trust policy */
    public RegistryClient build() {
      if (resolver == null || trust == null) {
        throw new IllegalStateException("resolver(...) and trust(...) are required");
      }
      return new RegistryClient(this);
    }
  }
}
