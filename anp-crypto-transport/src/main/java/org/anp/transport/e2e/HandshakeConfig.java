package org.anp.transport.e2e;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.anp.identity.did.Did;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.transport.spi.HelloExtensions;

/**
 * What a handshake engine needs to know about the local party and its policy: its DID, DID
 * signing key (P-256) and verification-method id, the key binding rule for peers, the injected
 * clock, randomness and hello replay cache, the hook that builds the hellos' {@code metaProtocol}
 * blocks, and the limits. Immutable and shareable: engines
 * built from one config share its replay cache.
 */
public final class HandshakeConfig {
  private final Did localDid;
  private final PrivateKeyMaterial signingKey;
  private final String verificationMethodId;
  private final HelloKeyBinding keyBinding;
  private final Clock clock;
  private final SecureRandom random;
  private final HelloReplayCache replayCache;
  private final Duration keyLifetime;
  private final Duration helloWindow;
  private final Duration handshakeTimeout;
  private final SessionLimits sessionLimits;
  private final HelloExtensions helloExtensions;
  private final Optional<FixedHandshakeValues> fixedValues;

  private HandshakeConfig(Builder b) {
    this.localDid = b.localDid;
    this.signingKey = b.signingKey;
    this.verificationMethodId = b.verificationMethodId;
    this.keyBinding = b.keyBinding;
    this.clock = b.clock;
    this.random = b.random;
    this.replayCache = b.replayCache != null ? b.replayCache : HelloReplayCache.inMemory(100_000, b.clock);
    this.keyLifetime = b.keyLifetime;
    this.helloWindow = b.helloWindow;
    this.handshakeTimeout = b.handshakeTimeout;
    this.sessionLimits = b.sessionLimits;
    this.helloExtensions = b.helloExtensions;
    this.fixedValues = b.fixedValues;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values (the replay cache is shared, not copied). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.localDid = localDid;
    b.signingKey = signingKey;
    b.verificationMethodId = verificationMethodId;
    b.keyBinding = keyBinding;
    b.clock = clock;
    b.random = random;
    b.replayCache = replayCache;
    b.keyLifetime = keyLifetime;
    b.helloWindow = helloWindow;
    b.handshakeTimeout = handshakeTimeout;
    b.sessionLimits = sessionLimits;
    b.helloExtensions = helloExtensions;
    b.fixedValues = fixedValues;
    return b;
  }

  public Did localDid() {
    return localDid;
  }

  /** The DID signing key; the caller keeps ownership (it is not destroyed by the engine). */
  public PrivateKeyMaterial signingKey() {
    return signingKey;
  }

  public String verificationMethodId() {
    return verificationMethodId;
  }

  public HelloKeyBinding keyBinding() {
    return keyBinding;
  }

  public Clock clock() {
    return clock;
  }

  public SecureRandom random() {
    return random;
  }

  public HelloReplayCache replayCache() {
    return replayCache;
  }

  /** The lifetime this side asks for in its key share's {@code expires}. */
  public Duration keyLifetime() {
    return keyLifetime;
  }

  /** Largest accepted distance between a hello's {@code proof.created} and now. */
  public Duration helloWindow() {
    return helloWindow;
  }

  /** Time from start (or from the sourceHello) within which the handshake must complete. */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  public SessionLimits sessionLimits() {
    return sessionLimits;
  }

  /** Builds the {@code metaProtocol} block of each hello we send; {@link HelloExtensions#NONE} by default. */
  public HelloExtensions helloExtensions() {
    return helloExtensions;
  }

  /** The fixed ephemeral key, random and session id, if set for vector reproduction. */
  public Optional<FixedHandshakeValues> insecureFixedValues() {
    return fixedValues;
  }

  /**
   * Values that a handshake normally draws at random, fixed so that a recorded handshake can be
   * replayed through the engine (conformance vectors). Never use outside tests and vector
   * tooling: a fixed ephemeral key loses forward secrecy and a fixed random defeats replay
   * protection.
   *
   * @param ephemeralKey the P-256 ephemeral key of the key share
   * @param random the hello {@code random}
   * @param sessionId the session id an initiator uses (ignored by a responder)
   */
  public record FixedHandshakeValues(PrivateKeyMaterial ephemeralKey, String random, String sessionId) {
    public FixedHandshakeValues {
      Objects.requireNonNull(ephemeralKey, "ephemeralKey");
      Objects.requireNonNull(random, "random");
      Objects.requireNonNull(sessionId, "sessionId");
    }
  }

  /**
   * Builder. {@code localDid}, {@code signingKey}, {@code verificationMethodId} and
   * {@code keyBinding} are required; the rest default to the system UTC clock, a new
   * {@link SecureRandom}, a 100,000-entry in-memory replay cache, a 864,000 s (10 day) key
   * lifetime, a 30 s hello window (the reference SDK's), a 10 s handshake timeout and
   * {@link SessionLimits#DEFAULT}. Not thread-safe.
   */
  public static final class Builder {
    private Did localDid;
    private PrivateKeyMaterial signingKey;
    private String verificationMethodId;
    private HelloKeyBinding keyBinding;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random;
    private HelloReplayCache replayCache;
    private Duration keyLifetime = Duration.ofSeconds(864_000);
    private Duration helloWindow = Duration.ofSeconds(30);
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private SessionLimits sessionLimits = SessionLimits.DEFAULT;
    private HelloExtensions helloExtensions = HelloExtensions.NONE;
    private Optional<FixedHandshakeValues> fixedValues = Optional.empty();

    private Builder() {}

    /** Fixes the handshake's random values; see {@link FixedHandshakeValues}. Tests only. */
    public Builder insecureFixedValues(FixedHandshakeValues values) {
      this.fixedValues = Optional.of(values);
      return this;
    }

    /**
     * The local DID, its P-256 signing key and the id of the verification method holding that
     * key (must start with {@code did + "#"}).
     */
    public Builder identity(Did did, PrivateKeyMaterial signingKey, String verificationMethodId) {
      this.localDid = Objects.requireNonNull(did, "did");
      this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
      this.verificationMethodId = Objects.requireNonNull(verificationMethodId, "verificationMethodId");
      return this;
    }

    public Builder keyBinding(HelloKeyBinding keyBinding) {
      this.keyBinding = Objects.requireNonNull(keyBinding, "keyBinding");
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

    public Builder replayCache(HelloReplayCache replayCache) {
      this.replayCache = Objects.requireNonNull(replayCache, "replayCache");
      return this;
    }

    /** 1 second to 2^31-1 seconds. */
    public Builder keyLifetime(Duration keyLifetime) {
      this.keyLifetime = Objects.requireNonNull(keyLifetime, "keyLifetime");
      return this;
    }

    public Builder helloWindow(Duration helloWindow) {
      this.helloWindow = Objects.requireNonNull(helloWindow, "helloWindow");
      return this;
    }

    public Builder handshakeTimeout(Duration handshakeTimeout) {
      this.handshakeTimeout = Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
      return this;
    }

    public Builder sessionLimits(SessionLimits sessionLimits) {
      this.sessionLimits = Objects.requireNonNull(sessionLimits, "sessionLimits");
      return this;
    }

    /** The per-peer {@code metaProtocol} blocks of our hellos (spec/meta-protocol.md section 5). */
    public Builder helloExtensions(HelloExtensions helloExtensions) {
      this.helloExtensions = Objects.requireNonNull(helloExtensions, "helloExtensions");
      return this;
    }

    /**
     * @throws IllegalStateException if a required value is missing, the key is not P-256, the
     *     verification-method id is not under the DID, or a duration is out of range
     */
    public HandshakeConfig build() {
      if (localDid == null || keyBinding == null) {
        throw new IllegalStateException("identity(...) and keyBinding(...) are required");
      }
      if (signingKey.type() != KeyType.SECP256R1) {
        throw new IllegalStateException("signingKey: E2E hellos are signed with P-256, not " + signingKey.type());
      }
      if (!verificationMethodId.startsWith(localDid + "#")) {
        throw new IllegalStateException("verificationMethodId: not under " + localDid);
      }
      long lifetime = keyLifetime.getSeconds();
      if (lifetime < 1 || lifetime > Integer.MAX_VALUE) {
        throw new IllegalStateException("keyLifetime: " + keyLifetime + " not in 1 s..2^31-1 s");
      }
      if (helloWindow.isNegative() || handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
        throw new IllegalStateException("helloWindow and handshakeTimeout must be positive");
      }
      if (random == null) {
        random = new SecureRandom();
      }
      return new HandshakeConfig(this);
    }
  }
}
