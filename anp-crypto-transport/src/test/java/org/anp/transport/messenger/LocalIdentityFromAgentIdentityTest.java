package org.anp.transport.messenger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.agent.KeyRole;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.keys.KeyType;
import org.anp.identity.wba.DidWbaIdentity;
import org.junit.jupiter.api.Test;

/** {@link LocalIdentity#from(AgentIdentity)}: the messenger's keys come from the one role rule. */
class LocalIdentityFromAgentIdentityTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void picksTheSameKeysAsTheMethodSpecificFactories() {
    DidWbaIdentity ed = DidWbaIdentity.builder().host("a.test").random(RANDOM).build();
    DidWbaIdentity p256 = DidWbaIdentity.builder().host("a.test").keyType(KeyType.SECP256R1).e2eeKeys(false).random(RANDOM).build();
    DidAllIdentity all = DidAllIdentity.builder().messageService("wss://relay.test/ws", "").random(RANDOM).build();

    for (LocalIdentity[] pair : new LocalIdentity[][] {
        {LocalIdentity.from(AgentIdentity.from(ed)), LocalIdentity.from(ed)},
        {LocalIdentity.from(AgentIdentity.from(p256)), LocalIdentity.from(p256)},
        {LocalIdentity.from(AgentIdentity.from(all)), LocalIdentity.from(all)}}) {
      assertThat(pair[0].toString()).isEqualTo(pair[1].toString());
      assertThat(pair[0].e2eKey()).isSameAs(pair[1].e2eKey());
      assertThat(pair[0].routerKey()).isSameAs(pair[1].routerKey());
    }
    assertThat(LocalIdentity.from(AgentIdentity.from(ed)).e2eKeyId()).endsWith("#key-2");
  }

  @Test
  void aP256DidKeySignsHellosAndItsRegistrationWithItsOneKey() {
    AgentIdentity key = AgentIdentity.generateDidKey(KeyType.SECP256R1, RANDOM);

    LocalIdentity id = LocalIdentity.from(key);

    assertThat(id.did().toString()).isEqualTo(key.did().toString());
    assertThat(id.e2eKeyId()).isEqualTo(key.requireKey(KeyRole.E2E).id());
    assertThat(id.routerKeyId()).isEqualTo(id.e2eKeyId());
  }

  @Test
  void anIdentityWithoutAP256KeyOrWithAForeignRouterIsRefused() {
    assertThatThrownBy(() -> LocalIdentity.from(AgentIdentity.generateDidKey(KeyType.ED25519, RANDOM)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("P-256");
    DidAllIdentity other = DidAllIdentity.builder().random(RANDOM).build();
    DidAllIdentity foreign =
        DidAllIdentity.builder().messageService("wss://relay.test/ws", other.did().toString()).random(RANDOM).build();
    assertThatThrownBy(() -> LocalIdentity.from(AgentIdentity.from(foreign)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("router");
  }
}
