package org.anp.transport.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.anp.transport.testing.ManualClock;
import org.junit.jupiter.api.Test;

/** The routing table alone, on a manual clock (spec/e2e-transport.md section 10). */
class RoutingTableTest {
  private static final String R1 = "did:wba:r.example:one";
  private static final String R2 = "did:wba:r.example:two";
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final RoutingTable<String> table = new RoutingTable<>(2, 10);

  @Test
  void aRegisterIsFullStateAndAClosedConnectionIsForgottenButItsRoutersStayKnown() {
    assertThat(table.rebind("c", Set.of(R1, R2), false)).containsExactlyInAnyOrder(R1, R2);
    assertThat(table.rebind("c", Set.of(R2), false)).isEmpty();

    assertThat(table.isBound(R1)).isFalse();
    assertThat(table.bound(R2)).containsExactly("c");
    assertThat(table.routersOf("c")).containsExactly(R2);
    table.unbind("c");
    assertThat(table.isBound(R2)).isFalse();
    assertThat(table.routersOf("c")).isEmpty();
    assertThat(table.isKnown(R1)).as("its frames are queued while it is away").isTrue();
  }

  @Test
  void connectionsOfARouterArePickedRoundRobinAmongThoseThatCanTakeAFrame() {
    table.rebind("a", Set.of(R1), false);
    table.rebind("b", Set.of(R1), false);
    table.rebind("c", Set.of(R1), false);

    assertThat(table.pick(R1, c -> true)).contains("a");
    assertThat(table.pick(R1, c -> true)).contains("b");
    assertThat(table.pick(R1, c -> !c.equals("c"))).contains("a");
    assertThat(table.pick(R1, c -> false)).isEmpty();
    assertThat(table.pick(R2, c -> true)).isEmpty();
  }

  @Test
  void aConnectionSpeaksForItsRoutersAndLearnedSendersUntilItRegistersAgain() {
    table.rebind("c", Set.of(R1), true);
    table.addSender("c", "did:all:sender");

    assertThat(table.speaksFor("c", R1)).isTrue();
    assertThat(table.speaksFor("c", "did:all:sender")).isTrue();
    assertThat(table.speaksFor("d", R1)).isFalse();
    assertThat(table.isPeerRelay("c")).isTrue();
    table.rebind("c", Set.of(R1), false);
    assertThat(table.speaksFor("c", "did:all:sender")).isFalse();
    assertThat(table.isPeerRelay("c")).isFalse();
  }

  @Test
  void rememberedRoutesExpireAndAreBounded() {
    table.rememberRoute("did:all:x", R1, clock.instant().plus(Duration.ofMinutes(5)));
    clock.advance(Duration.ofMinutes(5).minusMillis(1));
    assertThat(table.routeOf("did:all:x", clock.instant())).contains(R1);
    clock.advance(Duration.ofMillis(1));
    assertThat(table.routeOf("did:all:x", clock.instant())).isEmpty();

    Instant later = clock.instant().plus(Duration.ofHours(1));
    table.rememberRoute("did:all:1", R1, later);
    table.rememberRoute("did:all:2", R1, later);
    table.rememberRoute("did:all:3", R1, later);
    assertThat(table.routeOf("did:all:1", clock.instant())).as("the eldest of more than 2").isEmpty();
    assertThat(table.routeOf("did:all:3", clock.instant())).contains(R1);
  }
}
