package org.anp.identity.auth.anp02;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.anp.identity.json.StrictJson;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;

/**
 * The official ANP-02 1.2 vector files (test resources {@code vectors/conformance/anp-02-v1.2/})
 * and the public test keys they were made with: every Ed25519 seed is {@code
 * SHA-256("ANP02-PUBLIC-TEST-ONLY:" + fixture + ":" + fragment)}.
 */
final class Anp02Vectors {
  static final String DIR = "/vectors/conformance/anp-02-v1.2/";
  /** The verification time of the scenarios ({@code verifier_time}). */
  static final long VERIFIER_TIME = 1788768030L;

  final JsonNode identities;
  final JsonNode bytes;
  final JsonNode scenarios;

  private Anp02Vectors(JsonNode identities, JsonNode bytes, JsonNode scenarios) {
    this.identities = identities;
    this.bytes = bytes;
    this.scenarios = scenarios;
  }

  static Anp02Vectors load() {
    return new Anp02Vectors(read("identities.json"), read("byte-vectors.json"), read("scenario-vectors.json"));
  }

  private static JsonNode read(String name) {
    try (InputStream in = Anp02Vectors.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + DIR + name);
      }
      return StrictJson.parse(in.readAllBytes(), 1 << 20);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code identities.<fixture>}. */
  JsonNode identity(String fixture) {
    JsonNode id = identities.path("identities").path(fixture);
    if (!id.isObject()) {
      throw new IllegalArgumentException("no identity fixture " + fixture);
    }
    return id;
  }

  /** A fresh copy of the fixture's DID document. */
  ObjectNode document(String fixture) {
    return identity(fixture).path("document").deepCopy();
  }

  String did(String fixture) {
    return identity(fixture).path("did").textValue();
  }

  /** The positive byte vector with this id. */
  JsonNode positive(String id) {
    for (JsonNode p : bytes.path("positives")) {
      if (p.path("id").asText().equals(id)) {
        return p;
      }
    }
    throw new IllegalArgumentException("no positive byte vector " + id);
  }

  /** Every scenario of the named categories, in file order. */
  List<JsonNode> scenarios(List<String> categories) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode s : scenarios.path("scenarios")) {
      if (categories.contains(s.path("category").asText())) {
        out.add(s);
      }
    }
    return out;
  }

  /** The private test key of {@code fixture}'s verification method {@code #fragment}. */
  static PrivateKeyMaterial key(String fixture, String fragment) {
    String label = "ANP02-PUBLIC-TEST-ONLY:" + fixture + ":" + fragment;
    return PrivateKeyMaterial.fromRaw(KeyType.ED25519, sha256(label.getBytes(StandardCharsets.UTF_8)));
  }

  /** The {@code https} URL a did:wba or did:web DID's document is served at (same rule for both). */
  static URI documentUrl(String did) {
    String[] parts = did.split(":");
    String host = parts[2].replace("%3A", ":");
    if (parts.length == 3) {
      return URI.create("https://" + host + "/.well-known/did.json");
    }
    StringBuilder path = new StringBuilder();
    for (int i = 3; i < parts.length; i++) {
      path.append('/').append(parts[i]);
    }
    return URI.create("https://" + host + path + "/did.json");
  }

  /** The fixture whose identity has this DID. */
  Optional<String> fixtureOf(String did) {
    var it = identities.path("identities").properties().iterator();
    while (it.hasNext()) {
      var e = it.next();
      if (e.getValue().path("did").asText().equals(did)) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
