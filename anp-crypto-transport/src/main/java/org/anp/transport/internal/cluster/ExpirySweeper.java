package org.anp.transport.internal.cluster;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.anp.transport.internal.relay.RelayCore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers 504 to the senders of frames that expired in the stream while no node handed them out
 * (decision 0086): without it, the stream's max age would remove such a frame silently and its
 * sender would never hear. Every node sweeps every {@link #EVERY}: frames whose expiry lies an ack
 * wait in the past and that no consumer has out for delivery get their 504 stored on their
 * sender's status subject (kept until the sender comes back, to whichever node), and are then
 * deleted from the stream. The 504 carries the message id {@link StatusRouting#expiredId} of the
 * frame's sequence, which the node that hands out an expired frame also uses: JetStream keeps one
 * of them when two nodes (or a node and a deliverer) answer the same frame.
 *
 * <p>Runs on the admin thread, at most {@link #BUDGET} per sweep so heartbeats are not held up.
 */
final class ExpirySweeper {
  private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);
  static final Duration EVERY = Duration.ofSeconds(5);
  private static final Duration BUDGET = Duration.ofSeconds(1);
  private static final String RESPONSE = "response";
  // JetStream API error codes (nats-server errors.json).
  private static final int NO_MESSAGE = 10037;
  private static final int CONSUMER_NOT_FOUND = 10014;

  private final ClusterNames names;
  private final NatsRelayCluster.Limits limits;
  private final NodeConnection link;
  private final StatusRouting statuses;
  private final RelayCore core;
  private final Clock clock;
  private final Duration storeTimeout;

  ExpirySweeper(ClusterNames names, NatsRelayCluster.Limits limits, NodeConnection link, StatusRouting statuses,
      RelayCore core, Clock clock, Duration storeTimeout) {
    this.names = names;
    this.limits = limits;
    this.link = link;
    this.statuses = statuses;
    this.core = core;
    this.clock = clock;
    this.storeTimeout = storeTimeout;
  }

  /** One sweep from the oldest frame on, until a frame that is not due yet or the budget is spent. */
  void sweep() {
    NatsSession s = link.session();
    if (s == null) {
      return;
    }
    long until = System.nanoTime() + BUDGET.toNanos();
    try {
      JetStreamManagement jsm = s.connection().jetStreamManagement();
      long seq = 1;
      while (System.nanoTime() < until) {
        MessageInfo m;
        try {
          m = jsm.getNextMessage(names.stream(), seq, names.allFrames());
        } catch (JetStreamApiException e) {
          if (e.getApiErrorCode() == NO_MESSAGE) {
            return;
          }
          throw e;
        }
        seq = m.getSeq() + 1;
        Headers h = m.getHeaders();
        Long expires = expiresOf(h);
        if (expires == null) {
          continue; // not one of ours: the consumer that meets it removes it
        }
        if (expires + limits.ackWait().toMillis() > clock.millis()) {
          return; // frames are stored in the order they came, each with the queue TTL: the rest is younger
        }
        if (!outForDelivery(jsm, ClusterNames.tokenOf(m.getSubject()), m.getSeq())) {
          expire(s, jsm, m, h);
        }
      }
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      log.debug("cluster: expiry sweep stopped ({}); the next one goes on", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.debug("cluster: a 504 was not stored ({}); the next sweep tries again", e.toString());
    }
  }

  /**
   * Whether the consumer of the frame's key may have it out for delivery now: it exists, has
   * frames unacknowledged, has handed out this one at least once, and a node is pulling. A frame
   * out for delivery is settled by its deliverer (200, refusal, or 504 as expired).
   */
  private boolean outForDelivery(JetStreamManagement jsm, String token, long seq)
      throws IOException, JetStreamApiException {
    ConsumerInfo c;
    try {
      c = jsm.getConsumerInfo(names.stream(), "r-" + token);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == CONSUMER_NOT_FOUND) {
        return false;
      }
      throw e;
    }
    return c.getNumAckPending() > 0 && c.getDelivered().getStreamSequence() >= seq && c.getNumWaiting() > 0;
  }

  /** Stores the frame's 504 for its sender (none for a response), then deletes the frame. */
  private void expire(NatsSession s, JetStreamManagement jsm, MessageInfo m, Headers h)
      throws IOException, JetStreamApiException, InterruptedException, ExecutionException, TimeoutException {
    String type = h.getFirst(ClusterHeaders.TYPE);
    String source = h.getFirst(ClusterHeaders.SOURCE);
    if (!RESPONSE.equals(type) && source != null) {
      String originKey = h.getFirst(ClusterHeaders.ORIGIN_KEY);
      byte[] status = core.expiredInStore(String.valueOf(type), source,
          String.valueOf(h.getFirst(ClusterHeaders.DESTINATION)), String.valueOf(h.getFirst(ClusterHeaders.MESSAGE_ID)));
      statuses.publish(s, h, originKey == null ? source : originKey, status, StatusRouting.expiredId(m.getSeq()))
          .get(storeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    try {
      jsm.deleteMessage(names.stream(), m.getSeq(), false);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != NO_MESSAGE) {
        throw e;
      }
      // taken meanwhile by a node that answered it 504 as well: the status ids match, one is kept
    }
    log.debug("cluster: frame {} expired in the stream; its sender is answered 504", h.getFirst(ClusterHeaders.MESSAGE_ID));
  }

  private static Long expiresOf(Headers h) {
    String expires = h == null ? null : h.getFirst(ClusterHeaders.EXPIRES);
    if (expires == null) {
      return null;
    }
    try {
      return Long.parseLong(expires);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
