package org.anp.transport.messenger;

import org.anp.transport.e2e.ReceivedMessage;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.anp.identity.did.Did;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.transport.TransportException;
import org.anp.transport.internal.messenger.Backoff;
import org.anp.transport.internal.messenger.MessengerDriver;
import org.anp.transport.internal.messenger.MessengerSettings;
import org.anp.transport.internal.messenger.NettyWebSocketTransport;
import org.anp.transport.relay.RelayFrames;
import org.anp.transport.e2e.SessionEstablished;
import org.anp.transport.spi.HelloExtensions;
import org.anp.transport.spi.MessageTransport;

/**
 * An agent's end of the message service (spec/e2e-transport.md sections 6-10, decision record
 * 0004): sends end-to-end encrypted payloads to any DID through one relay and hands decrypted
 * payloads from peers to the application.
 *
 * <pre>{@code
 * AgentMessenger messenger = AgentMessenger.builder().identity(me).relay(uri).resolver(r).build();
 * messenger.onMessage(m -> ...);            // decrypted payloads with the sender's DID
 * messenger.send(peerDid, bytes).join();    // DELIVERED or QUEUED
 * }</pre>
 *
 * <p>Underneath: one connection to the relay, registered with a signed router entry and kept
 * alive with heartbeats; after a drop it reconnects with exponential backoff and jitter,
 * registers again and resends every frame the relay had not answered (or had queued). The E2E
 * handshake runs through the relay on first contact with a peer and again when a key expires or
 * the peer no longer knows it. Resends make the wire at-least-once; receivers drop repeats, so
 * each payload reaches the peer's application once.
 *
 * <p>Every send future completes: with {@link DeliveryStatus#DELIVERED} or
 * {@link DeliveryStatus#QUEUED} when the relay answers 200 or 202, or with a
 * {@link TransportException} whose code says why: {@code DID_NOT_FOUND} (relay 404),
 * {@code FORBIDDEN} (403), {@code INVALID_MESSAGE} (400), {@code MESSAGE_TOO_LARGE} (413 or over
 * the local frame limit), {@code RATE_LIMITED} (429), {@code QUEUE_FULL} (503),
 * {@code SEND_TIMEOUT} (no answer within the send timeout), {@code DELIVERY_FAILED} (the handshake
 * failed or timed out), {@code SERVICE_UNAVAILABLE} (closed, or too many sends in flight). When
 * the relay cannot be used, sends waiting for it and later ones fail at once (the messenger keeps
 * reconnecting in the background, and sends work again after a successful registration):
 * {@code REGISTRATION_REFUSED} (the relay refused the registration; its reason in the message),
 * and, until a first registration succeeded, {@code RELAY_UNREACHABLE} (nothing listens, unknown
 * host, connect timeout) or {@code NOT_A_RELAY} (the URL answers, but not as a WebSocket
 * endpoint, e.g. a wrong path). After a first registration a lost connection is waited through
 * (reconnects and resends) until the send timeout. A
 * queued payload gets one later {@linkplain #onDeliveryUpdate update}: delivered or expired.
 * A first payload for a peer that is offline (the relay queued our hello) is reported queued too;
 * the messenger keeps it and retries the handshake (a fresh hello after each handshake timeout,
 * with backoff up to 20 s, and at once when the relay reports a queued hello delivered) until
 * the queued resend window has passed, then reports it expired (decision record 0005). A
 * delivered status means the peer's messenger received the frame and acknowledged it to its
 * relay (decision record 0006: every messenger acknowledges each frame it receives, repeats
 * included); a peer that then cannot decrypt it triggers a renegotiation and a resend, at most 3
 * times (decision record 0008), which the future does not wait for; if the peer still refuses it,
 * a {@link DeliveryStatus#REFUSED} update follows.
 *
 * <p>Threads: by default a messenger owns three (its loop, its callbacks and its WebSocket
 * client's event loop); many messengers in one JVM can share the few threads of one
 * {@link MessengerRuntime} instead ({@link Builder#runtime}). The logic
 * itself is a sans-IO engine driven on the loop, with timers on the configured clock.
 *
 * <p>Thread-safe. Futures complete and listeners run on the callback executor (by default one
 * thread owned by the messenger), one at a time and in the order events happened, so payloads of
 * one sender arrive in the order sent; listeners must not block it for long. Call
 * {@link #close()} when done.
 */
public final class AgentMessenger implements AutoCloseable {
  private final MessengerDriver core;

  private AgentMessenger(MessengerDriver core) {
    this.core = core;
  }

  /** A builder; identity and relay (or transport) are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The local DID. */
  public Did localDid() {
    return core.localDid();
  }

  /**
   * Connects to the relay and registers, if not done yet; {@link #send} does this by itself.
   * The future completes on the first successful registration and fails with a
   * {@link TransportException} if the first connection attempt fails ({@code RELAY_UNREACHABLE},
   * {@code NOT_A_RELAY}) or the relay refuses the registration ({@code REGISTRATION_REFUSED});
   * the messenger keeps retrying in the background either way.
   */
  public CompletableFuture<Void> start() {
    return core.start();
  }

  /** Adds a listener for decrypted payloads. Add listeners before the first send or start. */
  public void onMessage(Consumer<ReceivedMessage> listener) {
    core.onMessage(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Adds a listener told each time an E2E session with a peer is established (either role), with
   * the {@code metaProtocol} block of the peer's hello (see {@link Builder#helloExtensions}). It
   * runs on the callback executor before any payload that waited for that session is reported,
   * and before the peer's payloads under the session's key are delivered. Add listeners before
   * the first send or start.
   */
  public void onSessionEstablished(Consumer<SessionEstablished> listener) {
    core.onSessionEstablished(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Adds a listener for the final status of payloads whose send future completed
   * {@link DeliveryStatus#QUEUED}: {@link DeliveryStatus#DELIVERED} or
   * {@link DeliveryStatus#EXPIRED}; and a payload reported delivered that its peer could not
   * decrypt and that could not be resent: {@link DeliveryStatus#REFUSED}.
   */
  public void onDeliveryUpdate(Consumer<SendResult> listener) {
    core.onDeliveryUpdate(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Encrypts {@code payload} for {@code peerDid} and sends it through the relay (handshaking
   * first if needed). See the class description for how the future completes. The payload's
   * bytes reach the peer's application unchanged (for ANP, a meta-protocol frame whose first byte
   * is its header).
   */
  public CompletableFuture<SendResult> send(Did peerDid, byte[] payload) {
    Objects.requireNonNull(peerDid, "peerDid");
    Objects.requireNonNull(payload, "payload");
    return core.send(peerDid, payload);
  }

  /**
   * Closes the connection and releases the threads. Sends still waiting fail with
   * {@code SERVICE_UNAVAILABLE}; later calls fail the same way. Idempotent.
   */
  @Override
  public void close() {
    core.close();
  }

  @Override
  public String toString() {
    return "AgentMessenger[" + core.localDid() + "]";
  }

  /**
   * Builds an {@link AgentMessenger}. Defaults: system UTC clock, a {@link SecureRandom} of its
   * own (DRBG: many messengers sharing one generator, or the JDK's NativePRNG with its process-wide
   * lock, wait for each other under load),
   * send timeout 30 s, handshake timeout 10 s, heartbeat every 15 s with the connection dropped
   * after 3 silent intervals, reconnect backoff 250 ms to 30 s, at most 10,000 sends in flight,
   * frames up to 1 MiB, queued frames resent after a reconnect for 10 minutes, callbacks on a
   * messenger-owned thread. Without a resolver only did:all peers can be verified. Not
   * thread-safe.
   */
  public static final class Builder {
    private LocalIdentity identity;
    private URI relay;
    private MessageTransport transport;
    private DidResolver resolver;
    private HelloExtensions helloExtensions = HelloExtensions.NONE;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random;
    private Duration sendTimeout = Duration.ofSeconds(30);
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration heartbeatInterval = Duration.ofSeconds(15);
    private int missedHeartbeats = 3;
    private Duration backoffMin = Duration.ofMillis(250);
    private Duration backoffMax = Duration.ofSeconds(30);
    private int maxInFlight = 10_000;
    private int maxFrameBytes = RelayFrames.DEFAULT_MAX_BYTES;
    private Duration queuedResendWindow = Duration.ofMinutes(10);
    private Executor callbackExecutor;
    private MessengerRuntime runtime;

    private Builder() {}

    /** The local identity (required). */
    public Builder identity(LocalIdentity identity) {
      this.identity = Objects.requireNonNull(identity, "identity");
      return this;
    }

    /** {@link #identity(LocalIdentity)} with {@link LocalIdentity#from(DidWbaIdentity)}. */
    public Builder identity(DidWbaIdentity identity) {
      return identity(LocalIdentity.from(identity));
    }

    /** {@link #identity(LocalIdentity)} with {@link LocalIdentity#from(DidAllIdentity)}. */
    public Builder identity(DidAllIdentity identity) {
      return identity(LocalIdentity.from(identity));
    }

    /** The relay's WebSocket URL, {@code ws://} or {@code wss://}; or use {@link #transport}. */
    public Builder relay(URI relay) {
      Objects.requireNonNull(relay, "relay");
      String scheme = Optional.ofNullable(relay.getScheme()).orElse("").toLowerCase(Locale.ROOT);
      if (!scheme.equals("ws") && !scheme.equals("wss") || relay.getHost() == null) {
        throw new IllegalArgumentException("relay: need a ws:// or wss:// URL with a host, got " + relay);
      }
      this.relay = relay;
      return this;
    }

    /** A custom transport to the relay instead of the built-in WebSocket client; closed with the messenger. */
    public Builder transport(MessageTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /** Resolves peers' DID documents to verify their hellos (did:wba needs one). */
    public Builder resolver(DidResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * Builds the {@code metaProtocol} block of each hello per peer (spec/meta-protocol.md section
     * 5); none by default. Runs on the messenger's thread: it must not block.
     */
    public Builder helloExtensions(HelloExtensions helloExtensions) {
      this.helloExtensions = Objects.requireNonNull(helloExtensions, "helloExtensions");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** How long a send may wait for the relay's first answer (connecting and handshaking included). */
    public Builder sendTimeout(Duration sendTimeout) {
      this.sendTimeout = positive(sendTimeout, "sendTimeout");
      return this;
    }

    /** How long an E2E handshake may take before the payloads waiting for it fail. */
    public Builder handshakeTimeout(Duration handshakeTimeout) {
      this.handshakeTimeout = positive(handshakeTimeout, "handshakeTimeout");
      return this;
    }

    /** How long opening the WebSocket (TCP, TLS and upgrade) may take; built-in transport only. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * Ping interval, and how many intervals without any frame from the relay end the connection
     * (1 to 100).
     */
    public Builder heartbeat(Duration interval, int missedBeforeReconnect) {
      this.heartbeatInterval = positive(interval, "interval");
      if (missedBeforeReconnect < 1 || missedBeforeReconnect > 100) {
        throw new IllegalArgumentException("missedBeforeReconnect must be 1..100: " + missedBeforeReconnect);
      }
      this.missedHeartbeats = missedBeforeReconnect;
      return this;
    }

    /** Reconnect delays double from {@code min} up to {@code max}, each with random jitter. */
    public Builder reconnectBackoff(Duration min, Duration max) {
      this.backoffMin = positive(min, "min");
      this.backoffMax = positive(max, "max");
      if (max.compareTo(min) < 0) {
        throw new IllegalArgumentException("reconnectBackoff: max " + max + " < min " + min);
      }
      return this;
    }

    /** Most sends waiting for the relay's first answer; one more fails at once. At least 1. */
    public Builder maxInFlight(int maxInFlight) {
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("maxInFlight must be positive: " + maxInFlight);
      }
      this.maxInFlight = maxInFlight;
      return this;
    }

    /** Largest frame sent or accepted, in bytes; 4 KiB to 64 MiB. */
    public Builder maxFrameBytes(int maxFrameBytes) {
      if (maxFrameBytes < 4096 || maxFrameBytes > 64 << 20) {
        throw new IllegalArgumentException("maxFrameBytes must be 4 KiB..64 MiB: " + maxFrameBytes);
      }
      this.maxFrameBytes = maxFrameBytes;
      return this;
    }

    /**
     * How long a frame the relay queued (202) is resent after reconnects until its final status,
     * and how long a payload for an offline peer of first contact waits for a handshake.
     */
    public Builder queuedResendWindow(Duration window) {
      this.queuedResendWindow = positive(window, "window");
      return this;
    }

    /**
     * Runs the messenger on {@code runtime}'s shared threads: its loop and timers (and, without a
     * {@link #callbackExecutor}, its callbacks, still one at a time and in order) on the
     * runtime's pool, and the built-in WebSocket client on the runtime's event-loop group. The
     * messenger starts no thread of its own, and {@link AgentMessenger#close()} leaves the
     * runtime running. Default: three threads of its own (loop, callbacks, WebSocket client).
     */
    public Builder runtime(MessengerRuntime runtime) {
      this.runtime = Objects.requireNonNull(runtime, "runtime");
      return this;
    }

    /** Where futures complete and listeners run; keep it single-threaded to keep the order. */
    public Builder callbackExecutor(Executor executor) {
      this.callbackExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Builds the messenger; it connects on {@link AgentMessenger#start()} or the first send.
     *
     * @throws IllegalStateException without an identity, without a relay or transport, or on a closed runtime
     */
    public AgentMessenger build() {
      if (identity == null) {
        throw new IllegalStateException("identity(...) is required");
      }
      if (relay == null && transport == null) {
        throw new IllegalStateException("relay(...) or transport(...) is required");
      }
      if (runtime != null && runtime.isClosed()) {
        throw new IllegalStateException("runtime(...) is closed");
      }
      SecureRandom rng = random != null ? random : ownRandom();
      Optional<MessengerRuntime> shared = Optional.ofNullable(runtime);
      MessageTransport t = transport != null ? transport
          : new NettyWebSocketTransport(relay, connectTimeout, maxFrameBytes, shared.map(MessengerRuntime::eventLoopGroup));
      MessengerSettings settings = new MessengerSettings(
          identity, t, Optional.ofNullable(resolver), helloExtensions, clock, rng, sendTimeout, handshakeTimeout, heartbeatInterval,
          missedHeartbeats, new Backoff(backoffMin, backoffMax), maxInFlight, maxFrameBytes, queuedResendWindow,
          Optional.ofNullable(callbackExecutor), shared.map(MessengerRuntime::executor));
      return new AgentMessenger(new MessengerDriver(settings));
    }

    private static SecureRandom ownRandom() {
      try {
        return SecureRandom.getInstance("DRBG");
      } catch (java.security.NoSuchAlgorithmException e) {
        return new SecureRandom();
      }
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }
  }
}
