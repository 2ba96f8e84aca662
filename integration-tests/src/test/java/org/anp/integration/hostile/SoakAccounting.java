package org.anp.integration.hostile;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.anp.identity.did.Did;
import org.anp.transport.TransportException;
import org.anp.transport.messenger.AgentMessenger;
import org.anp.transport.messenger.DeliveryStatus;
import org.anp.transport.messenger.SendResult;

/**
 * The bookkeeping of the relay soaks (one relay, or a cluster): every payload carries a unique
 * 64-bit key; a send counts as acknowledged when its final status is DELIVERED (at once, or as
 * the delivery update of a send reported QUEUED); a QUEUED send whose update is EXPIRED, and a
 * DELIVERED one whose later update is REFUSED, count as failed. {@link #summary} reports
 * acknowledged, failed (by code), unsettled, delivered to applications, duplicated and lost
 * among acknowledged. Thread-safe.
 */
final class SoakAccounting {
  /** A soak's outcome. {@code lostKeys} are the acknowledged payloads no application received. */
  record Summary(int sent, long acknowledged, long acknowledgedAfterQueued, int failed, Map<String, Integer> failures,
      long unsettled, int delivered, long duplicated, List<Long> lostKeys) {
    long lost() {
      return lostKeys.size();
    }
  }

  private final Map<Long, AtomicInteger> received = new ConcurrentHashMap<>();
  private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
  private final Set<Long> queued = ConcurrentHashMap.newKeySet();
  private final Map<Long, String> messageIds = new ConcurrentHashMap<>();
  private final Map<String, DeliveryStatus> updates = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger answered = new AtomicInteger();

  /** Counts what {@code m}'s application receives and the delivery updates it gets. */
  void watch(AgentMessenger m) {
    m.onMessage(r -> received.computeIfAbsent(ByteBuffer.wrap(r.payload()).getLong(), k -> new AtomicInteger())
        .incrementAndGet());
    m.onDeliveryUpdate(u -> updates.put(u.messageId(), u.status()));
  }

  /** The messageId of the payload with {@code key}, if its send was answered. */
  String messageId(long key) {
    return messageIds.get(key);
  }

  /**
   * Every messenger sends {@code messages} payloads of 64 bytes to random others, at most
   * {@code inFlight} unanswered each, one thread per sender; {@code chaos} runs every 20 ms
   * until all sends are answered. Returns the seconds it took.
   */
  double run(List<AgentMessenger> messengers, List<String> dids, int messages, int inFlight, Runnable chaos)
      throws InterruptedException {
    int clients = messengers.size();
    long start = System.nanoTime();
    List<Thread> senders = new ArrayList<>();
    for (int s = 0; s < clients; s++) {
      int sender = s;
      Thread t = new Thread(() -> {
        Random random = new Random(sender);
        Semaphore window = new Semaphore(inFlight);
        for (int seq = 0; seq < messages; seq++) {
          int to = random.nextInt(clients - 1);
          to = to >= sender ? to + 1 : to;
          long key = ((long) sender << 32) | seq;
          window.acquireUninterruptibly();
          sent.incrementAndGet();
          messengers.get(sender).send(Did.parse(dids.get(to)), ByteBuffer.allocate(64).putLong(key).array())
              .whenComplete((r, e) -> {
                answered(key, r, e);
                window.release();
              });
        }
        window.acquireUninterruptibly(inFlight);
      }, "soak-sender-" + sender);
      t.start();
      senders.add(t);
    }
    while (senders.stream().anyMatch(Thread::isAlive)) {
      chaos.run();
      Thread.sleep(20);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Sends answered so far (with any status or failure). */
  int answered() {
    return answered.get();
  }

  private void answered(long key, SendResult r, Throwable e) {
    answered.incrementAndGet();
    if (r != null && (r.status() == DeliveryStatus.DELIVERED || r.status() == DeliveryStatus.QUEUED)) {
      messageIds.put(key, r.messageId());
      (r.status() == DeliveryStatus.DELIVERED ? acknowledged : queued).add(key);
    } else {
      Throwable cause = e instanceof CompletionException ? e.getCause() : e;
      String code = cause instanceof TransportException te ? te.code().toString()
          : r != null ? r.status().toString() : String.valueOf(cause);
      failures.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
    }
  }

  /**
   * Waits (up to {@code seconds}) until every send reported QUEUED has its final update and
   * every acknowledged payload reached an application, then 2 s more for anything extra (late
   * resends) to arrive.
   */
  void awaitSettled(int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!allSettledAndReceived() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    Thread.sleep(2000);
  }

  private boolean allSettledAndReceived() {
    for (long k : queued) {
      DeliveryStatus last = updates.get(messageIds.get(k));
      if (last == null || (last == DeliveryStatus.DELIVERED && !received.containsKey(k))) {
        return false;
      }
    }
    for (long k : acknowledged) {
      if (!received.containsKey(k) && updates.get(messageIds.get(k)) != DeliveryStatus.REFUSED) {
        return false;
      }
    }
    return true;
  }

  /** The outcome as it stands. */
  Summary summary() {
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    acked.addAll(acknowledged);
    Map<String, Integer> failed = new TreeMap<>();
    failures.forEach((code, n) -> failed.put(code, n.get()));
    long unsettled = 0;
    long afterQueued = 0;
    for (long k : queued) {
      DeliveryStatus last = updates.get(messageIds.get(k));
      if (last == DeliveryStatus.DELIVERED) {
        acked.add(k);
        afterQueued++;
      } else if (last != null) {
        failed.merge(last.toString(), 1, Integer::sum);
      } else {
        unsettled++;
      }
    }
    // A payload reported DELIVERED whose peer then refused it to the end (REFUSED update,
    // decision 0008) was not acknowledged after all: its final word is the failure.
    for (long k : List.copyOf(acked)) {
      if (updates.get(messageIds.get(k)) == DeliveryStatus.REFUSED) {
        acked.remove(k);
        failed.merge(DeliveryStatus.REFUSED.toString(), 1, Integer::sum);
      }
    }
    List<Long> lostKeys = acked.stream().filter(k -> !received.containsKey(k)).toList();
    long duplicated = received.values().stream().mapToLong(c -> c.get() - 1L).sum();
    return new Summary(sent.get(), acked.size(), afterQueued, failed.values().stream().mapToInt(Integer::intValue).sum(),
        failed, unsettled, received.size(), duplicated, lostKeys);
  }
}
