package org.anp.identity.did;

import static org.anp.identity.did.TestKeys.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Hex;
import org.anp.identity.keys.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VerificationMethodTest {

  private static Arguments ok(String type, String field, Object value, KeyType keyType, String rawHex) {
    return Arguments.of(type, field, value, keyType, rawHex);
  }

  static Stream<Arguments> acceptedKeyMaterial() {
    String ed = Hex.encode(ED25519);
    String x = Hex.encode(X25519);
    return Stream.of(
        ok("EcdsaSecp256k1VerificationKey2019", "publicKeyJwk", ecJwk("secp256k1", K1_JWK_X, K1_JWK_Y), KeyType.SECP256K1, K1_UNCOMPRESSED_HEX),
        ok("EcdsaSecp256k1VerificationKey2019", "publicKeyMultibase", K1_MB_RAW, KeyType.SECP256K1, K1_UNCOMPRESSED_HEX),
        ok("EcdsaSecp256k1VerificationKey2019", "publicKeyMultibase", K1_MB_PREFIXED, KeyType.SECP256K1, K1_UNCOMPRESSED_HEX),
        ok("EcdsaSecp256k1VerificationKey2019", "publicKeyBase58", K1_B58, KeyType.SECP256K1, K1_UNCOMPRESSED_HEX),
        ok("EcdsaSecp256k1VerificationKey2019", "publicKeyHex", K1_UNCOMPRESSED_HEX, KeyType.SECP256K1, K1_UNCOMPRESSED_HEX),
        ok("EcdsaSecp256k1VerificationKey2019", "publicKeyHex", "04" + K1_UNCOMPRESSED_HEX, KeyType.SECP256K1, K1_UNCOMPRESSED_HEX),
        ok("EcdsaSecp256r1VerificationKey2019", "publicKeyJwk", ecJwk("P-256", P256_JWK_X, P256_JWK_Y), KeyType.SECP256R1, P256_UNCOMPRESSED_HEX),
        ok("EcdsaSecp256r1VerificationKey2019", "publicKeyHex", P256_UNCOMPRESSED_HEX, KeyType.SECP256R1, P256_UNCOMPRESSED_HEX),
        ok("EcdsaSecp256r1VerificationKey2019", "publicKeyHex", "04" + P256_UNCOMPRESSED_HEX.toUpperCase(java.util.Locale.ROOT), KeyType.SECP256R1, P256_UNCOMPRESSED_HEX),
        ok("Ed25519VerificationKey2018", "publicKeyBase58", ED25519_B58, KeyType.ED25519, ed),
        ok("Ed25519VerificationKey2018", "publicKeyMultibase", ED25519_MB_RAW, KeyType.ED25519, ed),
        ok("Ed25519VerificationKey2018", "publicKeyJwk", okpJwk("Ed25519", ED25519_JWK_X), KeyType.ED25519, ed),
        ok("Ed25519VerificationKey2020", "publicKeyMultibase", ED25519_MB_PREFIXED, KeyType.ED25519, ed),
        ok("Ed25519VerificationKey2020", "publicKeyMultibase", ED25519_MB_RAW, KeyType.ED25519, ed),
        ok("JsonWebKey2020", "publicKeyJwk", okpJwk("Ed25519", ED25519_JWK_X), KeyType.ED25519, ed),
        ok("JsonWebKey2020", "publicKeyJwk", okpJwk("X25519", X25519_JWK_X), KeyType.X25519, x),
        ok("JsonWebKey2020", "publicKeyJwk", ecJwk("secp256k1", K1_JWK_X, K1_JWK_Y), KeyType.SECP256K1, K1_UNCOMPRESSED_HEX),
        ok("JsonWebKey2020", "publicKeyJwk", ecJwk("P-256", P256_JWK_X, P256_JWK_Y), KeyType.SECP256R1, P256_UNCOMPRESSED_HEX),
        ok("Multikey", "publicKeyMultibase", ED25519_MB_PREFIXED, KeyType.ED25519, ed),
        ok("Multikey", "publicKeyMultibase", X25519_MB_PREFIXED, KeyType.X25519, x),
        ok("Multikey", "publicKeyMultibase", K1_MB_PREFIXED, KeyType.SECP256K1, K1_UNCOMPRESSED_HEX),
        ok("Multikey", "publicKeyMultibase", "zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169", KeyType.SECP256R1, P256_UNCOMPRESSED_HEX),
        ok("X25519KeyAgreementKey2019", "publicKeyBase58", X25519_B58, KeyType.X25519, x),
        ok("X25519KeyAgreementKey2019", "publicKeyMultibase", X25519_MB_RAW, KeyType.X25519, x),
        ok("X25519KeyAgreementKey2019", "publicKeyMultibase", X25519_MB_PREFIXED, KeyType.X25519, x),
        ok("X25519KeyAgreementKey2019", "publicKeyJwk", okpJwk("X25519", X25519_JWK_X), KeyType.X25519, x),
        ok("X25519KeyAgreementKey2020", "publicKeyMultibase", X25519_MB_PREFIXED, KeyType.X25519, x));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("acceptedKeyMaterial")
  void decodesEveryAcceptedKeyEncoding(String type, String field, Object value, KeyType keyType, String rawHex) {
    ObjectNode json = vm("k", type);
    if (value instanceof ObjectNode) {
      json.set(field, (ObjectNode) value);
    } else {
      json.put(field, (String) value);
    }
    VerificationMethod vm = VerificationMethod.fromJson(json);
    assertThat(vm.id()).isEqualTo("did:example:123#k");
    assertThat(vm.fragment()).isEqualTo("k");
    assertThat(vm.type()).isEqualTo(VerificationMethodType.fromWireName(type));
    assertThat(vm.type().wireName()).isEqualTo(type);
    assertThat(vm.controller()).isEqualTo("did:example:123");
    assertThat(vm.publicKey().type()).isEqualTo(keyType);
    assertThat(Hex.encode(vm.publicKey().raw())).isEqualTo(rawHex);
    assertThat(vm.json()).isEqualTo(json);
  }

  @Test
  void jsonIsACopy() {
    ObjectNode json = vm("k", "Ed25519VerificationKey2018").put("publicKeyBase58", ED25519_B58);
    VerificationMethod vm = VerificationMethod.fromJson(json);
    json.put("extra", 1);
    vm.json().put("other", 2);
    assertThat(vm.json().has("extra")).isFalse();
    assertThat(vm.json().has("other")).isFalse();
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        // {json mutator description, code, message fragment}
        Arguments.of(vm("k", "Ed25519VerificationKey2018"), IdentityError.INVALID_DOCUMENT, "no public key member"),
        Arguments.of(vm("k", "Ed25519VerificationKey2018").put("publicKeyBase58", ED25519_B58).put("publicKeyMultibase", ED25519_MB_RAW),
            IdentityError.INVALID_DOCUMENT, "more than one public key member"),
        Arguments.of(vm("k", "RsaVerificationKey2018").put("publicKeyBase58", ED25519_B58), IdentityError.UNSUPPORTED_VERIFICATION_METHOD, "RsaVerificationKey2018"),
        Arguments.of(vm("k", "ed25519verificationkey2018").put("publicKeyBase58", ED25519_B58), IdentityError.UNSUPPORTED_VERIFICATION_METHOD, "type"),
        Arguments.of(vm("k", "X25519KeyAgreementKey2019").put("publicKeyMultibase", ED25519_MB_PREFIXED), IdentityError.INVALID_KEY, "publicKeyMultibase"),
        Arguments.of(vm("k", "X25519KeyAgreementKey2019").set("publicKeyJwk", okpJwk("Ed25519", ED25519_JWK_X)), IdentityError.INVALID_KEY, "requires a X25519 key"),
        Arguments.of(vm("k", "EcdsaSecp256k1VerificationKey2019").set("publicKeyJwk", ecJwk("P-256", P256_JWK_X, P256_JWK_Y)), IdentityError.INVALID_KEY, "requires a SECP256K1 key"),
        Arguments.of(vm("k", "Ed25519VerificationKey2018").put("publicKeyHex", Hex.encode(ED25519)), IdentityError.INVALID_DOCUMENT, "not allowed for type"),
        Arguments.of(vm("k", "JsonWebKey2020").put("publicKeyMultibase", ED25519_MB_PREFIXED), IdentityError.INVALID_DOCUMENT, "not allowed for type"),
        Arguments.of(vm("k", "Multikey").put("publicKeyBase58", ED25519_B58), IdentityError.INVALID_DOCUMENT, "not allowed for type"),
        Arguments.of(vm("k", "Multikey").put("publicKeyMultibase", ED25519_MB_RAW), IdentityError.UNSUPPORTED_KEY_TYPE, "publicKeyMultibase"),
        Arguments.of(vm("k", "EcdsaSecp256r1VerificationKey2019").put("publicKeyHex", P256_UNCOMPRESSED_HEX.substring(2)), IdentityError.INVALID_KEY, "130 hex"),
        Arguments.of(vm("k", "EcdsaSecp256r1VerificationKey2019").put("publicKeyHex", "05" + P256_UNCOMPRESSED_HEX.substring(2)), IdentityError.INVALID_KEY, "130 hex"),
        Arguments.of(vm("k", "EcdsaSecp256r1VerificationKey2019").put("publicKeyHex", "04" + "zz".repeat(64)), IdentityError.INVALID_ENCODING, "publicKeyHex"),
        Arguments.of(vm("k", "Ed25519VerificationKey2018").put("publicKeyMultibase", "m" + ED25519_B58), IdentityError.INVALID_ENCODING, "publicKeyMultibase"),
        Arguments.of(vm("k", "Ed25519VerificationKey2018").put("publicKeyBase58", "0OIl"), IdentityError.INVALID_ENCODING, "publicKeyBase58"),
        Arguments.of(vm("k", "Ed25519VerificationKey2018").put("publicKeyBase58", 5), IdentityError.INVALID_DOCUMENT, "publicKeyBase58: expected string"),
        Arguments.of(vm("k", "JsonWebKey2020").put("publicKeyJwk", "not-an-object"), IdentityError.INVALID_DOCUMENT, "publicKeyJwk: expected object"),
        Arguments.of(vm("k", "JsonWebKey2020").set("publicKeyJwk", okpJwk("Ed25519", ED25519_JWK_X).put("d", ED25519_JWK_X)), IdentityError.INVALID_KEY, "private"),
        Arguments.of(vm("k", "JsonWebKey2020").set("publicKeyJwk", ecJwk("P-384", P256_JWK_X, P256_JWK_Y)), IdentityError.UNSUPPORTED_KEY_TYPE, "publicKeyJwk"),
        Arguments.of(vm("k", "Ed25519VerificationKey2018").put("controller", 7).put("publicKeyBase58", ED25519_B58), IdentityError.INVALID_DOCUMENT, "controller: expected string"),
        Arguments.of(vm("k", "Ed25519VerificationKey2018").put("controller", "example:123").put("publicKeyBase58", ED25519_B58), IdentityError.INVALID_DOCUMENT, "controller: not a DID"),
        Arguments.of(vm("k", "Ed25519VerificationKey2018").put("id", "#k").put("publicKeyBase58", ED25519_B58), IdentityError.INVALID_DOCUMENT, "id: must be an absolute DID URL"),
        Arguments.of(vm("k", "Ed25519VerificationKey2018").put("id", "did:example:123").put("publicKeyBase58", ED25519_B58), IdentityError.INVALID_DOCUMENT, "needs a fragment"),
        Arguments.of(vm("k", "Ed25519VerificationKey2018").put("type", true).put("publicKeyBase58", ED25519_B58), IdentityError.INVALID_DOCUMENT, "type: expected string"),
        Arguments.of(vm("k", "Ed25519VerificationKey2018").put("publicKeyBase58", ED25519_B58).without("id"), IdentityError.INVALID_DOCUMENT, "verificationMethod.id: missing"));
  }

  @ParameterizedTest(name = "[{index}] {1} {2}")
  @MethodSource("rejected")
  void rejectsBadMethods(ObjectNode json, IdentityError code, String messagePart) {
    assertThatThrownBy(() -> VerificationMethod.fromJson(json))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(messagePart);
  }

  // Well-formed key material that is no valid key: parsing accepts it, the first use refuses it
  // (decision 0007). Wrong lengths and prefixes stay in rejected() above.
  static Stream<Arguments> rejectedOnFirstUse() {
    String y = P256_UNCOMPRESSED_HEX.substring(66);
    String badY = y.substring(0, 63) + (y.charAt(63) == '0' ? '1' : '0');
    String jwkBadY = Base64Codec.encodeUrl(Hex.decode(badY));
    return Stream.of(
        Arguments.of(vm("k", "EcdsaSecp256r1VerificationKey2019").put("publicKeyHex", P256_UNCOMPRESSED_HEX.substring(0, 66) + badY),
            "verificationMethod.publicKeyHex: publicKey: point is not on P-256"),
        Arguments.of(vm("k", "EcdsaSecp256r1VerificationKey2019").set("publicKeyJwk", ecJwk("P-256", P256_JWK_X, jwkBadY)),
            "verificationMethod.publicKeyJwk: publicKey: point is not on P-256"),
        Arguments.of(vm("k", "EcdsaSecp256k1VerificationKey2019").put("publicKeyHex", P256_UNCOMPRESSED_HEX.substring(0, 66) + "00".repeat(32)),
            "verificationMethod.publicKeyHex: publicKey: point is not on secp256k1"),
        Arguments.of(vm("k", "EcdsaSecp256r1VerificationKey2019").put("publicKeyHex", "0404" + P256_UNCOMPRESSED_HEX.substring(4) + "00"),
            "verificationMethod.publicKeyHex: publicKey"),
        Arguments.of(vm("k", "Ed25519VerificationKey2018").put("publicKeyBase58", "4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtaj"),
            "verificationMethod.publicKeyBase58: publicKey: not a valid Ed25519 public key"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("rejectedOnFirstUse")
  void refusesAnInvalidPointWhenTheKeyIsFirstUsed(ObjectNode json, String message) {
    VerificationMethod vm = VerificationMethod.fromJson(json);
    assertThat(vm.id()).isEqualTo("did:example:123#k");
    for (int use = 0; use < 2; use++) {
      assertThatThrownBy(vm::publicKey)
          .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_KEY))
          .hasMessageContaining(message);
    }
  }

  @Test
  void decodesTheKeyOnceAndKeepsIt() {
    VerificationMethod vm = VerificationMethod.fromJson(vm("k", "EcdsaSecp256r1VerificationKey2019").put("publicKeyHex", P256_UNCOMPRESSED_HEX));
    assertThat(vm.publicKey()).isSameAs(vm.publicKey());
  }

  @Test
  void equalityComparesMembersAndKeyWithoutDecoding() {
    ObjectNode json = vm("k", "Ed25519VerificationKey2018").put("publicKeyBase58", "4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtaj");
    VerificationMethod a = VerificationMethod.fromJson(json);
    VerificationMethod b = VerificationMethod.fromJson(json);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(VerificationMethod.fromJson(json.put("controller", "did:example:456")));
    assertThat(a.toString()).isEqualTo("VerificationMethod[id=did:example:123#k, type=Ed25519VerificationKey2018, controller=did:example:123]");
  }

  @Test
  void rejectsNonObject() {
    assertThatThrownBy(() -> VerificationMethod.fromJson(JsonNodeFactory.instance.textNode("x")))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_DOCUMENT));
  }

  @Test
  void unknownWireNameIsUnsupported() {
    assertThatThrownBy(() -> VerificationMethodType.fromWireName("P256Key2021"))
        .isInstanceOfSatisfying(
            IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.UNSUPPORTED_VERIFICATION_METHOD));
    for (VerificationMethodType t : VerificationMethodType.values()) {
      assertThat(VerificationMethodType.fromWireName(t.wireName())).isSameAs(t);
    }
  }

  @Test
  void constructorRejectsKeyThatDoesNotFitTypeOrIdWithoutFragment() {
    VerificationMethod vm = VerificationMethod.fromJson(vm("k", "Ed25519VerificationKey2018").put("publicKeyBase58", ED25519_B58));
    assertThatThrownBy(() -> new VerificationMethod(
            vm.id(), VerificationMethodType.X25519_KEY_AGREEMENT_KEY_2019, vm.controller(), vm.publicKey(), vm.json()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VerificationMethod("did:example:123", vm.type(), vm.controller(), vm.publicKey(), vm.json()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new VerificationMethod(vm.id(), VerificationMethodType.JSON_WEB_KEY_2020, vm.controller(), vm.publicKey(), vm.json()))
        .extracting(VerificationMethod::publicKey)
        .isEqualTo(vm.publicKey());
  }

  @Test
  void messagesCarryThePathOnceAndOneCodeName() {
    ObjectNode json = vm("k", "Ed25519VerificationKey2018").put("controller", "example").put("publicKeyBase58", ED25519_B58);
    assertThatThrownBy(() -> VerificationMethod.fromJson(json))
        .hasMessage("INVALID_DOCUMENT: verificationMethod.controller: not a DID: scheme: a DID must start with 'did:'");
    ObjectNode shortKey = vm("k", "Ed25519VerificationKey2018").put("publicKeyBase58", "4zvw");
    assertThatThrownBy(() -> VerificationMethod.fromJson(shortKey))
        .hasMessageStartingWith("INVALID_KEY: verificationMethod.publicKeyBase58: ")
        .satisfies(e -> assertThat(e.getMessage().split("INVALID_KEY", -1)).hasSize(2));
  }
}
