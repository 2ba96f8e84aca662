package org.anp.identity.internal.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.internal.didweb.DidWebMethod;
import org.anp.identity.internal.wba.DidWbaMethod;
import org.anp.identity.json.Jcs;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.spi.DidMethod;

/**
 * The world of one case: the documents the simulated HTTPS hosts serve (every identity of the
 * file), the clock, and the endpoint's policy. Documents are fetched afresh on every resolution (no
 * resolver cache), as the scenarios with {@code refresh_required} ask; the DID methods are this
 * library's did:wba and did:web.
 */
final class Anp02Env {
  private final Map<URI, byte[]> hosted = new ConcurrentHashMap<>();
  private final Anp02Fixtures fixtures;
  private final Anp02Library library;
  private final String fixture;
  Instant now;
  Duration skew = Duration.ZERO;
  boolean authorized = true;
  volatile boolean unavailable;
  String disabledMethod = "";

  Anp02Env(Anp02Fixtures fixtures, Anp02Library library, String fixture) {
    this.fixtures = fixtures;
    this.library = library;
    this.fixture = fixture;
    this.now = fixtures.verifierTime();
    var it = fixtures.identitiesFile().path("identities").properties().iterator();
    while (it.hasNext()) {
      JsonNode id = it.next().getValue();
      hosted.put(Anp02Fixtures.documentUrl(id.path("did").asText()), Jcs.canonicalBytes(id.path("document")));
    }
  }

  /** A fresh copy of this case's fixture document. */
  ObjectNode document() {
    return fixtures.document(fixture);
  }

  /** Serves {@code doc} for the fixture's DID; {@code null} removes it (404). */
  void put(ObjectNode doc) {
    URI url = Anp02Fixtures.documentUrl(fixtures.did(fixture));
    if (doc == null) {
      hosted.remove(url);
    } else {
      hosted.put(url, Jcs.canonicalBytes(doc));
    }
  }

  /** A new endpoint with this world's resolver, clock and policy. */
  Anp02Library.Endpoint endpoint() {
    return library.endpoint(resolver(), Clock.fixed(now, ZoneOffset.UTC), skew, authorized);
  }

  /** A resolver of this world: did:wba and did:web (less a disabled one), fetching from the hosts. */
  DidResolver resolver() {
    DidResolver.Builder b = DidResolver.builder()
        .cacheSize(0)
        .clock(Clock.fixed(now, ZoneOffset.UTC))
        .fetcher((uri, max) -> {
          if (unavailable) {
            return CompletableFuture.failedFuture(
                new IdentityException(IdentityError.RESOLUTION_FAILED, "503 from " + uri.getHost()));
          }
          byte[] body = hosted.get(uri);
          return body == null
              ? CompletableFuture.failedFuture(new IdentityException(IdentityError.DID_NOT_FOUND, "404 " + uri))
              : CompletableFuture.completedFuture(body.clone());
        });
    for (DidMethod m : new DidMethod[] {new DidWbaMethod(), new DidWebMethod()}) {
      if (!m.methodName().equals(disabledMethod)) {
        b.method(m);
      }
    }
    return b.build();
  }
}
