package org.anp.transport.internal.messenger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.anp.identity.json.StrictJson;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.e2e.E2eEndpoint;
import org.anp.transport.internal.e2e.Frames;
import org.anp.transport.messenger.DeliveryStatus;
import org.anp.transport.messenger.LocalIdentity;
import org.anp.transport.messenger.SendResult;
import org.anp.transport.relay.RelayFrame;
import org.anp.transport.relay.RelayFrames;
import org.anp.transport.relay.RoutedFrame;
import org.anp.transport.spi.HelloExtensions;
import org.anp.transport.testing.DidAllDirectory;
import org.anp.transport.testing.ManualClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two messenger engines on one manual clock, joined by a relay played by this test that
 * misbehaves at random: it loses, repeats and delays frames, answers any relay status or none,
 * refuses or ignores registrations, fails connection attempts and drops connections. Whatever it
 * does, every send gets its first answer within the send timeout (plus one sweep), no engine call
 * throws, no payload reaches an application twice, and once the relay behaves again every send
 * reported QUEUED gets its final status. The relay soaks exercise the same promise with threads
 * and sockets; here a failure names the seed that replays it.
 */
class MessengerEngineChaosTest {
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration HEARTBEAT = Duration.ofSeconds(5);
  /** Longer than the chaos lasts, so that every frame the relay queued is still resent after it. */
  private static final Duration QUEUED_WINDOW = Duration.ofHours(1);
  /** A send's first answer may come one sweep (at most 250 ms) after its timeout. */
  private static final Duration ANSWER_BOUND = SEND_TIMEOUT.plusMillis(300);
  private static final String RELAY_DID = "did:wba:relay.test";
  private static final int[] RELAY_ERRORS = {400, 403, 404, 413, 429, 503, 504};

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final SecureRandom secure = new SecureRandom();
  private final DidAllDirectory directory = new DidAllDirectory(secure);
  /** Frames the relay queued (202), delivered or expired when the clock next moves. */
  private final List<Runnable> later = new ArrayList<>();
  private final List<Side> sides = new ArrayList<>();
  private Random random;
  private long seed;
  private int step;
  private boolean chaos = true;
  /** How the sends were first answered (status or error code), to show the chaos reached each path. */
  private final Map<String, Integer> answers = new java.util.TreeMap<>();
  private long nextKey;

  /** One engine, the connection the relay holds for it, and what its application saw. */
  private final class Side {
    final LocalIdentity identity = LocalIdentity.from(directory.identity(URI.create("ws://relay.test/")));
    final MessengerEngine engine = engine(identity);
    /** The generation of the open connection, 0 when none. */
    int open;
    boolean registered;
    long arrivals;
    final List<Integer> connectRequests = new ArrayList<>();
    /** Frames the engine wrote on the open connection, not yet read by the relay. */
    final ArrayDeque<byte[]> written = new ArrayDeque<>();
    final List<Effect.Await> waiting = new ArrayList<>();
    /** Sends without a first answer, with when they were made. */
    final Map<CompletableFuture<SendResult>, Instant> unanswered = new LinkedHashMap<>();
    /** Sends answered QUEUED, by messageId, until their update arrives. */
    final Map<String, Instant> queued = new HashMap<>();
    final Map<Long, Integer> received = new HashMap<>();
    Side peer;

    Side() {
      sides.add(this);
    }

    String did() {
      return identity.did().toString();
    }
  }

  private MessengerEngine engine(LocalIdentity identity) {
    MessengerSettings settings = new MessengerSettings(identity, new NoTransport(), Optional.of(directory.resolver()),
        HelloExtensions.NONE, clock, secure, SEND_TIMEOUT, HANDSHAKE_TIMEOUT, HEARTBEAT, 3,
        new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5)), 32, RelayFrames.DEFAULT_MAX_BYTES,
        QUEUED_WINDOW, Optional.empty(), Optional.empty());
    return MessengerEngine.of(settings);
  }


  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void everySendIsAnsweredInTimeWhateverTheRelayDoes(long seed) {
    this.seed = seed;
    random = new Random(seed);
    Side alice = new Side();
    Side bob = new Side();
    alice.peer = bob;
    bob.peer = alice;
    apply(alice, alice.engine.start());
    apply(bob, bob.engine.start());

    for (step = 0; step < 3_000; step++) {
      chaosStep(random.nextBoolean() ? alice : bob);
    }

    // The relay behaves again, and drops each connection once: as after any reconnection, each
    // engine writes again what waits for a status, and every send hears its end.
    chaos = false;
    for (Side side : sides) {
      if (side.open != 0) {
        int gen = side.open;
        side.open = 0;
        side.written.clear();
        apply(side, side.engine.closed(gen, "dropped as the chaos ends"));
      }
    }
    Instant calmFrom = clock.instant();
    for (step = 0; clock.instant().isBefore(calmFrom.plus(SEND_TIMEOUT).plus(HANDSHAKE_TIMEOUT).plusSeconds(60)); step++) {
      for (Side side : sides) {
        connectPending(side);
        while (!side.written.isEmpty()) {
          relayReads(side);
        }
      }
      advance(Duration.ofMillis(500));
    }
    for (Side side : List.of(alice, bob)) {
      assertThat(side.unanswered).as("seed %d: sends of %s never answered", seed, side.did()).isEmpty();
      assertThat(side.queued).as("seed %d: QUEUED sends of %s without a final status", seed, side.did()).isEmpty();
      assertThat(side.received.values()).as("seed %d: payloads delivered twice", seed).allMatch(n -> n == 1);
    }
    assertThat(answers).as("seed %d: the sends took the paths under test", seed).containsKey("QUEUED").hasSizeGreaterThanOrEqualTo(3);
    assertThat(alice.received.size() + bob.received.size()).as("seed %d: payloads delivered", seed).isPositive();
  }

  private void chaosStep(Side side) {
    int roll = random.nextInt(100);
    if (roll < 25) {
      send(side);
    } else if (roll < 70) {
      relayReads(side);
    } else if (roll < 78) {
      connectPending(side);
    } else if (roll < 81 && side.open != 0) {
      // The connection drops: what the relay had not read is lost with it.
      int gen = side.open;
      side.open = 0;
      side.registered = false;
      side.written.clear();
      apply(side, side.engine.closed(gen, "dropped by the chaos relay"));
    } else {
      advance(Duration.ofMillis(random.nextInt(random.nextInt(10) == 0 ? 15_000 : 1_500)));
    }
  }

  private void send(Side side) {
    CompletableFuture<SendResult> future = new CompletableFuture<>();
    side.unanswered.put(future, clock.instant());
    byte[] payload = ByteBuffer.allocate(16).putLong(nextKey++).array();
    apply(side, side.engine.send(side.peer.did(), payload, future));
  }

  /** Opens (or, while chaos reigns, sometimes fails) the connections the engine asked for. */
  private void connectPending(Side side) {
    List<Integer> requests = List.copyOf(side.connectRequests);
    side.connectRequests.clear();
    for (int gen : requests) {
      if (chaos && random.nextInt(4) == 0) {
        apply(side, side.engine.connectFailed(gen, new TransportException(TransportError.RELAY_UNREACHABLE, "chaos: refused")));
      } else if (side.engine.isCurrent(gen)) {
        side.open = gen;
        side.arrivals = 0;
        side.registered = false;
        apply(side, side.engine.connected(gen));
      }
    }
  }

  /** The relay reads the oldest frame {@code side} wrote and acts on it. */
  private void relayReads(Side side) {
    byte[] bytes = side.written.poll();
    if (bytes == null) {
      return;
    }
    JsonNode frame = json(bytes);
    String type = frame.path("type").asText();
    String messageId = frame.path("messageId").asText();
    if (type.equals("register")) {
      int roll = chaos ? random.nextInt(20) : 0;
      if (roll == 0 || roll > 2) {
        side.registered = true;
        push(side, status(side, "register", messageId, 200));
      } else if (roll == 1) {
        push(side, status(side, "register", messageId, 503));
      } // else: never answered
      return;
    }
    if (type.equals("heartbeat")) {
      if (!chaos || random.nextInt(5) > 0) {
        ObjectNode pong = Frames.header("heartbeat", clock.instant(), "pong-" + secure.nextInt());
        pong.put("message", "pong");
        push(side, pong);
      }
      return;
    }
    if (type.equals("response") && frame.path("code").asInt() == 200) {
      return; // an acknowledgement (or the declaration): the relay takes it
    }
    if (!side.registered) {
      return; // a relay ignores routed frames of a connection not registered yet
    }
    Side to = side.peer;
    int roll = chaos ? random.nextInt(100) : 0;
    if (roll >= 90) {
      return; // lost without a word
    }
    int code = roll < 65 ? (to.open != 0 && to.registered ? 200 : 202) : roll < 75 ? 202 : RELAY_ERRORS[random.nextInt(RELAY_ERRORS.length)];
    if (code == 200 && to.open != 0 && to.registered) {
      push(to, (ObjectNode) frame.deepCopy());
      if (chaos && random.nextInt(10) == 0) {
        push(to, (ObjectNode) frame.deepCopy()); // and repeated
      }
    } else if (code == 200) {
      code = 202;
    }
    if (!type.equals("response")) {
      push(side, status(side, type, messageId, code));
    } else if (code == 200) {
      return;
    }
    if (code == 202) {
      // Queued: delivered (with a late 200) or expired (504) when the relay gets round to it.
      Side sender = side;
      later.add(() -> {
        if (sender.peer.open != 0 && sender.peer.registered && (!chaos || random.nextBoolean())) {
          push(sender.peer, (ObjectNode) frame.deepCopy());
          push(sender, status(sender, type, messageId, 200));
        } else {
          push(sender, status(sender, type, messageId, 504));
        }
      });
    }
  }

  /** Advances the clock by {@code by}, waking each engine at every deadline it asks for, as a driver would. */
  private void advance(Duration by) {
    Instant until = clock.instant().plus(by);
    while (true) {
      Instant next = until;
      for (Side side : sides) {
        Instant due = side.engine.nextDeadline();
        next = due.isBefore(next) ? due : next;
      }
      if (next.isAfter(clock.instant())) {
        clock.advance(Duration.between(clock.instant(), next));
      }
      List<Runnable> due = List.copyOf(later);
      later.clear();
      due.forEach(Runnable::run);
      for (Side side : sides) {
        resolveWaiting(side);
        if (side.open != 0 && (!chaos || random.nextInt(3) > 0)) {
          side.engine.heard(clock.instant());
        }
        apply(side, side.engine.tick(clock.instant()));
        assertAnsweredInTime(side);
      }
      if (!clock.instant().isBefore(until)) {
        return;
      }
    }
  }

  private void resolveWaiting(Side side) {
    List<Effect.Await> ready = List.copyOf(side.waiting);
    side.waiting.clear();
    for (Effect.Await a : ready) {
      E2eEndpoint.Output out = null;
      Throwable error = null;
      try {
        out = a.output().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        error = e;
      }
      apply(side, side.engine.resolved(a.token(), out, error));
    }
  }

  /** The relay pushes {@code frame} to {@code to}'s open connection. */
  private void push(Side to, ObjectNode frame) {
    if (to.open == 0) {
      return;
    }
    byte[] bytes = frame.toString().getBytes(StandardCharsets.UTF_8);
    RelayFrame parsed = RelayFrames.parse(bytes, RelayFrames.DEFAULT_MAX_BYTES);
    Inbound in = new Inbound(to.open, ++to.arrivals, Optional.of(parsed),
        parsed instanceof RoutedFrame r ? AckTarget.of(r) : Optional.empty(), "");
    apply(to, to.engine.receive(List.of(in)));
  }

  private ObjectNode status(Side to, String originalType, String originalMessageId, int code) {
    ObjectNode json = Frames.header("response", clock.instant(), "r-" + secure.nextInt());
    json.put("sourceDid", RELAY_DID);
    json.put("destinationDid", to.did());
    json.put("originalType", originalType);
    json.put("originalMessageId", originalMessageId);
    json.put("code", code);
    return json;
  }

  /** Carries out the effects as a driver would. */
  private void apply(Side side, List<Effect> effects) {
    for (Effect effect : effects) {
      if (effect instanceof Effect.Write w) {
        if (side.open != 0) {
          side.written.add(w.frame());
        }
      } else if (effect instanceof Effect.Connect c) {
        side.connectRequests.add(c.generation());
      } else if (effect instanceof Effect.Disconnect) {
        side.open = 0;
        side.registered = false;
        side.written.clear();
      } else if (effect instanceof Effect.Await a) {
        side.waiting.add(a);
      } else if (effect instanceof Effect.SendCompleted c) {
        assertThat(side.unanswered.remove(c.future())).as("a send answered twice or never made").isNotNull();
        answers.merge(c.result().status().toString(), 1, Integer::sum);
        if (c.result().status() == DeliveryStatus.QUEUED) {
          side.queued.put(c.result().messageId(), clock.instant());
        }
      } else if (effect instanceof Effect.SendFailed f) {
        assertThat(side.unanswered.remove(f.future())).as("a send failed twice or never made").isNotNull();
        answers.merge(f.error().code().toString(), 1, Integer::sum);
      } else if (effect instanceof Effect.Updated u) {
        side.queued.remove(u.result().messageId());
      } else if (effect instanceof Effect.Delivered d) {
        side.received.merge(ByteBuffer.wrap(d.message().payload()).getLong(), 1, Integer::sum);
      }
    }
  }

  private void assertAnsweredInTime(Side side) {
    Instant now = clock.instant();
    side.unanswered.forEach((future, sentAt) -> assertThat(now.isAfter(sentAt.plus(ANSWER_BOUND)))
        .as("seed %d (step %d%s): a send of %s made at %s is still unanswered at %s", seed, step, chaos ? "" : " after the calm",
            side.did(), sentAt, now)
        .isFalse());
  }

  private static JsonNode json(byte[] frame) {
    try {
      return StrictJson.mapper().readTree(frame);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
