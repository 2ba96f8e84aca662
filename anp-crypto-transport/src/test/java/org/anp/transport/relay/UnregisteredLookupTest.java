package org.anp.transport.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.anp.identity.resolve.DidResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, attack 6 (relay side): before the fix a connection that never registered made the
 * relay resolve every {@code sourceDid} it named (one outbound lookup per frame, to hosts of its
 * choosing). Now such frames are refused 403 without any lookup; only DIDs that register, and
 * those a registered peer uses, are resolved.
 */
class UnregisteredLookupTest {
  private final TestDirectory directory = new TestDirectory();
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  @Test
  void framesOfAnUnregisteredConnectionCauseNoLookup() {
    DidResolver inner = directory.resolver();
    AtomicInteger lookups = new AtomicInteger();
    DidResolver counting = did -> {
      lookups.incrementAndGet();
      return inner.resolve(did);
    };
    RelayServer relay = RelayServer.builder().resolver(counting).rateLimit(10_000, 10_000).build();
    relay.start().join();
    resources.add(relay);
    TestDirectory.Agent target = directory.wba(Optional.of(relay.uri()));
    WsClient stranger = WsClient.connect(relay.uri());
    resources.add(stranger);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String id = "u" + i;
      ids.add(id);
      stranger.send(WsClient.message(id, "did:wba:host" + i + ".example:x", target.did(), 16).toString());
    }
    for (String id : ids) {
      assertThat(stranger.awaitCode(id)).isEqualTo(403);
    }
    System.out.println("lookups caused by 50 frames of an unregistered connection: " + lookups.get());
    assertThat(lookups.get()).isZero();

    // A registered agent still sends as a DID whose document names its router (one lookup).
    WsClient alice = WsClient.connect(relay.uri());
    resources.add(alice);
    TestDirectory.Agent a = directory.wba(Optional.of(relay.uri()));
    alice.register(a);
    assertThat(lookups.get()).isEqualTo(1);
  }
}
