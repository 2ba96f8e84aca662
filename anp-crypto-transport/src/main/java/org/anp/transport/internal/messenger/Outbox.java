package org.anp.transport.internal.messenger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.anp.identity.did.Did;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.e2e.E2eEndpoint;
import org.anp.transport.e2e.E2eMessage;
import org.anp.transport.e2e.EncryptedMessage;
import org.anp.transport.e2e.ErrorResponse;
import org.anp.transport.e2e.MessageType;
import org.anp.transport.internal.e2e.Frames;
import org.anp.transport.messenger.DeliveryStatus;
import org.anp.transport.messenger.SendResult;
import org.anp.transport.relay.RelayStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messenger's sends, from the application's call to their final status (decision records
 * 0004, 0005 and 0008). Part of the {@link MessengerEngine}; not thread-safe.
 *
 * <p>Frames travel through {@link #outstanding} until the relay answers them: written at once
 * while registered, written again in order after every new registration if still unanswered or
 * at 202. That makes the wire at-least-once; the receiving endpoint drops repeats, so the
 * application sees each payload once.
 *
 * <p>First contact with an offline peer (decision record 0005): payloads waiting for a handshake
 * whose sourceHello the relay queued (202) are reported QUEUED and {@link #held}. When that
 * handshake times out they are handed to the endpoint again after a backoff, which sends a fresh
 * hello, until {@code queuedResendWindow} since they were queued has passed; then they are
 * reported EXPIRED. When the relay reports a queued hello delivered (200: the peer is back), a
 * fresh handshake starts at once, since the queued hello may be too old for the peer to accept.
 */
final class Outbox {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);
  /** How many delivered payloads are remembered for a late refusal (decision 0008). */
  private static final int RECENTLY_DELIVERED = 100_000;
  /** Delays between handshake attempts with an offline peer, after each handshake timeout. */
  private static final Backoff HELLO_RETRY = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(20));

  private final MessengerSettings s;
  private final E2eEndpoint endpoint;
  private final Effects fx;
  private final BooleanSupplier registered;
  /** Hands an endpoint output to the engine, which passes its frames back to {@link #frames}. */
  private final Consumer<E2eEndpoint.Output> engine;
  private final Map<String, PendingSend> pending = new HashMap<>();
  private final Map<String, String> awaitingFinal = new HashMap<>();
  private final LinkedHashMap<String, Outstanding> outstanding = new LinkedHashMap<>();
  /** Peers whose sourceHello the relay queued (202): they are offline, first contact waits. */
  private final Set<String> helloQueued = new HashSet<>();
  /** Payloads reported QUEUED that wait for a handshake with an offline peer, by messageId. */
  private final Map<String, Held> held = new LinkedHashMap<>();
  /** Per offline peer: handshake attempts so far, and when the next is due. */
  private final Map<String, Integer> helloAttempts = new HashMap<>();
  private final Map<String, Instant> retryAt = new HashMap<>();
  /** When a fresh handshake was last started because a queued hello reached its peer. */
  private final Map<String, Instant> restartedAt = new HashMap<>();
  /**
   * Sends failed while their payload still waited for a handshake in the endpoint: if that
   * handshake completes after all, the frame is not sent (the application was told it failed).
   */
  private final Set<String> abandoned = new HashSet<>();
  /**
   * Payloads reported DELIVERED that the endpoint may still resend after a key refusal, by
   * messageId, with their peer; the oldest are forgotten past a bound (a refusal for one of them
   * is then only logged).
   */
  private final Map<String, String> recentlyDelivered = new LinkedHashMap<>(16, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > RECENTLY_DELIVERED;
    }
  };

  Outbox(MessengerSettings s, E2eEndpoint endpoint, Effects fx, BooleanSupplier registered,
      Consumer<E2eEndpoint.Output> engine) {
    this.s = s;
    this.endpoint = endpoint;
    this.fx = fx;
    this.registered = registered;
    this.engine = engine;
  }

  /** A new payload for {@code peerDid}; the future gets its first status. */
  void send(String peerDid, byte[] payload, CompletableFuture<SendResult> result, Instant now) {
    if (pending.size() >= s.maxInFlight()) {
      fx.add(new Effect.SendFailed(result, new TransportException(TransportError.SERVICE_UNAVAILABLE,
          "messenger: " + s.maxInFlight() + " sends already waiting for the relay (maxInFlight)")));
      return;
    }
    String messageId = Frames.newId(s.random());
    PendingSend p = new PendingSend(peerDid, payload, result, now.plus(s.sendTimeout()));
    if (retryAt.containsKey(peerDid)) {
      // Older payloads for this offline peer wait for the next handshake attempt: queue behind them.
      queuedBehindHello(messageId, p, now);
      held.get(messageId).inEndpoint = false;
      return;
    }
    pending.put(messageId, p);
    engine.accept(endpoint.send(peerDid, messageId, payload));
    if (!p.framed && helloQueued.contains(peerDid) && pending.remove(messageId) != null) {
      queuedBehindHello(messageId, p, now);
    }
  }

  /**
   * The payload waits for a handshake with an offline peer whose hello the relay queued: report
   * it queued now and hold it; it is delivered (an update) if the peer comes back within the
   * queued resend window (handshakes are retried), else it expires (an update too).
   */
  private void queuedBehindHello(String messageId, PendingSend p, Instant now) {
    awaitingFinal.put(messageId, p.peerDid);
    held.put(messageId, new Held(p.peerDid, p.payload, now.plus(s.queuedResendWindow())));
    fx.add(new Effect.SendCompleted(p.future, result(p.peerDid, messageId, DeliveryStatus.QUEUED)));
  }

  /**
   * Takes the frames of an endpoint output: refusals written (while registered), other frames
   * tracked as outstanding and written. Returns the settle keys of the inbound frames refused.
   */
  Set<String> frames(List<E2eMessage> outbound, Instant now) {
    Set<String> refused = new HashSet<>();
    for (E2eMessage frame : outbound) {
      byte[] bytes = frame.toJsonBytes();
      if (frame instanceof ErrorResponse refusal) {
        // The relay passes a refusal of a frame it pushed here to its sender as the frame's final
        // status (decision 0011); other end-to-end errors are best effort.
        if (registered.getAsBoolean()) {
          fx.write(bytes);
          refused.add(MessengerEngine.settleKey(refusal.destinationDid().orElse(""), refusal.originalMessageId().orElse("")));
        }
        continue;
      }
      if (frame instanceof EncryptedMessage && abandoned.remove(frame.messageId())) {
        continue;
      }
      String destination = frame.json().path("destinationDid").asText("");
      outstanding.remove(frame.messageId());
      Outstanding o = new Outstanding(bytes, frame.type(), destination, now);
      // A payload that waited for a handshake was reported QUEUED: its frame is kept and resent
      // as long as a frame the relay queued, not dropped after the send timeout with no final status.
      o.queued = awaitingFinal.containsKey(frame.messageId());
      outstanding.put(frame.messageId(), o);
      if (frame instanceof EncryptedMessage) {
        helloQueued.remove(destination);
        restartedAt.remove(destination);
        helloAttempts.remove(destination);
        held.remove(frame.messageId());
        PendingSend p = pending.get(frame.messageId());
        if (p != null) {
          p.framed = true;
        }
      }
      if (registered.getAsBoolean()) {
        fx.write(bytes);
      }
    }
    return refused;
  }

  /** Failures the endpoint reported: sends they end, or held payloads to retry. */
  void failures(List<E2eEndpoint.Failure> failures, Instant now) {
    for (E2eEndpoint.Failure f : failures) {
      if (abandoned.remove(f.messageId())) {
        continue;
      }
      PendingSend p = pending.get(f.messageId());
      String queuedFor = awaitingFinal.get(f.messageId());
      if (p != null && p.peerDid.equals(f.remoteDid())) {
        pending.remove(f.messageId());
        outstanding.remove(f.messageId());
        fx.add(new Effect.SendFailed(p.future, f.error()));
      } else if (queuedFor != null && queuedFor.equals(f.remoteDid())) {
        Held h = held.get(f.messageId());
        if (h != null && handshakeTimedOut(f.error()) && now.isBefore(h.until)) {
          h.inEndpoint = false;
          if (!retryAt.containsKey(queuedFor)) {
            int attempt = helloAttempts.merge(queuedFor, 1, Integer::sum) - 1;
            retryAt.put(queuedFor, now.plus(HELLO_RETRY.delay(attempt, s.random())));
          }
          continue;
        }
        held.remove(f.messageId());
        awaitingFinal.remove(f.messageId());
        helloQueued.remove(queuedFor);
        update(queuedFor, f.messageId(), DeliveryStatus.EXPIRED);
      } else if (f.remoteDid().equals(recentlyDelivered.remove(f.messageId()))) {
        // Reported DELIVERED, then refused by the peer and not resent: its final word (0008).
        update(f.remoteDid(), f.messageId(), DeliveryStatus.REFUSED);
      } else {
        log.debug("E2E failure with {} for frame {}: {}", f.remoteDid(), f.messageId(), f.error().code());
      }
    }
  }

  private static boolean handshakeTimedOut(TransportException e) {
    return e.code() == TransportError.HANDSHAKE_TIMEOUT
        || e.getCause() instanceof TransportException cause && cause.code() == TransportError.HANDSHAKE_TIMEOUT;
  }

  /** Hands held payloads whose retry is due to the endpoint again. */
  void retryDue(Instant now) {
    List<String> due = retryAt.entrySet().stream().filter(e -> !now.isBefore(e.getValue())).map(Map.Entry::getKey).toList();
    due.forEach(this::retryHeld);
  }

  /**
   * Hands the held payloads for {@code peer} that wait for a retry to the endpoint again, in the
   * order they were sent: the first starts a fresh handshake (hello) unless one runs.
   */
  private void retryHeld(String peer) {
    retryAt.remove(peer);
    List<Map.Entry<String, Held>> due = held.entrySet().stream()
        .filter(e -> e.getValue().peerDid.equals(peer) && !e.getValue().inEndpoint)
        .toList();
    for (Map.Entry<String, Held> e : due) {
      e.getValue().inEndpoint = true;
      engine.accept(endpoint.send(peer, e.getKey(), e.getValue().payload));
    }
  }

  /**
   * Whether a response is the relay's status for one of our frames rather than an end-to-end
   * reply of the peer. Peers answer only with 400, 403, 404 and 4000-4005 and sign as the frame's
   * destination; the relay's other codes are unambiguous.
   */
  Optional<RelayStatus> relayStatus(ErrorResponse response) {
    Optional<RelayStatus> status = RelayStatus.fromCode(response.code());
    if (status.isEmpty()) {
      return status;
    }
    int code = response.code();
    if (code != 400 && code != 403 && code != 404) {
      return status;
    }
    Optional<Outstanding> o = response.originalMessageId().map(outstanding::get);
    if (o.isPresent() && !response.sourceDid().map(o.get().destination::equals).orElse(false)) {
      return status;
    }
    if (response.originalMessageId().isEmpty() && response.sourceDid().isEmpty()) {
      return status;
    }
    return Optional.empty();
  }

  void onRelayStatus(ErrorResponse response, RelayStatus status, Instant now) {
    Optional<String> id = response.originalMessageId();
    if (id.isEmpty()) {
      log.warn("relay error {} for an unidentified frame: {}", response.code(), response.detail());
      return;
    }
    String messageId = id.get();
    Outstanding o = outstanding.get(messageId);
    switch (status) {
      case DELIVERED -> {
        outstanding.remove(messageId);
        if (o != null && o.type == MessageType.MESSAGE) {
          recentlyDelivered.put(messageId, o.destination);
        }
        settle(messageId, DeliveryStatus.DELIVERED);
        if (o != null && o.type == MessageType.SOURCE_HELLO && o.queued) {
          peerIsBack(o.destination, now);
        }
      }
      case QUEUED -> {
        if (o != null) {
          o.queued = true;
        }
        PendingSend p = pending.remove(messageId);
        if (p != null) {
          awaitingFinal.put(messageId, p.peerDid);
          fx.add(new Effect.SendCompleted(p.future, result(p.peerDid, messageId, DeliveryStatus.QUEUED)));
        }
        if (o != null && o.type == MessageType.SOURCE_HELLO) {
          helloQueued.add(o.destination);
          Iterator<Map.Entry<String, PendingSend>> it = pending.entrySet().iterator();
          List<Map.Entry<String, PendingSend>> behind = new ArrayList<>();
          while (it.hasNext()) {
            Map.Entry<String, PendingSend> e = it.next();
            if (!e.getValue().framed && e.getValue().peerDid.equals(o.destination)) {
              it.remove();
              behind.add(e);
            }
          }
          behind.forEach(e -> queuedBehindHello(e.getKey(), e.getValue(), now));
        }
      }
      case EXPIRED -> {
        outstanding.remove(messageId);
        String peer = awaitingFinal.remove(messageId);
        if (peer != null) {
          update(peer, messageId, DeliveryStatus.EXPIRED);
        } else {
          refuse(messageId, o, relayError(status, response));
        }
      }
      default -> {
        outstanding.remove(messageId);
        String peer = awaitingFinal.remove(messageId);
        if (peer != null) {
          // Reported QUEUED already (it waited behind a hello); a refusal now is its final word.
          held.remove(messageId);
          update(peer, messageId, DeliveryStatus.EXPIRED);
        }
        refuse(messageId, o, relayError(status, response));
      }
    }
  }

  /**
   * A hello the relay had queued reached its peer: the peer is online again. The hello may be
   * older than the peer's freshness window, so start a fresh handshake for what waits (once per
   * handshake timeout, however many old hellos the relay now delivers).
   */
  private void peerIsBack(String peer, Instant now) {
    Instant last = restartedAt.get(peer);
    if (last != null && now.isBefore(last.plus(s.handshakeTimeout()))) {
      return;
    }
    restartedAt.put(peer, now);
    helloQueued.remove(peer);
    engine.accept(endpoint.restartHandshake(peer));
    retryHeld(peer);
  }

  private void settle(String messageId, DeliveryStatus status) {
    PendingSend p = pending.remove(messageId);
    if (p != null) {
      fx.add(new Effect.SendCompleted(p.future, result(p.peerDid, messageId, status)));
      return;
    }
    String peer = awaitingFinal.remove(messageId);
    if (peer != null) {
      update(peer, messageId, status);
    }
  }

  /** A refused frame fails its send; a refused hello fails every send still waiting for it. */
  private void refuse(String messageId, Outstanding o, TransportException error) {
    PendingSend p = pending.remove(messageId);
    if (p != null) {
      fx.add(new Effect.SendFailed(p.future, error));
    }
    if (o != null && o.type == MessageType.SOURCE_HELLO) {
      Iterator<Map.Entry<String, PendingSend>> it = pending.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<String, PendingSend> e = it.next();
        if (!e.getValue().framed && e.getValue().peerDid.equals(o.destination)) {
          it.remove();
          fx.add(new Effect.SendFailed(e.getValue().future, error));
        }
      }
    }
  }

  private static TransportException relayError(RelayStatus status, ErrorResponse response) {
    TransportError code = status.error().orElse(TransportError.UNEXPECTED_MESSAGE);
    return new TransportException(code, "relay answered " + response.code() + " for "
        + response.originalType() + " " + response.originalMessageId().orElse("") + ": " + response.detail());
  }

  /** After a registration: every frame still unanswered (or queued) is written again, in order. */
  void resendAll(Instant now) {
    for (Outstanding o : outstanding.values()) {
      o.sentAt = now;
      fx.write(o.bytes);
    }
  }

  /**
   * Send timeouts as of {@code now}, and frames nobody waits for any more (hellos of finished
   * handshakes, long-queued payloads). {@code whyNotConnected} is appended to timeouts.
   */
  void sweep(Instant now, String whyNotConnected) {
    Iterator<Map.Entry<String, PendingSend>> it = pending.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, PendingSend> e = it.next();
      if (now.isAfter(e.getValue().deadline)) {
        it.remove();
        outstanding.remove(e.getKey());
        fx.add(new Effect.SendFailed(e.getValue().future, new TransportException(TransportError.SEND_TIMEOUT,
            "send to " + e.getValue().peerDid + ": no answer from the relay within " + s.sendTimeout().toMillis() + " ms"
                + whyNotConnected)));
      }
    }
    outstanding.entrySet().removeIf(e -> {
      Outstanding o = e.getValue();
      Duration keep = o.queued ? s.queuedResendWindow() : s.sendTimeout();
      return now.isAfter(o.sentAt.plus(keep)) && !pending.containsKey(e.getKey());
    });
  }

  /**
   * Fails every send still waiting for the relay's first answer with {@code e}; sends already
   * reported QUEUED keep waiting for their final status.
   */
  void failPending(TransportException e) {
    for (Map.Entry<String, PendingSend> p : pending.entrySet()) {
      if (outstanding.remove(p.getKey()) == null) {
        abandoned.add(p.getKey());
      }
      fx.add(new Effect.SendFailed(p.getValue().future, new TransportException(e.code(), e.getMessage(), e)));
    }
    pending.clear();
  }

  /** The messenger closes: every waiting send fails with {@code e}, and everything is dropped. */
  void close(TransportException e) {
    for (PendingSend p : pending.values()) {
      fx.add(new Effect.SendFailed(p.future, e));
    }
    pending.clear();
    outstanding.clear();
    abandoned.clear();
    awaitingFinal.clear();
    helloQueued.clear();
    held.clear();
    helloAttempts.clear();
    retryAt.clear();
    restartedAt.clear();
  }

  /** The earliest retry of a held payload, if any is scheduled. */
  Optional<Instant> nextRetry() {
    return retryAt.values().stream().min(Instant::compareTo);
  }

  private void update(String peerDid, String messageId, DeliveryStatus status) {
    fx.add(new Effect.Updated(result(peerDid, messageId, status)));
  }

  /** A result for the application; {@code peerDid} came from a {@link Did}, so it parses. */
  private static SendResult result(String peerDid, String messageId, DeliveryStatus status) {
    return new SendResult(Did.parse(peerDid), messageId, status);
  }

  /** A payload waiting for a handshake with an offline peer, until {@code until}. */
  private static final class Held {
    private final String peerDid;
    private final byte[] payload;
    private final Instant until;
    /** Whether the endpoint holds the payload (else a retry is scheduled). */
    private boolean inEndpoint = true;

    Held(String peerDid, byte[] payload, Instant until) {
      this.peerDid = peerDid;
      this.payload = payload;
      this.until = until;
    }
  }

  /** A send whose first relay status has not arrived. */
  private static final class PendingSend {
    private final String peerDid;
    private final byte[] payload;
    private final CompletableFuture<SendResult> future;
    private final Instant deadline;
    /** Whether the encrypted frame exists (else the payload waits for a handshake). */
    private boolean framed;

    PendingSend(String peerDid, byte[] payload, CompletableFuture<SendResult> future, Instant deadline) {
      this.peerDid = peerDid;
      this.payload = payload;
      this.future = future;
      this.deadline = deadline;
    }
  }

  /** A frame written (or to be written) whose final relay status has not arrived. */
  private static final class Outstanding {
    private final byte[] bytes;
    private final MessageType type;
    private final String destination;
    private Instant sentAt;
    private boolean queued;

    Outstanding(byte[] bytes, MessageType type, String destination, Instant sentAt) {
      this.bytes = bytes;
      this.type = type;
      this.destination = destination;
      this.sentAt = sentAt;
    }
  }
}
