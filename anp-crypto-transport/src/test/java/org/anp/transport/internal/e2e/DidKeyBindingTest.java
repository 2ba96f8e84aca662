package org.anp.transport.internal.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import org.anp.identity.did.DidDocument;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.junit.jupiter.api.Test;

class DidKeyBindingTest {
  private final DidWbaIdentity wba = DidWbaIdentity.builder().host("a.example").path("u:alice").build();
  private final String did = wba.did().toString();
  private final DidDocument document = wba.document();
  private final DidKeyBinding binding = new DidKeyBinding(d -> Optional.ofNullable(Map.of(did, document).get(d)));

  @Test
  void boundKeyIsTheDocumentsKeyObjectForAnEqualKeyFromTheWire() {
    PublicKeyMaterial documentKey = document.verificationMethod("key-2").orElseThrow().publicKey();
    PublicKeyMaterial fromWire = PublicKeyMaterial.fromRaw(KeyType.SECP256R1, documentKey.raw());

    PublicKeyMaterial bound = binding.boundKey(did, did + "#key-2", fromWire);

    assertThat(bound).isSameAs(documentKey).isEqualTo(fromWire);
    binding.check(did, did + "#key-2", fromWire);
  }

  // Documents decode keys on first use (decision 0007): an invalid key-2 surfaces here.
  @Test
  void anInvalidKeyInTheDocumentIsAMismatch() {
    ObjectNode json = document.json();
    ObjectNode jwk = (ObjectNode) json.get("verificationMethod").get(1).get("publicKeyJwk");
    jwk.put("y", jwk.get("x").textValue());
    DidDocument broken = DidDocument.fromJson(json);
    DidKeyBinding brokenBinding = new DidKeyBinding(d -> Optional.of(broken));
    PublicKeyMaterial fromWire = document.verificationMethod("key-2").orElseThrow().publicKey();

    assertThatThrownBy(() -> brokenBinding.boundKey(did, did + "#key-2", fromWire))
        .isInstanceOfSatisfying(
            TransportException.class, e -> assertThat(e.code()).isEqualTo(TransportError.DID_KEY_MISMATCH))
        .hasMessageContaining("has an invalid key");
  }

  @Test
  void didAllKeyIsKeptAndReusedForAnEqualKey() {
    DidAllIdentity identity = DidAllIdentity.builder().build();
    String didAll = identity.did().toString();
    PublicKeyMaterial first = identity.privateKey().publicKey();
    PublicKeyMaterial again = PublicKeyMaterial.fromRaw(KeyType.SECP256R1, first.raw());

    assertThat(binding.boundKey(didAll, didAll + "#keys-1", first)).isSameAs(first);
    assertThat(binding.boundKey(didAll, didAll + "#keys-1", again)).isSameAs(first);
    // A kept key does not let another key through.
    PublicKeyMaterial other = PrivateKeyMaterial.generate(KeyType.SECP256R1, new SecureRandom()).publicKey();
    assertThatThrownBy(() -> binding.boundKey(didAll, didAll + "#keys-1", other))
        .isInstanceOfSatisfying(
            TransportException.class, e -> assertThat(e.code()).isEqualTo(TransportError.DID_KEY_MISMATCH));
  }

  @Test
  void onlyTheLastDidAllKeysAreKept() {
    SecureRandom random = new SecureRandom();
    DidAllIdentity oldest = DidAllIdentity.builder().random(random).build();
    DidAllIdentity recent = DidAllIdentity.builder().random(random).build();
    PublicKeyMaterial oldestKey = oldest.privateKey().publicKey();
    PublicKeyMaterial recentKey = recent.privateKey().publicKey();
    binding.boundKey(oldest.did().toString(), oldest.did() + "#keys-1", oldestKey);
    binding.boundKey(recent.did().toString(), recent.did() + "#keys-1", recentKey);
    for (int i = 0; i < DidKeyBinding.DID_ALL_KEYS_KEPT - 1; i++) {
      // Using the recent key keeps it; the oldest is never used again and drops out.
      binding.boundKey(recent.did().toString(), recent.did() + "#keys-1", recentKey);
      DidAllIdentity filler = DidAllIdentity.builder().random(random).build();
      binding.boundKey(filler.did().toString(), filler.did() + "#keys-1", filler.privateKey().publicKey());
    }

    PublicKeyMaterial oldestAgain = PublicKeyMaterial.fromRaw(KeyType.SECP256R1, oldestKey.raw());
    PublicKeyMaterial recentAgain = PublicKeyMaterial.fromRaw(KeyType.SECP256R1, recentKey.raw());
    assertThat(binding.boundKey(oldest.did().toString(), oldest.did() + "#keys-1", oldestAgain)).isSameAs(oldestAgain);
    assertThat(binding.boundKey(recent.did().toString(), recent.did() + "#keys-1", recentAgain)).isSameAs(recentKey);
  }

  @Test
  void otherKeysMethodsAndDidsAreRefused() {
    PublicKeyMaterial other = PrivateKeyMaterial.generate(KeyType.SECP256R1, new SecureRandom()).publicKey();
    PublicKeyMaterial documentKey = document.verificationMethod("key-2").orElseThrow().publicKey();

    assertThatThrownBy(() -> binding.boundKey(did, did + "#key-2", other))
        .isInstanceOfSatisfying(
            TransportException.class, e -> assertThat(e.code()).isEqualTo(TransportError.DID_KEY_MISMATCH));
    assertThatThrownBy(() -> binding.boundKey(did, did + "#key-9", documentKey))
        .isInstanceOfSatisfying(
            TransportException.class, e -> assertThat(e.code()).isEqualTo(TransportError.DID_KEY_MISMATCH));
    assertThatThrownBy(() -> binding.boundKey("did:wba:b.example:u:bob", "did:wba:b.example:u:bob#key-2", documentKey))
        .isInstanceOfSatisfying(
            TransportException.class, e -> assertThat(e.code()).isEqualTo(TransportError.DID_NOT_FOUND));
    DidAllIdentity didAll = DidAllIdentity.builder().build();
    assertThatThrownBy(() -> binding.boundKey(didAll.did().toString(), didAll.did() + "#keys-1", other))
        .isInstanceOfSatisfying(
            TransportException.class, e -> assertThat(e.code()).isEqualTo(TransportError.DID_KEY_MISMATCH));
  }
}
