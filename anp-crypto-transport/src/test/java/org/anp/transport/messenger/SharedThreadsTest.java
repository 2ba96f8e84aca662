package org.anp.transport.messenger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.anp.transport.e2e.ReceivedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fifty messengers on one {@link MessengerRuntime} talk through a real relay on the runtime's few
 * threads: the JVM's thread count grows by a small constant, not by three per messenger; closing
 * a messenger leaves the runtime to the others, and closing the runtime is its owner's job.
 */
class SharedThreadsTest {
  private static final int AGENTS = 50;
  private final LoopbackRelay world = new LoopbackRelay();
  private final MessengerRuntime runtime = MessengerRuntime.create(2, 1);

  @AfterEach
  void close() {
    world.close();
    runtime.close();
  }

  private static int liveThreads() {
    return Thread.getAllStackTraces().size();
  }

  @Test
  void fiftyAgentsOnOneRuntimeCostASmallConstantOfThreads() throws Exception {
    // The relay's own threads start with its first connections; warm them up before counting.
    AgentMessenger warm = world.build(world.messenger(world.known()));
    warm.start().get(30, TimeUnit.SECONDS);
    warm.close();
    int before = liveThreads();

    List<LocalIdentity> ids = new ArrayList<>();
    List<AgentMessenger> agents = new ArrayList<>();
    List<BlockingQueue<ReceivedMessage>> inboxes = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      LocalIdentity id = world.known();
      AgentMessenger m = world.build(world.messenger(id).runtime(runtime));
      BlockingQueue<ReceivedMessage> inbox = new LinkedBlockingQueue<>();
      m.onMessage(inbox::add);
      ids.add(id);
      agents.add(m);
      inboxes.add(inbox);
    }
    CompletableFuture.allOf(agents.stream().map(AgentMessenger::start).toArray(CompletableFuture[]::new))
        .get(60, TimeUnit.SECONDS);
    List<CompletableFuture<SendResult>> sends = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      sends.add(agents.get(i).send(ids.get((i + 1) % AGENTS).did(), new byte[] {(byte) i}));
    }
    for (CompletableFuture<SendResult> s : sends) {
      assertThat(s.get(60, TimeUnit.SECONDS).status()).isEqualTo(DeliveryStatus.DELIVERED);
    }
    for (int i = 0; i < AGENTS; i++) {
      ReceivedMessage m = inboxes.get(i).poll(60, TimeUnit.SECONDS);
      assertThat(m).as("agent %d's message", i).isNotNull();
      assertThat(m.senderDid()).isEqualTo(ids.get((i + AGENTS - 1) % AGENTS).did());
    }
    int grown = liveThreads() - before;
    System.out.printf("shared runtime: %d messengers running, JVM threads %d before, %d after (+%d; 3 per messenger would be +%d)%n",
        AGENTS, before, before + grown, grown, 3 * AGENTS);
    // The runtime's 3 threads, plus slack for JDK helpers (common pool, reference handlers).
    assertThat(grown).isLessThanOrEqualTo(10);

    // Closing one messenger leaves the shared threads to the others.
    agents.get(0).close();
    assertThat(runtime.isClosed()).isFalse();
    assertThat(agents.get(1).send(ids.get(2).did(), new byte[] {9}).get(60, TimeUnit.SECONDS).status())
        .isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(inboxes.get(2).poll(60, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void closingTheRuntimeIsItsOwnersJobAndLaterBuildsAreRefused() {
    AgentMessenger m = world.build(world.messenger(world.known()).runtime(runtime));
    m.close();
    assertThat(runtime.isClosed()).isFalse();

    runtime.close();

    assertThat(runtime.isClosed()).isTrue();
    assertThatThrownBy(() -> world.messenger(world.known()).runtime(runtime).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
