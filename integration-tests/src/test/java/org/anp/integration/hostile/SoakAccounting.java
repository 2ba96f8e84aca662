package org.anp.integration.hostile;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
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
  private final Map<String, Long> keysById = new ConcurrentHashMap<>();
  /** Sends answered DELIVERED or QUEUED whose outcome is not complete yet (see {@link #isSettled}). */
  private final Set<Long> outstanding = ConcurrentHashMap.newKeySet();
  private final CompletableFuture<Void> settled = new CompletableFuture<>();
  /** Completes when some payload reaches its application a second time. */
  private final CompletableFuture<Void> duplicateSeen = new CompletableFuture<>();
  private final List<Progress> progress = new CopyOnWriteArrayList<>();
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger answered = new AtomicInteger();
  private final AtomicInteger failedCount = new AtomicInteger();
  private volatile int expected = -1;

  /** A milestone: completes once {@code measure} reaches {@code target}; checked on every answer. */
  private record Progress(IntSupplier measure, int target, CompletableFuture<Void> reached) {}

  /** Counts what {@code m}'s application receives and the delivery updates it gets. */
  void watch(AgentMessenger m) {
    m.onMessage(r -> {
      long key = ByteBuffer.wrap(r.payload()).getLong();
      if (received.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
        duplicateSeen.complete(null);
      }
      check(key);
    });
    m.onDeliveryUpdate(u -> {
      updates.put(u.messageId(), u.status());
      Long key = keysById.get(u.messageId());
      if (key != null) {
        check(key); // else its send is not answered yet, and answering it checks
      }
    });
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
    expected = clients * messages;
    long start = System.nanoTime();
    CountDownLatch sendersDone = new CountDownLatch(clients);
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
        sendersDone.countDown();
      }, "soak-sender-" + sender);
      t.start();
    }
    while (!sendersDone.await(20, TimeUnit.MILLISECONDS)) { // chaos every 20 ms until every send is answered
      chaos.run();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Sends answered so far (with any status or failure). */
  int answered() {
    return answered.get();
  }

  /** Completes once at least {@code count} sends are answered. */
  CompletableFuture<Void> answered(int count) {
    return milestone(answered::get, count);
  }

  /** Completes once {@code more} sends beyond those so far are answered QUEUED (their frames wait for an offline receiver). */
  CompletableFuture<Void> queuedMore(int more) {
    return milestone(queued::size, queued.size() + more);
  }

  /** Completes once {@code more} sends beyond those so far have failed. */
  CompletableFuture<Void> failedMore(int more) {
    return milestone(failedCount::get, failedCount.get() + more);
  }

  private CompletableFuture<Void> milestone(IntSupplier measure, int target) {
    Progress p = new Progress(measure, target, new CompletableFuture<>());
    progress.add(p);
    if (measure.getAsInt() >= target) {
      p.reached().complete(null);
      progress.remove(p);
    }
    return p.reached();
  }

  private void answered(long key, SendResult r, Throwable e) {
    if (r != null && (r.status() == DeliveryStatus.DELIVERED || r.status() == DeliveryStatus.QUEUED)) {
      messageIds.put(key, r.messageId());
      keysById.put(r.messageId(), key);
      (r.status() == DeliveryStatus.DELIVERED ? acknowledged : queued).add(key);
      outstanding.add(key);
      check(key);
    } else {
      Throwable cause = e instanceof CompletionException ? e.getCause() : e;
      String code = cause instanceof TransportException te ? te.code().toString()
          : r != null ? r.status().toString() : String.valueOf(cause);
      failures.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
      failedCount.incrementAndGet();
    }
    answered.incrementAndGet();
    for (Progress p : progress) {
      if (p.measure().getAsInt() >= p.target()) {
        p.reached().complete(null);
        progress.remove(p);
      }
    }
    completeIfSettled();
  }

  /** Forgets {@code key} as outstanding once its outcome is complete. */
  private void check(long key) {
    if (outstanding.contains(key) && isSettled(key)) {
      outstanding.remove(key);
      completeIfSettled();
    }
  }

  // Both sides (the last answer, the last outstanding key settled) look after their change, so the
  // one that comes second completes the future.
  private void completeIfSettled() {
    if (answered.get() == expected && outstanding.isEmpty()) {
      settled.complete(null);
    }
  }

  /**
   * Waits (up to {@code seconds}) until every send is answered, every send reported QUEUED has its
   * final update and every acknowledged payload reached an application (or was refused), then up
   * to 2 s more for a late resend to arrive as a duplicate (less if one does). After the bound it returns anyway: the
   * summary then shows what did not settle.
   */
  void awaitSettled(int seconds) throws InterruptedException {
    try {
      settled.get(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // reported by summary() as unsettled or lost
    } catch (ExecutionException e) {
      throw new IllegalStateException("never completed exceptionally", e);
    }
    // A late resend would arrive as a duplicate: give one 2 s to show (summary() counts it).
    try {
      duplicateSeen.get(2, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // none arrived
    } catch (ExecutionException e) {
      throw new IllegalStateException("never completed exceptionally", e);
    }
  }

  /** Whether the outcome of the send with {@code key} is complete; false for a send not answered yet. */
  private boolean isSettled(long key) {
    String id = messageIds.get(key);
    if (queued.contains(key)) {
      DeliveryStatus last = id == null ? null : updates.get(id);
      return last != null && !(last == DeliveryStatus.DELIVERED && !received.containsKey(key));
    }
    if (acknowledged.contains(key)) {
      return received.containsKey(key) || (id != null && updates.get(id) == DeliveryStatus.REFUSED);
    }
    return false;
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
