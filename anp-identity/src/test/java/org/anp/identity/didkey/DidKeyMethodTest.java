package org.anp.identity.didkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base58;
import org.anp.identity.codec.Hex;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.did.VerificationMethodType;
import org.anp.identity.did.VerificationRelationship;
import org.anp.identity.json.StrictJson;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.identity.spi.ResolutionContext;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** did:key against the w3c-ccg/did-method-key test vectors (vectors/did/did-method-key). */
class DidKeyMethodTest {
  private static final String DIR = "/vectors/did/did-method-key/test-vectors/";
  private static final ResolutionContext CONTEXT =
      new ResolutionContext(DocumentFetchers.https(), Clock.systemUTC(), DidDocument.DEFAULT_MAX_BYTES);

  private static JsonNode load(String name) {
    try (InputStream in = DidKeyMethodTest.class.getResourceAsStream(DIR + name)) {
      assertThat(in).as(DIR + name).isNotNull();
      return StrictJson.parse(in.readAllBytes(), 1 << 20);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DidDocument resolve(String did) {
    return new DidKeyMethod().resolve(Did.parse(did), CONTEXT).join();
  }

  // The vector's key material (base58 or JWK) as a PublicKeyMaterial of the expected type.
  private static PublicKeyMaterial vectorKey(JsonNode keyPair, KeyType type) {
    if (keyPair.has("publicKeyBase58")) {
      return PublicKeyMaterial.fromRaw(type, Base58.decode(keyPair.get("publicKeyBase58").asText()));
    }
    return PublicKeyMaterial.fromJwk(keyPair.get("publicKeyJwk"));
  }

  private static void checkDocument(String did, PublicKeyMaterial expected) {
    DidDocument doc = resolve(did);
    String msi = did.substring("did:key:".length());
    assertThat(doc.id().toString()).isEqualTo(did);
    assertThat(doc.verificationMethods()).hasSize(1);
    VerificationMethod vm = doc.verificationMethods().get(0);
    assertThat(vm.id()).isEqualTo(did + "#" + msi);
    assertThat(vm.type()).isEqualTo(VerificationMethodType.MULTIKEY);
    assertThat(vm.controller()).isEqualTo(did);
    assertThat(vm.publicKey()).isEqualTo(expected);
    assertThat(Hex.encode(vm.publicKey().raw())).isEqualTo(Hex.encode(expected.raw()));
    assertThat(DidKey.from(expected).toString()).isEqualTo(did);
    assertThat(DidKey.publicKey(Did.parse(did))).isEqualTo(expected);
    boolean signs = expected.type().canSign();
    assertThat(doc.method(VerificationRelationship.AUTHENTICATION, msi).isPresent()).isEqualTo(signs);
    assertThat(doc.method(VerificationRelationship.ASSERTION_METHOD, msi).isPresent()).isEqualTo(signs);
    assertThat(doc.method(VerificationRelationship.CAPABILITY_INVOCATION, msi).isPresent()).isEqualTo(signs);
    assertThat(doc.method(VerificationRelationship.CAPABILITY_DELEGATION, msi).isPresent()).isEqualTo(signs);
    assertThat(doc.method(VerificationRelationship.KEY_AGREEMENT, msi).isPresent()).isEqualTo(expected.type().canAgree());
    assertThat(doc.contexts()).contains("https://www.w3.org/ns/did/v1");
  }

  @TestFactory
  Stream<DynamicTest> ed25519AndDerivedX25519Vectors() {
    JsonNode root = load("ed25519-x25519.json");
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
        PublicKeyMaterial ed = vectorKey(e.getValue().get("verificationKeyPair"), KeyType.ED25519);
        assertThat(ed.type()).isEqualTo(KeyType.ED25519);
        checkDocument(e.getKey(), ed);
        // The derived X25519 key has a did:key of its own.
        JsonNode agreement = e.getValue().get("keyAgreementKeyPair");
        PublicKeyMaterial x = vectorKey(agreement, KeyType.X25519);
        String xDid = DidKey.from(x).toString();
        assertThat(agreement.get("id").asText()).endsWith("#" + xDid.substring("did:key:".length()));
        checkDocument(xDid, x);
        // The vector's own document (2018 types, base58 keys) parses as well.
        DidDocument theirs = DidDocument.fromJson(e.getValue().get("didDocument"));
        assertThat(theirs.methods(VerificationRelationship.AUTHENTICATION).get(0).publicKey()).isEqualTo(ed);
        assertThat(theirs.methods(VerificationRelationship.KEY_AGREEMENT).get(0).publicKey()).isEqualTo(x);
      }));
    }
    assertThat(tests).hasSize(5);
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> x25519Vectors() {
    JsonNode docs = load("x25519.json").get("didDocument");
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : docs.properties()) {
      tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
        DidDocument theirs = DidDocument.fromJson(e.getValue());
        PublicKeyMaterial x = theirs.verificationMethods().get(0).publicKey();
        assertThat(x.type()).isEqualTo(KeyType.X25519);
        checkDocument(e.getKey(), x);
        assertThat(resolve(e.getKey()).methods(VerificationRelationship.AUTHENTICATION)).isEmpty();
      }));
    }
    assertThat(tests).hasSize(4);
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> secp256k1Vectors() {
    JsonNode root = load("secp256k1.json");
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
        PublicKeyMaterial k1 = vectorKey(e.getValue().get("verificationKeyPair"), KeyType.SECP256K1);
        assertThat(k1.type()).isEqualTo(KeyType.SECP256K1);
        checkDocument(e.getKey(), k1);
        DidDocument theirs = DidDocument.fromJson(e.getValue().get("didDocument"));
        assertThat(theirs.verificationMethods().get(0).publicKey()).isEqualTo(k1);
      }));
    }
    assertThat(tests).hasSize(6);
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> nistCurveVectors() {
    JsonNode root = load("nist-curves.json");
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      String did = e.getKey();
      JsonNode vm = e.getValue().get("verificationMethod");
      if (did.startsWith("did:key:zDn")) {
        tests.add(DynamicTest.dynamicTest(did, () -> checkDocument(did, vectorKey(vm, KeyType.SECP256R1))));
      } else {
        // P-384 (z82L...) and P-521 (z2J9...) are outside the ANP key types.
        tests.add(DynamicTest.dynamicTest(did + " unsupported", () -> {
          CompletableFuture<DidDocument> f = new DidKeyMethod().resolve(Did.parse(did), CONTEXT);
          assertThatThrownBy(f::join)
              .isInstanceOf(CompletionException.class)
              .cause()
              .isInstanceOfSatisfying(IdentityException.class, ex -> assertThat(ex.code()).isEqualTo(IdentityError.UNSUPPORTED_KEY_TYPE));
        }));
      }
    }
    assertThat(tests).hasSize(7);
    return tests.stream();
  }

  @Test
  void rejectsMalformedDidKeys() {
    assertThatThrownBy(() -> DidKey.publicKey(Did.parse("did:web:example.com")))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_DID));
    assertThatThrownBy(() -> DidKey.publicKey(Did.parse("did:key:u7QE")))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_DID));
    assertThatThrownBy(() -> DidKey.publicKey(Did.parse("did:key:z0OIl")))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_ENCODING))
        .hasMessageContaining("method-specific-id");
    // Ed25519 multicodec followed by 31 bytes.
    String shortKey = "z" + Base58.encode(Hex.decode("ed01" + "11".repeat(31)));
    assertThatThrownBy(() -> DidKey.publicKey(Did.parse("did:key:" + shortKey)))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_KEY));
    // A multicodec that is no public key type.
    String unknown = "z" + Base58.encode(Hex.decode("0102" + "11".repeat(32)));
    assertThatThrownBy(() -> DidKey.document(Did.parse("did:key:" + unknown)))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.UNSUPPORTED_KEY_TYPE));
    assertThat(new DidKeyMethod().methodName()).isEqualTo("key");
  }
}
