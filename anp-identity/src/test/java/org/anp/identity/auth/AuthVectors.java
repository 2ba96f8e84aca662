package org.anp.identity.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.resolve.DidResolver;

/** The reference SDK's conformance files, loaded from the test class path. */
final class AuthVectors {
  private AuthVectors() {}

  static JsonNode load(String name) throws IOException {
    try (InputStream in = AuthVectors.class.getResourceAsStream("/vectors/conformance/did-wba/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }

  /** Identity name to its DID document. */
  static Map<String, DidDocument> documentsByName() throws IOException {
    Map<String, DidDocument> out = new HashMap<>();
    for (JsonNode identity : load("did-documents.json").path("identities")) {
      out.put(identity.path("name").asText(), DidDocument.fromJson(identity.path("did_document")));
    }
    return out;
  }

  /** A resolver over a fixed set of documents; unknown DIDs fail with DID_NOT_FOUND. */
  static DidResolver resolver(Iterable<DidDocument> documents) {
    Map<Did, DidDocument> byDid = new HashMap<>();
    documents.forEach(d -> byDid.put(d.id(), d));
    return did -> {
      DidDocument d = byDid.get(did);
      return d == null
          ? CompletableFuture.failedFuture(new IdentityException(IdentityError.DID_NOT_FOUND, "no document for " + did))
          : CompletableFuture.completedFuture(d);
    };
  }
}
