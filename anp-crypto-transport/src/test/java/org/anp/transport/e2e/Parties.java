package org.anp.transport.e2e;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.anp.identity.did.Did;
import org.anp.identity.didall.DidAll;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;

/** Test identities: did:all DIDs with fresh P-256 keys and configs over a shared clock. */
final class Parties {
  private Parties() {}

  record Party(String did, PrivateKeyMaterial key) {
    String vmId() {
      return did + "#keys-1";
    }

    HandshakeConfig.Builder configBuilder(Clock clock, SecureRandom random) {
      return HandshakeConfig.builder()
          .identity(Did.parse(did), key, vmId())
          .keyBinding(HelloKeyBinding.standard(d -> Optional.empty()))
          .clock(clock)
          .random(random);
    }

    HandshakeConfig config(Clock clock, SecureRandom random) {
      return configBuilder(clock, random).build();
    }
  }

  static Party create(SecureRandom random) {
    PrivateKeyMaterial key = PrivateKeyMaterial.generate(KeyType.SECP256R1, random);
    return new Party(DidAll.fromPublicKey(key.publicKey()).toString(), key);
  }
}
