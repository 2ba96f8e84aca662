package org.anp.identity.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The W3C did-test-suite implementation fixtures (vectors/did/w3c-did-test-suite, see its README):
 * every DID and DID URL must parse, every representation either parses into a document equal to
 * its abstract data model or is refused for a reason listed here, and the invalidDid /
 * invalidDidUrl executions must be refused.
 */
class W3cDidTestSuiteTest {
  private static final String DIR = "/vectors/did/w3c-did-test-suite/implementations/";
  private static final List<String> METHOD_FILES =
      List.of(
          "did-example-didwg.json",
          "did-ion.json",
          "did-key-2020-db.json",
          "did-key-spruce.json",
          "did-key-transmute.json",
          "did-web-mattr.json",
          "did-webkey-spruce.json",
          "did-webvh-dif-ts.json");

  // Representations this library refuses, by DID, and why. Everything else must be accepted.
  private static final Map<String, IdentityError> REFUSED =
      Map.of(
          // Relative verification method ids ("#sig_...", "#g1", "#signingKey"): spec/identity.md 1.2
          // requires absolute DID URLs in documents.
          "did:ion:", IdentityError.INVALID_DOCUMENT,
          "did:web:did.actor:healthcare:doctor:robert", IdentityError.INVALID_DOCUMENT,
          "did:web:did.actor:mike", IdentityError.INVALID_DOCUMENT,
          "did:web:kyledenhartog.com", IdentityError.INVALID_DOCUMENT,
          "did:key:z6LSn9Ah7d33uokFv2pg66BMN5UY72WtPE6eFjGXrA4mPcCp", IdentityError.INVALID_DOCUMENT,
          "did:key:zQ3shwNhfEjorJrrKpqvBvNRV35NfGmVWdx2rNmQCRR58Sfpf", IdentityError.INVALID_DOCUMENT,
          "did:key:z5TcCQtximJCYYLLmpUhydMUfyppwqQFveNQcrmLxYqbCvDrrcu9", IdentityError.INVALID_DOCUMENT,
          // P-384 and P-521 JWKs: curves outside the ANP key types.
          "did:key:z82Lm1MpAkeJcix9K8TMiLd5NMAhnwkjjCBeWHXyu3U4oT2MVJJKXkcVBgjGhnLBn2Kaau9", IdentityError.UNSUPPORTED_KEY_TYPE,
          "did:key:z2J9gaYxrKVpdoG9A4gRnmpnRCcxU6agDtFVVBVdn1JedouoZN7SzcyREXXzWgt3gGiwpoHq7K68X4m32D8HgzG8wv3sY5j7",
          IdentityError.UNSUPPORTED_KEY_TYPE,
          // RsaVerificationKey2018.
          "did:webkey:ssh:demo.spruceid.com:2021:07:14:keys", IdentityError.UNSUPPORTED_VERIFICATION_METHOD);

  static JsonNode load(String name) {
    try (InputStream in = W3cDidTestSuiteTest.class.getResourceAsStream(DIR + name)) {
      assertThat(in).as("test resource %s", DIR + name).isNotNull();
      return StrictJson.parse(in.readAllBytes(), 1 << 22);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static java.util.Optional<IdentityError> refusal(String did) {
    return REFUSED.entrySet().stream()
        .filter(e -> did.startsWith(e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  @TestFactory
  Stream<DynamicTest> everyDidAndDidParameterParses() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String file : METHOD_FILES) {
      JsonNode root = load(file);
      for (JsonNode did : root.get("dids")) {
        tests.add(DynamicTest.dynamicTest(file + " " + did.asText(), () -> {
          assertThat(Did.parse(did.asText()).toString()).isEqualTo(did.asText());
        }));
      }
      JsonNode params = root.path("didParameters");
      for (Map.Entry<String, JsonNode> p : params.properties()) {
        tests.add(DynamicTest.dynamicTest(file + " didParameters." + p.getKey(), () -> {
          DidUrl url = DidUrl.parse(p.getValue().asText());
          assertThat(url.toString()).isEqualTo(p.getValue().asText());
          assertThat(url.query()).isPresent();
        }));
      }
    }
    // The README's total says 19 DIDs / 32 representations; the eight files hold 18 and 31.
    assertThat(tests).hasSize(18 + 6);
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyRepresentationIsAcceptedOrRefusedForAListedReason() {
    List<DynamicTest> tests = new ArrayList<>();
    int[] accepted = {0};
    for (String file : METHOD_FILES) {
      JsonNode root = load(file);
      for (JsonNode didNode : root.get("dids")) {
        String did = didNode.asText();
        JsonNode entry = root.get(did);
        JsonNode properties = entry.get("didDocumentDataModel").get("properties");
        for (Map.Entry<String, JsonNode> rep : entry.properties()) {
          if (rep.getKey().equals("didDocumentDataModel")) {
            continue;
          }
          String representation = rep.getValue().get("representation").asText();
          JsonNode specific = rep.getValue().path("didDocumentDataModel").path("representationSpecificEntries");
          java.util.Optional<IdentityError> refused = refusal(did);
          String name = file + " " + rep.getKey() + " " + did.substring(0, Math.min(did.length(), 60));
          if (refused.isPresent()) {
            tests.add(DynamicTest.dynamicTest(name + " refused", () ->
                assertThatThrownBy(() -> DidDocument.parse(representation.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(refused.get()))));
          } else {
            accepted[0]++;
            tests.add(DynamicTest.dynamicTest(name, () -> {
              DidDocument doc = DidDocument.parse(representation.getBytes(StandardCharsets.UTF_8));
              assertThat(doc.id().toString()).isEqualTo(did);
              ObjectNode expected = ((ObjectNode) properties).deepCopy();
              if (specific.isObject()) {
                expected.setAll((ObjectNode) specific);
              }
              assertThat(doc.json()).isEqualTo(expected);
              assertThat(DidDocument.parse(doc.toBytes())).isEqualTo(doc);
              for (VerificationRelationship rel : VerificationRelationship.values()) {
                assertThat(doc.methods(rel)).hasSize(doc.references(rel).size());
              }
              for (VerificationMethod vm : doc.verificationMethods()) {
                assertThat(doc.verificationMethod(vm.id())).contains(vm);
                assertThat(DidUrl.parse(vm.id()).fragment()).isPresent();
              }
            }));
          }
        }
      }
    }
    assertThat(tests).hasSize(31);
    assertThat(accepted[0]).isEqualTo(12);
    return tests.stream();
  }

  @Test
  void resolverExecutionsRefuseExactlyTheInvalidDid() {
    JsonNode root = load("resolver-example-didwg.json");
    int refused = 0;
    for (JsonNode exec : root.get("executions")) {
      String did = exec.get("input").get("did").asText();
      String error = exec.get("output").path("didResolutionMetadata").path("error").asText("");
      if (error.equals("invalidDid")) {
        refused++;
        assertThatThrownBy(() -> Did.parse(did))
            .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_DID));
      } else {
        assertThat(Did.parse(did).toString()).isEqualTo(did);
      }
    }
    assertThat(root.get("executions")).hasSize(7);
    assertThat(refused).isEqualTo(1);
  }

  @Test
  void dereferencerExecutionsRefuseExactlyTheInvalidDidUrl() {
    JsonNode root = load("dereferencer-example-didwg.json");
    int refused = 0;
    for (JsonNode exec : root.get("executions")) {
      String url = exec.get("input").get("didUrl").asText();
      String error = exec.get("output").path("dereferencingMetadata").path("error").asText("");
      if (error.equals("invalidDidUrl")) {
        refused++;
        assertThatThrownBy(() -> DidUrl.parse(url))
            .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_DID_URL));
      } else {
        assertThat(DidUrl.parse(url).toString()).isEqualTo(url);
      }
    }
    assertThat(root.get("executions")).hasSize(4);
    assertThat(refused).isEqualTo(1);
  }
}
