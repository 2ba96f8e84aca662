package org.anp.cli.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.keys.KeyType;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.identity.wba.DidWbaProfile;

/**
 * A suite whose files hold {@code cases[]} checked against named DID documents: recognizes a file
 * by a field of its first case, takes the documents from the file's own {@code identities[]} or
 * else from a did-documents companion, and turns every failed check into a failed
 * {@link CaseResult}. A subclass checks one case. Subclasses are stateless and thread-safe.
 */
abstract class DidCasesSuite implements ConformanceSuite {
  private final String caseMarker;

  /** {@code caseMarker}: the field the first case of a file of this format always has. */
  DidCasesSuite(String caseMarker) {
    this.caseMarker = caseMarker;
  }

  @Override
  public final boolean recognizes(JsonNode root) {
    return root != null
        && root.isObject()
        && root.path("cases").isArray()
        && root.path("cases").path(0).has(caseMarker);
  }

  /** {@code cases[]} objects of the subclass's shape; inline {@code identities[]} with documents. */
  @Override
  public final Optional<String> malformation(JsonNode root) {
    return FileShape.problem(root, f -> f
        .eachObject("cases", this::caseShape)
        .optionalEachObject("identities", i -> i.text("name").object("did_document", d -> { })));
  }

  /** The members every case of this format must have, with their JSON types. */
  abstract void caseShape(FileShape c);

  @Override
  public final List<CaseResult> run(JsonNode root) {
    return run(root, root);
  }

  /** Takes the DID documents from the file itself, or else from a did-documents companion. */
  @Override
  public final List<CaseResult> run(JsonNode root, Companions companions) {
    if (root.path("identities").isArray()) {
      return run(root, root);
    }
    return run(root, companions.find(DidDocumentsSuite.NAME).orElse(root));
  }

  /**
   * Runs the cases of {@code root} with the DID documents of {@code identities}' {@code
   * identities[]} (a did-documents.json file, or {@code root} itself). Without usable documents
   * every case fails, naming why.
   */
  public final List<CaseResult> run(JsonNode root, JsonNode identities) {
    Map<String, DidDocument> documents = new HashMap<>();
    Optional<String> problem = loadDocuments(identities, documents);
    List<CaseResult> results = new ArrayList<>();
    for (Map.Entry<String, JsonNode> c : cases(root)) {
      String id = c.getKey();
      if (problem.isPresent()) {
        results.add(new CaseResult(id, false, problem.get()));
      } else {
        results.add(CaseChecks.check(id, () -> checkCase(id, c.getValue(), root, documents)));
      }
    }
    return results;
  }

  /** The cases to check, in file order, each under its {@code id} (or {@code cases[i]}). */
  List<Map.Entry<String, JsonNode>> cases(JsonNode root) {
    List<Map.Entry<String, JsonNode>> cases = new ArrayList<>();
    int index = 0;
    for (JsonNode c : root.path("cases")) {
      cases.add(Map.entry(c.path("id").asText("cases[" + index + "]"), c));
      index++;
    }
    return cases;
  }

  /**
   * Checks case {@code c} of file {@code root}; returns if we agree with its verdicts, throws with
   * the reason otherwise. {@code documents} are the DID documents by identity name.
   */
  abstract void checkCase(String id, JsonNode c, JsonNode root, Map<String, DidDocument> documents);

  /** Reads {@code identities[]} ({@code name}, {@code did_document}) into {@code out}. */
  private static Optional<String> loadDocuments(JsonNode file, Map<String, DidDocument> out) {
    if (!file.path("identities").isArray() || file.path("identities").isEmpty()) {
      return Optional.of("no DID documents: the file has no identities[]; run it with did-documents.json");
    }
    for (JsonNode identity : file.path("identities")) {
      try {
        out.put(identity.path("name").asText(), DidDocument.fromJson(identity.path("did_document")));
      } catch (IdentityException e) {
        return Optional.of("identities: " + identity.path("name").asText() + ": " + e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** The document of identity {@code name}; throws naming it if there is none. */
  static DidDocument document(Map<String, DidDocument> documents, String name) {
    DidDocument d = documents.get(name);
    if (d == null) {
      throw new IllegalStateException("no identity named " + name);
    }
    return d;
  }

  /** A verifier for {@code domain} at {@code at} that resolves only the given documents. */
  static DidWbaVerifier verifier(Map<String, DidDocument> documents, String domain, Instant at) {
    return DidWbaVerifier.builder()
        .resolver(resolver(documents))
        .audience(domain)
        .clock(Clock.fixed(at, ZoneOffset.UTC))
        .build();
  }

  /** A resolver over the given documents; other DIDs are not found. */
  private static DidResolver resolver(Map<String, DidDocument> documents) {
    Map<Did, DidDocument> byDid = new HashMap<>();
    documents.values().forEach(d -> byDid.put(d.id(), d));
    return did -> {
      DidDocument d = byDid.get(did);
      return d == null
          ? CompletableFuture.failedFuture(new IdentityException(IdentityError.DID_NOT_FOUND, "unknown DID " + did))
          : CompletableFuture.completedFuture(d);
    };
  }

  /** The identities an emitted auth file refers to: one per signing key type. */
  static List<DidWbaIdentity> emitIdentities(SecureRandom random, Clock clock) {
    return List.of(
        DidWbaIdentity.builder().host("alice.example.com").path("agents/alice").profile(DidWbaProfile.E1)
            .keyType(KeyType.ED25519).clock(clock).random(random).build(),
        DidWbaIdentity.builder().host("bob.example.com").path("agents/bob").profile(DidWbaProfile.K1)
            .keyType(KeyType.SECP256K1).clock(clock).random(random).build(),
        DidWbaIdentity.builder().host("carol.example.org").port(9443).keyType(KeyType.SECP256R1)
            .clock(clock).random(random).build());
  }

  /** The name an emitted file gives {@code identity}: the first label of its host. */
  static String identityName(DidWbaIdentity identity) {
    return identity.didWba().host().substring(0, identity.didWba().host().indexOf('.'));
  }

  /** The {@code identities[]} of an emitted file: name, DID and document of each identity. */
  static ArrayNode identitiesJson(List<DidWbaIdentity> identities) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (DidWbaIdentity identity : identities) {
      ObjectNode entry = out.addObject();
      entry.put("name", identityName(identity));
      entry.put("did", identity.did().toString());
      entry.set("did_document", identity.document().json());
    }
    return out;
  }
}
