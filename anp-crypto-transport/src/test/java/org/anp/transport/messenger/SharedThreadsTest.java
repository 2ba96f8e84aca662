package org.anp.transport.messenger;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.anp.transport.e2e.ReceivedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many messengers on one shared executor and event-loop group start no threads of their own. */
class SharedThreadsTest {
  private static final int AGENTS = 12;
  private final LoopbackRelay world = new LoopbackRelay();
  private final ScheduledExecutorService shared = new ScheduledThreadPoolExecutor(2);
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

  @AfterEach
  void close() {
    world.close();
    shared.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private static long messengerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("anp-messenger") || t.getName().startsWith("anp-ws-client"))
        .count();
  }

  @Test
  void agentsOnASharedExecutorAndGroupTalkWithoutThreadsOfTheirOwn() throws Exception {
    long before = messengerThreads();
    List<LocalIdentity> ids = new ArrayList<>();
    List<AgentMessenger> agents = new ArrayList<>();
    List<BlockingQueue<ReceivedMessage>> inboxes = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      LocalIdentity id = world.known();
      AgentMessenger m = world.build(world.messenger(id).executor(shared).eventLoopGroup(group));
      BlockingQueue<ReceivedMessage> inbox = new LinkedBlockingQueue<>();
      m.onMessage(inbox::add);
      ids.add(id);
      agents.add(m);
      inboxes.add(inbox);
    }
    for (AgentMessenger m : agents) {
      m.start().get(30, TimeUnit.SECONDS);
    }

    for (int i = 0; i < AGENTS; i++) {
      int to = (i + 1) % AGENTS;
      assertThat(agents.get(i).send(ids.get(to).did(), new byte[] {(byte) i}).get(30, TimeUnit.SECONDS).status())
          .isEqualTo(DeliveryStatus.DELIVERED);
    }
    for (int i = 0; i < AGENTS; i++) {
      ReceivedMessage m = inboxes.get(i).poll(30, TimeUnit.SECONDS);
      assertThat(m).isNotNull();
      assertThat(m.senderDid()).isEqualTo(ids.get((i + AGENTS - 1) % AGENTS).did());
    }
    assertThat(messengerThreads()).isEqualTo(before);

    // Closing one leaves the shared threads to the others.
    agents.get(0).close();
    assertThat(agents.get(1).send(ids.get(2).did(), new byte[] {9}).get(30, TimeUnit.SECONDS).status())
        .isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(inboxes.get(2).poll(30, TimeUnit.SECONDS)).isNotNull();
  }
}
