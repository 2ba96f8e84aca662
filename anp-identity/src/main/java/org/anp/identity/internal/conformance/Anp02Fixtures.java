package org.anp.identity.internal.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;

/**
 * The three files of the ANP-02 1.2 vector format ({@code identities.json}, {@code
 * byte-vectors.json}, {@code scenario-vectors.json}) and the public test keys they were made with:
 * every Ed25519 seed is {@code SHA-256(label prefix + fixture + ":" + fragment)}, the prefix named
 * in {@code identities.test_key_derivation} (upstream: {@code ANP02-PUBLIC-TEST-ONLY:}).
 */
public final class Anp02Fixtures {
  private static final Pattern DERIVATION = Pattern.compile("SHA-256\\(\"([^\"]{1,100})\"");

  private final JsonNode identities;
  private final JsonNode bytes;
  private final JsonNode scenarios;
  private final String keyLabelPrefix;

  /** Any file may be a missing node; {@link #identity} and friends then fail naming it. */
  public Anp02Fixtures(JsonNode identities, JsonNode bytes, JsonNode scenarios) {
    this.identities = Objects.requireNonNull(identities, "identities");
    this.bytes = Objects.requireNonNull(bytes, "bytes");
    this.scenarios = Objects.requireNonNull(scenarios, "scenarios");
    Matcher m = DERIVATION.matcher(identities.path("test_key_derivation").asText(""));
    this.keyLabelPrefix = m.find() ? m.group(1) : "ANP02-PUBLIC-TEST-ONLY:";
  }

  JsonNode identitiesFile() {
    return identities;
  }

  JsonNode bytesFile() {
    return bytes;
  }

  JsonNode scenariosFile() {
    return scenarios;
  }

  /** {@code identities.<fixture>}. */
  JsonNode identity(String fixture) {
    JsonNode id = identities.path("identities").path(fixture);
    if (!id.isObject()) {
      throw new Anp02Checks.CaseFailure("identities.json: no identity fixture " + fixture);
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
    throw new Anp02Checks.CaseFailure("byte-vectors.json: no positive vector " + id);
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

  /** The byte vectors' fixed time plus 30 s, as the scenarios' {@code verifier_time}. */
  Instant verifierTime() {
    JsonNode fixed = bytes.path("fixed_time").isTextual() ? bytes.path("fixed_time") : identities.path("fixed_time");
    return Instant.parse(fixed.asText("2026-09-07T08:00:00Z")).plusSeconds(30);
  }

  /** The fixed creation time of the files' proofs. */
  Instant fixedTime() {
    return verifierTime().minusSeconds(30);
  }

  /** The private test key of {@code fixture}'s verification method {@code #fragment}. */
  PrivateKeyMaterial key(String fixture, String fragment) {
    return key(keyLabelPrefix, fixture, fragment);
  }

  /** A test key of this derivation with another label prefix. */
  static PrivateKeyMaterial key(String prefix, String fixture, String fragment) {
    String label = prefix + fixture + ":" + fragment;
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

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
