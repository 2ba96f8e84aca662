package org.anp.benchmarks.relay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.anp.transport.e2e.Role;
import org.anp.transport.e2e.SecureSession;
import org.anp.transport.e2e.SessionLimits;
import org.anp.transport.e2e.SessionSecrets;
import org.anp.transport.relay.RelayServer;

/**
 * The harness of the relay throughput and latency benchmarks: a hop (the relay, or the
 * {@link BareForwarder}) and two {@link BenchClient}s, A and B, on loopback. A sends
 * pre-encrypted 1 KiB E2E {@code message} frames to B (a pool of distinct frames made by a real
 * {@link SecureSession}); the relay routes them by {@code destinationDid} after A and B
 * registered, the forwarder just passes them on. Both hops see byte-identical frames.
 *
 * <ul>
 *   <li>windowed ({@link #sendWindowed}): at most {@code window} frames in flight between A's
 *       write and B's read; B's arrival frees a slot;
 *   <li>ping-pong ({@link #roundTrip}): B answers each frame with a frame to A; the call returns
 *       when A has it.
 * </ul>
 *
 * <p>The relay also answers each frame with a status {@code response} to its sender; clients read
 * and count those ({@link #statusFrames}), which is part of the relay's cost. {@link #sendWindowed}
 * and {@link #roundTrip} are for one thread at a time.
 */
final class RelayRig implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /**
   * Which hop the frames go through: the relay, the bare forwarder, or a relay cluster on NATS
   * with A and B on the same node or on two nodes ({@link ClusterHop}).
   */
  enum Target { RELAY, BARE, CLUSTER_SAME, CLUSTER_CROSS, CLUSTER_CROSS_DIRECT }

  static final int PAYLOAD_BYTES = 1024;
  private static final int POOL = 256;
  private static final byte[] MESSAGE_TYPE = "\"type\":\"message\"".getBytes(StandardCharsets.US_ASCII);
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** The placeholder {@code messageId} of pooled frames: 16 characters, overwritten per send. */
  private static final String ID_PLACEHOLDER = "m000000000000000";

  private final boolean echo;
  private final int windowSize;
  private final Semaphore window;
  private final EventLoopGroup clientLoops =
      new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("bench-client", true), NioIoHandler.newFactory());
  private final BlockingQueue<String> control = new LinkedBlockingQueue<>();
  private final ByteBuf[] aToB = new ByteBuf[POOL];
  private final ByteBuf[] bToA = new ByteBuf[POOL];
  /** Where the {@code messageId} value starts in each pooled frame. */
  private final int[] aToBIdAt = new int[POOL];
  private final int[] bToAIdAt = new int[POOL];
  private final AutoCloseable hop;
  private final Target target;
  private final AtomicLong ackIds = new AtomicLong();
  /**
   * The last message frame of each client's current read batch (a retained copy), which its
   * acknowledgement names at the end of the batch; touched only on the client's event loop.
   */
  private final AtomicReference<ByteBuf> ackAtA = new AtomicReference<>();
  private final AtomicReference<ByteBuf> ackAtB = new AtomicReference<>();
  private volatile BenchClient a;
  private volatile BenchClient b;
  private volatile CompletableFuture<Void> pong = new CompletableFuture<>();
  private volatile boolean holdAcknowledgementsAtB;
  private long nextA;
  private long nextB;
  /** Message frames B received. */
  final AtomicLong arrivedAtB = new AtomicLong();
  /** Message frames A received (ping-pong answers). */
  final AtomicLong arrivedAtA = new AtomicLong();
  /** Frames other than messages the clients received after setup (the relay's statuses). */
  final AtomicLong statusFrames = new AtomicLong();
  private volatile boolean ready;

  private RelayRig(Target target, boolean echo, int windowSize) {
    this.target = target;
    this.echo = echo;
    this.windowSize = windowSize;
    this.window = new Semaphore(windowSize);
    Directory directory = new Directory();
    Directory.Agent alice = directory.agent("alice");
    Directory.Agent bob = directory.agent("bob");
    makeFrames(alice.did(), bob.did(), directory.random());
    URI uri;
    URI uriOfB = null;
    if (target == Target.CLUSTER_SAME || target == Target.CLUSTER_CROSS || target == Target.CLUSTER_CROSS_DIRECT) {
      ClusterHop cluster = new ClusterHop(directory, List.of(alice, bob), target != Target.CLUSTER_CROSS);
      hop = cluster;
      uri = cluster.sender();
      uriOfB = cluster.receiver(target != Target.CLUSTER_SAME);
    } else if (target == Target.RELAY) {
      RelayServer relay = RelayServer.builder()
          .resolver(directory.resolver())
          .rateLimit(1e9, Integer.MAX_VALUE) // a benchmark, not a flood: measure routing, not the limiter
          .idleTimeout(Duration.ofMinutes(30))
          .build();
      hop = relay;
      uri = relay.start().join();
    } else {
      BareForwarder forwarder = new BareForwarder();
      hop = forwarder;
      uri = forwarder.start();
    }
    try {
      a = join(BenchClient.connect(uri, clientLoops, Optional.empty(), this::atA, () -> sendAck(a, ackAtA)));
      b = join(BenchClient.connect(uriOfB == null ? uri : uriOfB, clientLoops, Optional.empty(), this::atB, () -> sendAck(b, ackAtB)));
      if (target != Target.BARE) {
        register(a, alice, directory.random());
        register(b, bob, directory.random());
      }
      ready = true;
      probe();
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /** A rig for the throughput benchmark: {@code window} frames in flight. */
  static RelayRig windowed(Target target, int window) {
    return new RelayRig(target, false, window);
  }

  /** A rig for the latency benchmark: B answers every frame. */
  static RelayRig pingPong(Target target) {
    return new RelayRig(target, true, 1);
  }

  private void makeFrames(String aliceDid, String bobDid, SecureRandom random) {
    byte[] k1 = new byte[16];
    byte[] k2 = new byte[16];
    random.nextBytes(k1);
    random.nextBytes(k2);
    Instant now = Instant.now();
    Instant expires = now.plus(Duration.ofDays(1));
    SecureSession alice = SecureSession.restore(
        SessionSecrets.of(aliceDid, bobDid, Role.INITIATOR, "0011223344556677", k1, k2, now, expires),
        SessionLimits.DEFAULT, Clock.systemUTC(), random);
    SecureSession bob = SecureSession.restore(
        SessionSecrets.of(bobDid, aliceDid, Role.RESPONDER, "0011223344556677", k2, k1, now, expires),
        SessionLimits.DEFAULT, Clock.systemUTC(), random);
    byte[] payload = new byte[PAYLOAD_BYTES];
    for (int i = 0; i < POOL; i++) {
      random.nextBytes(payload);
      byte[] ab = alice.encrypt(ID_PLACEHOLDER, payload).toJsonBytes();
      byte[] ba = bob.encrypt(ID_PLACEHOLDER, payload).toJsonBytes();
      aToB[i] = Unpooled.wrappedBuffer(ab);
      bToA[i] = Unpooled.wrappedBuffer(ba);
      aToBIdAt[i] = idOffset(ab);
      bToAIdAt[i] = idOffset(ba);
    }
  }

  private static int idOffset(byte[] frame) {
    byte[] member = ("\"messageId\":\"" + ID_PLACEHOLDER + "\"").getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i + member.length <= frame.length; i++) {
      for (int j = 0; j < member.length; j++) {
        if (frame[i + j] != member[j]) {
          continue outer;
        }
      }
      return i + member.length - 1 - ID_PLACEHOLDER.length();
    }
    throw new IllegalStateException("no messageId placeholder in the frame");
  }

  /**
   * The pooled frame for send number {@code n}, with {@code n} as its {@code messageId} (16 hex
   * digits). The pool entry was last sent {@link #POOL} sends ago, and that frame has arrived
   * (at most a window of frames is in flight), so no write still reads the bytes changed here.
   */
  private static ByteBuf numbered(ByteBuf[] pool, int[] idAt, long n) {
    int i = (int) (n & (POOL - 1));
    ByteBuf frame = pool[i];
    int at = idAt[i];
    for (int d = ID_PLACEHOLDER.length() - 1; d >= 0; d--) {
      frame.setByte(at + d, Character.forDigit((int) ((n >>> (4 * (ID_PLACEHOLDER.length() - 1 - d))) & 0xf), 16));
    }
    return frame;
  }

  private void register(BenchClient client, Directory.Agent agent, SecureRandom random) {
    client.send(Unpooled.wrappedBuffer(agent.register(random)));
    String answer = poll(control);
    if (!answer.contains("\"code\":200")) {
      throw new IllegalStateException("register refused: " + answer);
    }
  }

  /** Sends frames until one went through, so no frame of the measurement is lost to a race. */
  private void probe() {
    if (echo) {
      roundTrip();
    } else {
      sendWindowed();
      awaitDrained();
    }
  }

  /**
   * Sends one frame from A to B once a slot of the window is free.
   *
   * @throws IllegalStateException if no slot is freed within 30 s (frames lost)
   */
  void sendWindowed() {
    try {
      if (!window.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("frames lost: " + windowSize + " in flight, none arrived within "
            + WAIT.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    a.send(numbered(aToB, aToBIdAt, nextA++));
  }

  /** Waits until every frame sent has arrived. @throws IllegalStateException after 30 s */
  void awaitDrained() {
    try {
      if (!window.tryAcquire(windowSize, WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("frames lost: " + (windowSize - window.availablePermits()) + " in flight");
      }
      window.release(windowSize);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends one frame from A to B and waits for B's answer at A. */
  void roundTrip() {
    CompletableFuture<Void> p = new CompletableFuture<>();
    pong = p;
    a.send(numbered(aToB, aToBIdAt, nextA++));
    join(p);
  }

  /**
   * Makes B stop acknowledging (for tests): the relay then keeps every frame pushed to B
   * unacknowledged, as it does when acknowledgements lag behind a burst.
   */
  void holdAcknowledgementsAtB() {
    holdAcknowledgementsAtB = true;
  }

  private void atA(ByteBuf frame) {
    if (isMessage(frame)) {
      arrivedAtA.incrementAndGet();
      keepForAcknowledgement(ackAtA, frame);
      pong.complete(null);
    } else {
      other(frame);
    }
  }

  private void atB(ByteBuf frame) {
    if (isMessage(frame)) {
      arrivedAtB.incrementAndGet();
      if (!holdAcknowledgementsAtB) {
        keepForAcknowledgement(ackAtB, frame);
      }
      if (echo) {
        b.send(numbered(bToA, bToAIdAt, nextB++));
      } else {
        window.release();
      }
    } else {
      other(frame);
    }
  }

  /**
   * What a real agent does with the frames its relay routes to it (decisions 0006 and 0009): after
   * each batch of frames from one read, a {@code response} 200 naming the last of them, which
   * acknowledges it and every frame before it; without it the relay answers the sender only after
   * its acknowledgement timeout. The bare forwarder has no such protocol. A real agent has the
   * frame's envelope from its own parse; here it is read with a streaming parser that stops at
   * the last envelope member, so the harness adds only the acknowledgement itself.
   *
   * @return the acknowledgement to send at the end of the read batch
   */
  private String acknowledgement(ByteBuf frame) {
    String type = null;
    String messageId = null;
    String source = null;
    String destination = null;
    try (JsonParser p = MAPPER.getFactory().createParser((InputStream) new ByteBufInputStream(frame.duplicate()))) {
      p.nextToken();
      while ((type == null || messageId == null || source == null || destination == null)
          && p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case "type" -> type = p.getText();
          case "messageId" -> messageId = p.getText();
          case "sourceDid" -> source = p.getText();
          case "destinationDid" -> destination = p.getText();
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "{\"version\":\"1.0\",\"type\":\"response\",\"timestamp\":\"" + Instant.now()
        + "\",\"messageId\":\"" + Long.toHexString(ackIds.incrementAndGet() | 1L << 60)
        + "\",\"sourceDid\":\"" + destination + "\",\"destinationDid\":\"" + source
        + "\",\"originalType\":\"" + type + "\",\"originalMessageId\":\"" + messageId + "\",\"code\":200}";
  }

  /**
   * Keeps {@code frame} as the one the batch's acknowledgement will name (the relay target only;
   * the bare hop has no acknowledgements): only the last frame of a batch is acknowledged, so
   * only its envelope is read, once, at the end of the batch.
   */
  private void keepForAcknowledgement(AtomicReference<ByteBuf> last, ByteBuf frame) {
    if (target != Target.BARE) {
      ByteBuf previous = last.getAndSet(frame.retainedDuplicate());
      if (previous != null) {
        previous.release();
      }
    }
  }

  /** Sends the acknowledgement of the last frame of the read batch that just ended, if any. */
  private void sendAck(BenchClient receiver, AtomicReference<ByteBuf> pending) {
    ByteBuf last = pending.getAndSet(null);
    if (last != null) {
      try {
        receiver.send(Unpooled.wrappedBuffer(acknowledgement(last).getBytes(StandardCharsets.UTF_8)));
      } finally {
        last.release();
      }
    }
  }

  private void other(ByteBuf frame) {
    if (ready) {
      statusFrames.incrementAndGet();
    } else {
      control.add(frame.toString(StandardCharsets.UTF_8));
    }
  }

  /** Whether the frame's {@code type} is {@code message}: the E2E envelope writes it first. */
  static boolean isMessage(ByteBuf frame) {
    int end = Math.min(frame.writerIndex(), frame.readerIndex() + 96) - MESSAGE_TYPE.length;
    outer:
    for (int i = frame.readerIndex(); i <= end; i++) {
      for (int j = 0; j < MESSAGE_TYPE.length; j++) {
        if (frame.getByte(i + j) != MESSAGE_TYPE[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within " + WAIT.toSeconds() + " s", e);
    }
  }

  private static String poll(BlockingQueue<String> queue) {
    try {
      String s = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (s == null) {
        throw new IllegalStateException("no answer within " + WAIT.toSeconds() + " s");
      }
      return s;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    for (BenchClient c : new BenchClient[] {a, b}) {
      if (c != null) {
        c.close();
      }
    }
    for (AtomicReference<ByteBuf> kept : List.of(ackAtA, ackAtB)) {
      ByteBuf last = kept.getAndSet(null);
      if (last != null) {
        last.release();
      }
    }
    clientLoops.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).awaitUninterruptibly(5_000);
    try {
      hop.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the hop failed", e);
    }
  }
}
