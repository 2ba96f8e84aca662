package org.anp.transport.internal.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Direct hand-overs to other nodes, batched by the traffic itself (decision 0087): per
 * destination node at most {@value #IN_FLIGHT} requests are out at a time; what is submitted
 * meanwhile waits and goes in the next request, up to {@value #MAX_ITEMS} items or {@value
 * #MAX_BYTES} bytes. No timer: a lone item leaves at once, and under load each round trip carries
 * what arrived during the previous one. Every item learns exactly once whether the other node
 * took it (false on a refusal, a timeout or a failure to send). Thread-safe.
 *
 * @param <T> what is handed over (a frame or a status)
 */
final class NodeBatches<T> {
  static final int IN_FLIGHT = 2;
  static final int MAX_ITEMS = 256;
  static final int MAX_BYTES = 256 * 1024;

  /**
   * Sends one batch to a node ({@code bytes}: the sum of its items' sizes); the future's value is
   * the reply (null or failed: nothing taken).
   */
  interface Sender<T> {
    CompletableFuture<byte[]> send(String node, List<T> batch, int bytes);
  }

  private record Pending<T>(T item, int size, Consumer<Boolean> taken) {}

  private final Sender<T> sender;
  private final ToIntFunction<T> size;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

  NodeBatches(Sender<T> sender, ToIntFunction<T> size) {
    this.sender = sender;
    this.size = size;
  }

  /** Hands {@code item} to {@code node}; {@code taken} hears once whether it took it. */
  void submit(String node, T item, Consumer<Boolean> taken) {
    Pending<T> p = new Pending<>(item, size.applyAsInt(item), taken);
    Lane lane;
    boolean added = false;
    do {
      lane = lanes.computeIfAbsent(node, Lane::new);
      synchronized (lane) {
        if (!lane.retired) {
          lane.queue.add(p);
          added = true;
        }
      }
    } while (!added);
    lane.pump();
  }

  /** Items waiting or out for an answer, for every node. */
  int pending() {
    int n = 0;
    for (Lane lane : lanes.values()) {
      synchronized (lane) {
        n += lane.queue.size() + lane.out;
      }
    }
    return n;
  }

  /** The queue to one node and its requests out. */
  private final class Lane {
    private final String node;
    private final ArrayDeque<Pending<T>> queue = new ArrayDeque<>();
    /** Items in requests not answered yet. */
    private int out;
    private int requests;
    /** Removed from the map (idle); a submit then makes a new lane. */
    private boolean retired;

    Lane(String node) {
      this.node = node;
    }

    /** Sends what waits while fewer than {@link #IN_FLIGHT} requests are out. */
    void pump() {
      while (true) {
        List<Pending<T>> batch;
        int bytes = 0;
        synchronized (this) {
          if (requests >= IN_FLIGHT || queue.isEmpty()) {
            return;
          }
          batch = new ArrayList<>();
          while (!queue.isEmpty() && batch.size() < MAX_ITEMS
              && (batch.isEmpty() || bytes + queue.peek().size() <= MAX_BYTES)) {
            Pending<T> p = queue.poll();
            bytes += p.size();
            batch.add(p);
          }
          requests++;
          out += batch.size();
        }
        send(batch, bytes);
      }
    }

    private void send(List<Pending<T>> batch, int bytes) {
      CompletableFuture<byte[]> reply;
      try {
        reply = sender.send(node, batch.stream().map(Pending::item).toList(), bytes);
      } catch (RuntimeException e) {
        reply = CompletableFuture.completedFuture(null);
      }
      reply.whenComplete((r, e) -> {
        synchronized (this) {
          requests--;
          out -= batch.size();
          if (requests == 0 && queue.isEmpty()) {
            retired = true;
            lanes.remove(node, this);
          }
        }
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).taken().accept(e == null && HandOverCodec.taken(r, batch.size(), i));
        }
        pump();
      });
    }
  }
}
