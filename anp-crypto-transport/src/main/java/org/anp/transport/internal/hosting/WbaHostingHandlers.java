package org.anp.transport.internal.hosting;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.VerifiedCaller;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.did.VerificationRelationship;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.wba.DidWba;
import org.anp.identity.wba.DidWbaDocumentVerifier;
import org.anp.identity.wba.VerifiedDidDocument;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.hosting.DidDocumentStore;
import org.anp.transport.http.AuthPolicy;
import org.anp.transport.http.HttpRequest;
import org.anp.transport.http.HttpResponse;
import org.anp.transport.http.HttpServer;

/** The handlers behind {@code DidWbaHosting}; see its documentation for the contract. */
public final class WbaHostingHandlers {
  private static final String DOCUMENT = "did.json";
  private static final String WELL_KNOWN = ".well-known";
  private static final String LOCALHOST = "localhost";
  private static final Pattern LOOPBACK_ADDRESSES =
      Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|\\[::1\\]|::1|\\[0:0:0:0:0:0:0:1\\]");

  private final DidDocumentStore store;
  private final Set<String> domains;
  private final int maxDocumentBytes;
  private final CreationQuota quota;
  private final Tombstones tombstones;

  /**
   * @param creationsPerAddress documents one remote address may create per {@code window}
   * @param tombstoneTtl how long a deleted DID may be re-created only by one of its keys (zero: not at all)
   */
  public WbaHostingHandlers(DidDocumentStore store, Set<String> domains, int maxDocumentBytes,
      int creationsPerAddress, Duration window, Duration tombstoneTtl, Clock clock, MetricsRegistry metrics) {
    this.store = Objects.requireNonNull(store, "store");
    this.domains = Set.copyOf(domains);
    this.maxDocumentBytes = maxDocumentBytes;
    this.quota = new CreationQuota(creationsPerAddress, window, 100_000, clock, metrics);
    this.tombstones = new Tombstones(tombstoneTtl, 100_000, clock);
  }

  /** Adds GET, PUT and DELETE on {@code /**}. */
  public HttpServer.Builder addRoutes(HttpServer.Builder server) {
    return server
        .route("GET", "/**", AuthPolicy.NONE, r -> CompletableFuture.completedFuture(get(r)))
        .route("PUT", "/**", AuthPolicy.OPTIONAL, r -> CompletableFuture.completedFuture(put(r)))
        .route("DELETE", "/**", AuthPolicy.REQUIRED, r -> CompletableFuture.completedFuture(delete(r)));
  }

  /** See {@code DidWbaHosting.localResolver}. */
  public DidResolver localResolver(DidResolver fallback) {
    Objects.requireNonNull(fallback, "fallback");
    return did -> {
      Optional<byte[]> stored = Optional.empty();
      if (did.method().equals("wba")) {
        try {
          stored = store.get(DidWba.parse(did).toDid());
        } catch (IdentityException e) {
          // not a valid did:wba DID: the fallback reports it
        }
      }
      if (stored.isEmpty()) {
        return fallback.resolve(did);
      }
      try {
        DidDocument document = DidDocument.parse(stored.get(), maxDocumentBytes);
        DidWbaDocumentVerifier.verify(document, did);
        return CompletableFuture.completedFuture(document);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    };
  }

  HttpResponse get(HttpRequest request) {
    Did did = didOf(request).toDid();
    return store
        .get(did)
        .map(bytes -> HttpResponse.of(200, "application/json", bytes))
        .orElseThrow(() -> notFound(did));
  }

  HttpResponse put(HttpRequest request) {
    DidWba target = didOf(request);
    Did did = target.toDid();
    byte[] body = request.body();
    DidDocument document = DidDocument.parse(body, maxDocumentBytes);
    if (document.proof().isEmpty()) {
      throw new IdentityException(
          IdentityError.INVALID_PROOF, "proof: a hosted did:wba document must carry a proof");
    }
    VerifiedDidDocument verified = DidWbaDocumentVerifier.verify(document, did);
    requireValidKeys(document);
    if (store.get(did).isPresent()) {
      requireCallerIs(request, target, "replacing");
      store.put(did, body);
      return HttpResponse.of(200, "application/json", body);
    }
    requireOwnerIfBuried(did, verified);
    quota.charge(request.remoteAddress());
    if (!store.create(did, body)) {
      throw new TransportException(
          TransportError.RESOURCE_CONFLICT, "did: " + did + " was created by a concurrent request");
    }
    tombstones.lift(did);
    return HttpResponse.of(201, "application/json", body)
        .withHeader("location", request.uri().getRawPath());
  }

  // A document decodes each key on its first use (decision 0007). A hosted one is served to
  // everyone who resolves the DID, so each key must decode before it is stored; else INVALID_KEY
  // naming the key's JSON path.
  private static void requireValidKeys(DidDocument document) {
    document.verificationMethods().forEach(VerificationMethod::publicKey);
    for (VerificationRelationship relationship : VerificationRelationship.values()) {
      document.methods(relationship).forEach(VerificationMethod::publicKey);
    }
  }

  HttpResponse delete(HttpRequest request) {
    DidWba target = didOf(request);
    requireCallerIs(request, target, "deactivating");
    Did did = target.toDid();
    Set<PublicKeyMaterial> keys = store.get(did).map(this::keysOf).orElse(Set.of());
    if (!store.delete(did)) {
      throw notFound(did);
    }
    tombstones.bury(did, keys);
    return HttpResponse.of(204);
  }

  // A recently deleted DID is re-created only by a document proved with one of its old keys.
  private void requireOwnerIfBuried(Did did, VerifiedDidDocument verified) {
    Optional<Map.Entry<Set<PublicKeyMaterial>, Instant>> buried = tombstones.of(did);
    if (buried.isEmpty()) {
      return;
    }
    Optional<PublicKeyMaterial> prover = verified.proof().map(p -> p.verificationMethod().publicKey());
    if (prover.isEmpty() || !buried.get().getKey().contains(prover.get())) {
      throw new TransportException(TransportError.FORBIDDEN, "did: " + did + " was deleted; until "
          + buried.get().getValue() + " only a document proved by one of its former keys may create it");
    }
  }

  private Set<PublicKeyMaterial> keysOf(byte[] stored) {
    Set<PublicKeyMaterial> keys = new HashSet<>();
    try {
      for (VerificationMethod m : DidDocument.parse(stored, maxDocumentBytes).verificationMethods()) {
        try {
          keys.add(m.publicKey());
        } catch (IdentityException e) {
          // an undecodable key cannot prove anything later either
        }
      }
    } catch (IdentityException e) {
      // a stored document that no longer parses leaves a tombstone no key can lift
    }
    return keys;
  }

  /**
   * The DID a request URL maps to (spec/identity.md 1.2 read backwards).
   *
   * @throws TransportException {@code RESOURCE_NOT_FOUND} for a host that is not hosted here or
   *     a path that is not a {@code did.json} URL of a valid did:wba DID
   */
  DidWba didOf(HttpRequest request) {
    URI uri = request.uri();
    String host = hostedName(uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT));
    if (!domains.contains(host)) {
      throw new TransportException(
          TransportError.RESOURCE_NOT_FOUND, "host: " + host + " is not hosted here");
    }
    int port = uri.getPort();
    OptionalInt didPort = port == -1 || port == 80 || port == 443 ? OptionalInt.empty() : OptionalInt.of(port);
    String rest = request.pathVariable("**");
    if (!rest.endsWith("/" + DOCUMENT)) {
      throw new TransportException(TransportError.RESOURCE_NOT_FOUND, "path: not a did.json URL");
    }
    String dir = rest.substring(0, rest.length() - DOCUMENT.length() - 1);
    List<String> segments = dir.equals(WELL_KNOWN) ? List.of() : List.of(dir.split("/", -1));
    try {
      return DidWba.of(host, didPort, segments);
    } catch (IdentityException e) {
      throw new TransportException(
          TransportError.RESOURCE_NOT_FOUND, "path: does not map to a did:wba DID");
    }
  }

  // A did:wba host is never an IP address, so a request to a loopback address can only mean this
  // machine's "localhost" DIDs; without this, the URL a loopback server prints answered 404.
  private String hostedName(String host) {
    if (domains.contains(LOCALHOST) && LOOPBACK_ADDRESSES.matcher(host).matches()) {
      return LOCALHOST;
    }
    return host;
  }

  private static void requireCallerIs(HttpRequest request, DidWba target, String action) {
    Optional<VerifiedCaller> caller = request.caller();
    if (caller.isEmpty()) {
      throw new IdentityException(
          IdentityError.AUTH_CREDENTIALS_MISSING,
          "authorization: " + action + " " + target + " needs authentication by that DID");
    }
    if (!sameDid(caller.get().did(), target)) {
      throw new IdentityException(
          IdentityError.DID_FORBIDDEN,
          "did: " + caller.get().did() + " may not act on " + target);
    }
  }

  private static boolean sameDid(Did did, DidWba target) {
    try {
      return DidWba.parse(did).equals(target);
    } catch (IdentityException e) {
      return false;
    }
  }

  private static TransportException notFound(Did did) {
    return new TransportException(TransportError.RESOURCE_NOT_FOUND, "did: no document for " + did);
  }
}
