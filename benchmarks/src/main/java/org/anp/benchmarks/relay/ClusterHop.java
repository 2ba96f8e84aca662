package org.anp.benchmarks.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.anp.transport.cluster.RelayCluster;
import org.anp.transport.relay.RelayServer;
import org.anp.transport.testing.NatsServerFixture;

/**
 * The hop of the relay cluster rows: a real {@code nats-server} with JetStream on a loopback
 * port and two relay nodes of one cluster on it, configured as {@link RelayRig}'s single relay
 * is. Sender A uses node 0; receiver B node 0 (same node) or node 1 (across nodes). The agents'
 * documents name node 0 as their message service, which node 1 counts as its own.
 */
final class ClusterHop implements AutoCloseable {
  private final NatsServerFixture nats;
  private final RelayServer first;
  private final RelayServer second;

  private final boolean direct;

  /**
   * With {@code direct} (the default of a cluster), the nodes hand cross-node frames over core
   * NATS; without, through the stream only ({@link RelayCluster#withDirectHandOver}).
   */
  ClusterHop(Directory directory, List<Directory.Agent> agents, boolean direct) {
    this.direct = direct;
    nats = NatsServerFixture.start();
    try {
      first = node(directory, null);
      URI uri = first.uri();
      second = node(directory, uri);
      for (Directory.Agent agent : agents) {
        ObjectNode document = agent.document().deepCopy();
        ObjectNode service = document.withArray("service").addObject();
        service.put("id", agent.did() + "#message");
        service.put("type", "messageService");
        service.put("serviceEndpoint", uri.toString());
        directory.publish(document);
      }
    } catch (RuntimeException e) {
      nats.close();
      throw e;
    }
  }

  private RelayServer node(Directory directory, URI first) {
    RelayServer.Builder b = RelayServer.builder()
        .resolver(directory.resolver())
        .rateLimit(1e9, Integer.MAX_VALUE)
        .idleTimeout(Duration.ofMinutes(30))
        .cluster(RelayCluster.nats(nats.url(), "bench").withDirectHandOver(direct));
    if (first != null) {
      b.publicEndpoint(first);
    }
    RelayServer relay = b.build();
    relay.start().join();
    return relay;
  }

  /** The node the sender uses. */
  URI sender() {
    return first.uri();
  }

  /** The node the receiver uses. */
  URI receiver(boolean crossNode) {
    return crossNode ? second.uri() : first.uri();
  }

  @Override
  public void close() {
    first.close();
    second.close();
    nats.close();
  }
}
