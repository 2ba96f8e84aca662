package org.anp.transport.messenger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.e2e.ErrorResponse;
import org.anp.transport.internal.e2e.Frames;

import org.anp.transport.relay.HeartbeatFrame;
import org.anp.transport.relay.RegisterFrame;
import org.anp.transport.relay.RelayFrame;
import org.anp.transport.relay.RelayFrames;
import org.anp.transport.relay.RoutedFrame;
import org.anp.transport.spi.MessageTransport;

/**
 * A minimal in-memory relay for the messenger's unit tests: routes by destinationDid, answers
 * with the status codes of decision 0004 (200, 202 with a queue for known offline DIDs, 404),
 * and lets a test misbehave on purpose (drop connections, swallow or force answers, go silent).
 * It does not verify register proofs. All relay work runs on one thread, in order.
 */
final class FakeRelay implements AutoCloseable {
  private final ExecutorService thread = Executors.newSingleThreadExecutor();
  private final Map<String, Conn> byDid = new HashMap<>();
  private final Set<String> known = new HashSet<>();
  private final Map<String, Deque<Queued>> queues = new HashMap<>();
  private final Set<String> refusedRouters = new HashSet<>();
  private final Set<String> blocked = ConcurrentHashMap.newKeySet();
  final List<String> frames = new CopyOnWriteArrayList<>();
  /** Acknowledgements received, as "receiver originalType originalMessageId -> sender". */
  final List<String> acks = new CopyOnWriteArrayList<>();
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger registrations = new AtomicInteger();
  private volatile boolean silent;
  private volatile Optional<Integer> forcedCode = Optional.empty();
  private volatile boolean swallowMessageAcks;
  private volatile boolean dropAfterNextMessage;
  private volatile boolean dropBeforeAckOfNextMessage;

  private record Queued(String sourceDid, String originalType, String messageId, byte[] bytes) {}

  /** A transport whose connections reach this relay. */
  MessageTransport transport() {
    return new MessageTransport() {
      @Override
      public CompletableFuture<Connection> connect(Listener listener) {
        return CompletableFuture.supplyAsync(() -> {
          if (!blocked.isEmpty()) {
            throw new TransportException(TransportError.SERVICE_UNAVAILABLE, "fake relay: refusing connections");
          }
          connections.incrementAndGet();
          return new Conn(listener);
        }, thread);
      }

      @Override
      public void close() {}
    };
  }

  /** A DID the relay serves while offline: frames for it are queued (202). */
  void expect(String did) {
    run(() -> known.add(did));
  }

  void refuseRegistration(String router) {
    run(() -> refusedRouters.add(router));
  }

  /** Closes every connection (as a crash would: no 504 for the queue) and refuses new ones until {@link #unblock}. */
  void crashAndBlock(boolean dropQueues) {
    blocked.add("all");
    run(() -> {
      for (Conn c : new ArrayList<>(byDid.values())) {
        c.close();
      }
      if (dropQueues) {
        queues.clear();
      }
    });
  }

  void unblock() {
    blocked.clear();
  }

  /** Closes the connection of {@code did} (it will reconnect). */
  void disconnect(String did) {
    run(() -> Optional.ofNullable(byDid.get(did)).ifPresent(Conn::close));
  }

  /** Sends 504 to the senders of every queued frame and empties the queues. */
  void expireQueued() {
    run(() -> {
      for (Deque<Queued> q : queues.values()) {
        for (Queued f : q) {
          status(f.sourceDid(), f.originalType(), f.messageId(), 504);
        }
      }
      queues.clear();
    });
  }

  /** Pushes {@code frame} to {@code did}'s connection again, as a relay redelivering it would. */
  void replay(String did, String frame) {
    run(() -> Optional.ofNullable(byDid.get(did)).ifPresent(c -> c.push(frame.getBytes(StandardCharsets.UTF_8))));
  }

  void silent(boolean on) {
    silent = on;
  }

  void forceCode(int code) {
    forcedCode = Optional.of(code);
  }

  void swallowMessageAcks(boolean on) {
    swallowMessageAcks = on;
  }

  /** Routes the next message frame, then closes the sender's connection before answering it. */
  void dropSenderAfterNextMessage() {
    dropAfterNextMessage = true;
  }

  /** Closes the sender's connection on the next message frame without routing it. */
  void dropSenderBeforeNextMessage() {
    dropBeforeAckOfNextMessage = true;
  }

  int queued(String did) {
    return CompletableFuture.supplyAsync(() -> queues.getOrDefault(did, new ArrayDeque<>()).size(), thread).join();
  }

  private void run(Runnable r) {
    CompletableFuture.runAsync(r, thread).join();
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ------------------------------------------------------------- relay logic, on `thread`

  private void onFrame(Conn from, byte[] bytes) {
    frames.add(new String(bytes, StandardCharsets.UTF_8));
    if (silent) {
      return;
    }
    RelayFrame frame;
    try {
      frame = RelayFrames.parse(bytes, RelayFrames.DEFAULT_MAX_BYTES);
    } catch (TransportException e) {
      from.push(response(Optional.empty(), "unknown", Optional.empty(), 400));
      return;
    }
    if (frame instanceof RegisterFrame register) {
      registrations.incrementAndGet();
      String router = register.routers().get(0).router();
      if (refusedRouters.contains(router)) {
        from.push(response(Optional.of(router), "register", Optional.of(register.messageId()), 403));
        return;
      }
      from.dids.add(router);
      byDid.put(router, from);
      known.add(router);
      from.push(response(Optional.of(router), "register", Optional.of(register.messageId()), 200));
      Deque<Queued> q = queues.remove(router);
      if (q != null) {
        for (Queued f : q) {
          from.push(f.bytes());
          status(f.sourceDid(), f.originalType(), f.messageId(), 200);
        }
      }
      return;
    }
    if (frame instanceof HeartbeatFrame hb) {
      if (hb.isPing()) {
        from.push(HeartbeatFrame.pong(hb, Instant.now()).toJsonBytes());
      }
      return;
    }
    RoutedFrame routed = (RoutedFrame) frame;
    String source = routed.sourceDid().orElse("");
    String destination = routed.destinationDid().orElse("");
    if (routed.isResponse()) {
      if (routed.message() instanceof ErrorResponse r && r.code() == 200) {
        // A receiver's acknowledgement (decision 0006): consumed, as the real relay does.
        acks.add(source + " " + r.originalType() + " " + r.originalMessageId().orElse("") + " -> " + destination);
        return;
      }
      Optional.ofNullable(byDid.get(destination)).ifPresent(c -> c.push(bytes));
      return;
    }
    boolean isMessage = routed.type().equals("message");
    if (isMessage && dropBeforeAckOfNextMessage) {
      dropBeforeAckOfNextMessage = false;
      from.close();
      return;
    }
    if (isMessage && forcedCode.isPresent()) {
      int code = forcedCode.get();
      forcedCode = Optional.empty();
      status(source, routed.type(), routed.messageId(), code);
      return;
    }
    Conn target = byDid.get(destination);
    int code;
    if (target != null) {
      target.push(bytes);
      code = 200;
    } else if (known.contains(destination)) {
      queues.computeIfAbsent(destination, k -> new ArrayDeque<>())
          .add(new Queued(source, routed.type(), routed.messageId(), bytes));
      code = 202;
    } else {
      code = 404;
    }
    if (isMessage && dropAfterNextMessage) {
      dropAfterNextMessage = false;
      from.close();
      return;
    }
    if (isMessage && swallowMessageAcks) {
      return;
    }
    status(source, routed.type(), routed.messageId(), code);
  }

  private void status(String sourceDid, String originalType, String messageId, int code) {
    Conn c = byDid.get(sourceDid);
    if (c != null) {
      c.push(response(Optional.of(sourceDid), originalType, Optional.of(messageId), code));
    }
  }

  private static byte[] response(Optional<String> to, String originalType, Optional<String> originalId, int code) {
    ObjectNode json = Frames.header("response", Instant.now(), "r" + System.nanoTime());
    json.put("sourceDid", "did:wba:relay.test");
    to.ifPresent(d -> json.put("destinationDid", d));
    json.put("originalType", originalType);
    originalId.ifPresent(id -> json.put("originalMessageId", id));
    json.put("code", code);
    json.put("detail", "fake relay " + code);
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** One client connection; its listener is called on the relay thread, in order. */
  private final class Conn implements MessageTransport.Connection {
    private final MessageTransport.Listener listener;
    private final Set<String> dids = new HashSet<>();
    private boolean open = true;

    Conn(MessageTransport.Listener listener) {
      this.listener = listener;
    }

    void push(byte[] bytes) {
      if (open) {
        listener.onFrame(bytes.clone());
      }
    }

    @Override
    public CompletableFuture<Void> send(byte[] utf8Frame) {
      byte[] copy = utf8Frame.clone();
      return CompletableFuture.runAsync(() -> {
        if (!open) {
          throw new TransportException(TransportError.SERVICE_UNAVAILABLE, "closed");
        }
        onFrame(this, copy);
      }, thread);
    }

    @Override
    public void close() {
      if (thread.isShutdown()) {
        return;
      }
      thread.execute(() -> {
        if (open) {
          open = false;
          for (String did : dids) {
            byDid.remove(did, this);
          }
          listener.onClosed("fake relay closed the connection");
        }
      });
    }
  }
}
