package org.anp.transport.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatchOption;
import io.nats.client.api.KeyValueWatcher;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.anp.identity.did.Did;
import org.anp.identity.resolve.DidResolver;
import org.anp.transport.e2e.ReceivedMessage;
import org.anp.transport.messenger.AgentMessenger;
import org.anp.transport.messenger.LocalIdentity;
import org.anp.transport.messenger.SendResult;
import org.anp.transport.relay.RelayEventListener;
import org.anp.transport.relay.RelayServer;
import org.anp.transport.testing.DidAllDirectory;
import org.anp.transport.testing.NatsServerFixture;

/**
 * Relay nodes of one cluster on a real NATS server, on loopback ports, the did:all documents of
 * the agents (naming the first node as their message service, which every node counts as its
 * own), and real messengers. Every frame a node receives is recorded, to show it never carries
 * plaintext. Closes all.
 */
final class ClusterRig implements AutoCloseable {
  static final SecureRandom RANDOM = new SecureRandom();

  /** A messenger with what it received and the delivery updates it got. */
  record Agent(AgentMessenger messenger, BlockingQueue<ReceivedMessage> inbox, BlockingQueue<SendResult> updates) {
    Did did() {
      return messenger.localDid();
    }

    ReceivedMessage next() throws InterruptedException {
      ReceivedMessage m = inbox.poll(60, TimeUnit.SECONDS);
      assertThat(m).as("a message for " + did()).isNotNull();
      return m;
    }

    SendResult nextUpdate() throws InterruptedException {
      return nextUpdate(60);
    }

    /** The next delivery update, waiting at most {@code seconds}. */
    SendResult nextUpdate(int seconds) throws InterruptedException {
      SendResult r = updates.poll(seconds, TimeUnit.SECONDS);
      assertThat(r).as("a delivery update for " + did()).isNotNull();
      return r;
    }

    /** The delivery update of send {@code messageId}; updates of other sends taken meanwhile are kept. */
    SendResult updateOf(String messageId, Map<String, SendResult> taken) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!taken.containsKey(messageId)) {
        SendResult r = updates.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        assertThat(r).as("the delivery update of " + messageId + " at " + did()).isNotNull();
        taken.put(r.messageId(), r);
      }
      return taken.remove(messageId);
    }
  }

  final NatsServerFixture nats;
  final String name;
  final List<byte[]> frames = new CopyOnWriteArrayList<>();
  private final DidAllDirectory directory = new DidAllDirectory(RANDOM);
  private final List<RelayServer> nodes = new CopyOnWriteArrayList<>();
  private final List<URI> uris = new CopyOnWriteArrayList<>();
  private final List<AgentMessenger> messengers = new CopyOnWriteArrayList<>();
  /** The indexes of the nodes started and not stopped. */
  private final Set<Integer> running = ConcurrentHashMap.newKeySet();

  private final boolean direct;
  private final UnaryOperator<RelayServer.Builder> options;

  ClusterRig(int nodeCount) {
    this(nodeCount, false);
  }

  /** With {@code direct}, nodes hand cross-node frames over core NATS ({@link RelayCluster#withDirectHandOver}). */
  ClusterRig(int nodeCount, boolean direct) {
    this(nodeCount, direct, UnaryOperator.identity());
  }

  /** Nodes whose builders {@code options} adjusts (queue TTL, ack timeout, ...). */
  ClusterRig(int nodeCount, boolean direct, UnaryOperator<RelayServer.Builder> options) {
    this.direct = direct;
    this.options = options;
    this.nats = NatsServerFixture.start();
    this.name = "t" + Long.toHexString(RANDOM.nextLong() & 0xffffffL);
    for (int i = 0; i < nodeCount; i++) {
      nodes.add(null);
      uris.add(null);
      startNode(i, 0);
    }
  }

  /** Starts node {@code i} (again) on {@code port} (0: any free one). */
  URI startNode(int i, int port) {
    RelayServer.Builder b = RelayServer.builder()
        .resolver(resolver())
        .port(port)
        .cluster(RelayCluster.nats(nats.url(), name).withDirectHandOver(direct))
        .listener(new RelayEventListener() {
          @Override
          public void frameReceived(String connectionId, byte[] frame) {
            frames.add(frame);
          }
        });
    if (i > 0) {
      b.publicEndpoint(uris.get(0));
    }
    RelayServer node = options.apply(b).build();
    URI uri = node.start().join();
    nodes.set(i, node);
    uris.set(i, uri);
    running.add(i);
    return uri;
  }

  /** Stops node {@code i} gracefully. */
  void stopNode(int i) {
    running.remove(i);
    nodes.get(i).close();
  }

  RelayServer node(int i) {
    return nodes.get(i);
  }

  URI uri(int i) {
    return uris.get(i);
  }

  /** A resolver over the known documents, without a cache. */
  DidResolver resolver() {
    return directory.resolver();
  }

  /** A did:all identity the nodes can resolve, its document naming the first node. */
  LocalIdentity identity() {
    return LocalIdentity.from(directory.identity(uris.get(0)));
  }

  /** A started messenger for {@code identity} on node {@code node}. */
  Agent agent(LocalIdentity identity, int node) {
    AgentMessenger m = AgentMessenger.builder()
        .identity(identity)
        .relay(uris.get(node))
        .random(RANDOM)
        .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .build();
    messengers.add(m);
    BlockingQueue<ReceivedMessage> inbox = new LinkedBlockingQueue<>();
    BlockingQueue<SendResult> updates = new LinkedBlockingQueue<>();
    m.onMessage(inbox::add);
    m.onDeliveryUpdate(updates::add);
    m.start().join();
    return new Agent(m, inbox, updates);
  }

  /**
   * A future that completes once every running node has written its heartbeat to the cluster's
   * route registry after this call, that is once each node's link to NATS works (again): a node
   * writes it every 2 s, and at once after it rejoined or opened a new connection. The watch
   * connection is closed when the future completes or fails.
   */
  CompletableFuture<Void> heartbeatsOfAllNodes() throws Exception {
    int running = this.running.size();
    Connection watcher = Nats.connect(nats.url());
    Set<String> seen = ConcurrentHashMap.newKeySet();
    CompletableFuture<Void> all = new CompletableFuture<>();
    // Heartbeat keys are "node-<id>", one subject token with the rest: no subject wildcard selects them.
    watcher.keyValue("anp-relay-routes-" + name).watchAll(new KeyValueWatcher() {
      @Override
      public void watch(KeyValueEntry entry) {
        if (entry.getOperation() == KeyValueOperation.PUT && entry.getKey().startsWith("node-")
            && seen.add(entry.getKey()) && seen.size() >= running) {
          all.complete(null);
        }
      }

      @Override
      public void endOfData() {}
    }, KeyValueWatchOption.UPDATES_ONLY);
    return all.whenComplete((ok, e) -> {
      try {
        watcher.close();
      } catch (InterruptedException x) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /** Whether any frame a node received contains {@code text}. */
  boolean nodesSaw(String text) {
    return frames.stream().anyMatch(f -> new String(f, StandardCharsets.UTF_8).contains(text));
  }

  @Override
  public void close() {
    messengers.forEach(AgentMessenger::close);
    for (RelayServer n : nodes) {
      if (n != null) {
        n.close();
      }
    }
    nats.close();
  }
}
