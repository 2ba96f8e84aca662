package org.anp.transport.internal.cluster;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;

/**
 * Makes sure a cluster's stream and route registry exist with the relay's limits (decision 0077,
 * items 2, 3 and 6): the work-queue stream on file storage, a frame limit per subject that refuses
 * new frames, the total bytes, and a max age of the queue TTL plus the ack wait plus a minute; the registry bucket
 * with one revision per key and the route TTL as its max age. The first node creates them; later
 * ones (or a node after a server restart) update them to their own configuration.
 */
final class ClusterSetup {
  private final ClusterNames names;
  private final NatsRelayCluster.Limits limits;
  private final Duration routeTtl;

  ClusterSetup(ClusterNames names, NatsRelayCluster.Limits limits, Duration routeTtl) {
    this.names = names;
    this.limits = limits;
    this.routeTtl = routeTtl;
  }

  void ensureStream(JetStreamManagement jsm) throws IOException, JetStreamApiException {
    StreamConfiguration config = StreamConfiguration.builder()
        .name(names.stream())
        .subjects(names.streamSubjects())
        .retentionPolicy(RetentionPolicy.WorkQueue)
        .storageType(StorageType.File)
        .maxMessagesPerSubject(limits.framesPerKey())
        .discardPolicy(DiscardPolicy.New)
        .discardNewPerSubject(true)
        .maxBytes(limits.bytesTotal())
        .maxAge(maxAge(limits))
        .maxMsgSize(limits.maxFrameBytes() + 4096L)
        .build();
    try {
      jsm.addStream(config);
    } catch (JetStreamApiException e) {
      jsm.updateStream(config); // another node (or an older configuration) made it first
    }
  }

  /**
   * The stream's max age: past a frame's expiry, its 504 waits out the ack wait ({@link
   * ExpirySweeper}), then a minute more before the stream removes it by itself.
   */
  static Duration maxAge(NatsRelayCluster.Limits limits) {
    return limits.ttl().plus(limits.ackWait()).plusMinutes(1);
  }

  void ensureRegistry(KeyValueManagement kvm) throws IOException, JetStreamApiException {
    KeyValueConfiguration config = KeyValueConfiguration.builder()
        .name(names.bucket()).ttl(routeTtl).maxHistoryPerKey(1).storageType(StorageType.File).build();
    try {
      kvm.create(config);
    } catch (JetStreamApiException e) {
      kvm.update(config);
    }
  }
}
