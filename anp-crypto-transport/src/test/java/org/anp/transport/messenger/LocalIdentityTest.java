package org.anp.transport.messenger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.anp.identity.did.Did;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.wba.DidWbaIdentity;
import org.junit.jupiter.api.Test;

class LocalIdentityTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void didWbaUsesKey2ForHellosAndKey1ForTheRouterEntry() {
    DidWbaIdentity wba = DidWbaIdentity.builder().host("a.test").random(RANDOM).build();

    LocalIdentity id = LocalIdentity.from(wba);

    String did = wba.did().toString();
    assertThat(id.did()).isEqualTo(wba.did());
    assertThat(id.e2eKeyId()).isEqualTo(did + "#key-2");
    assertThat(id.e2eKey()).isSameAs(wba.privateKey("key-2").orElseThrow());
    assertThat(id.routerDid()).hasToString(did);
    assertThat(id.routerKeyId()).isEqualTo(did + "#key-1");
    assertThat(id.routerKey().type()).isEqualTo(KeyType.ED25519);
  }

  @Test
  void didWbaWithoutE2eeKeysUsesAP256Key1ForBoth() {
    DidWbaIdentity wba = DidWbaIdentity.builder().host("a.test").keyType(KeyType.SECP256R1).e2eeKeys(false).random(RANDOM).build();

    LocalIdentity id = LocalIdentity.from(wba);

    assertThat(id.e2eKeyId()).endsWith("#key-1");
    assertThat(id.routerKeyId()).endsWith("#key-1");
  }

  @Test
  void didWbaWithoutAnyP256KeyIsRejected() {
    DidWbaIdentity wba = DidWbaIdentity.builder().host("a.test").e2eeKeys(false).random(RANDOM).build();

    assertThatThrownBy(() -> LocalIdentity.from(wba)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P-256");
  }

  @Test
  void didAllIsItsOwnRouterUnlessItsDocumentNamesAnother() {
    DidAllIdentity own = DidAllIdentity.builder().messageService("wss://relay.test/ws", "").random(RANDOM).build();
    DidAllIdentity other = DidAllIdentity.builder().random(RANDOM).build();
    DidAllIdentity foreign = DidAllIdentity.builder().messageService("wss://relay.test/ws", other.did().toString()).random(RANDOM).build();

    LocalIdentity id = LocalIdentity.from(own);

    assertThat(id.routerDid().toString()).isEqualTo(own.did().toString());
    assertThat(id.e2eKeyId()).isEqualTo(own.did() + "#keys-1");
    assertThatThrownBy(() -> LocalIdentity.from(foreign)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("router");
  }

  @Test
  void ofChecksKeyTypesAndKeyIds() {
    PrivateKeyMaterial p256 = PrivateKeyMaterial.generate(KeyType.SECP256R1, RANDOM);
    PrivateKeyMaterial x25519 = PrivateKeyMaterial.generate(KeyType.X25519, RANDOM);
    PrivateKeyMaterial ed = PrivateKeyMaterial.generate(KeyType.ED25519, RANDOM);
    Did did = Did.parse("did:wba:a.test");
    Did router = Did.parse("did:wba:r.test");

    assertThat(LocalIdentity.of(did, p256, did + "#k", router, ed, "did:wba:r.test#k").routerDid()).isEqualTo(router);
    assertThatThrownBy(() -> LocalIdentity.of(did, ed, did + "#k", did, ed, did + "#k")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LocalIdentity.of(did, p256, "did:wba:b.test#k", did, ed, did + "#k")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LocalIdentity.of(did, p256, did + "#k", did, x25519, did + "#k")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LocalIdentity.of(did, p256, did + "#k", did, ed, "did:wba:b.test#k")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringShowsNoKeyMaterial() {
    PrivateKeyMaterial p256 = PrivateKeyMaterial.generate(KeyType.SECP256R1, RANDOM);
    Did did = Did.parse("did:wba:a.test");
    LocalIdentity id = LocalIdentity.of(did, p256, did + "#key-2", did, p256, did + "#key-1");

    assertThat(id.toString()).isEqualTo("LocalIdentity[did:wba:a.test, e2e did:wba:a.test#key-2, router did:wba:a.test#key-1]");
  }
}
