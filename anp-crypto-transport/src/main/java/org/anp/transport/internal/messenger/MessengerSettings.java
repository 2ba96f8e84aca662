package org.anp.transport.internal.messenger;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.anp.identity.resolve.DidResolver;
import org.anp.transport.messenger.LocalIdentity;
import org.anp.transport.spi.HelloExtensions;
import org.anp.transport.spi.MessageTransport;

/** Everything a {@link MessengerDriver} is configured with, validated by the public builder. */
public record MessengerSettings(
    LocalIdentity identity,
    MessageTransport transport,
    Optional<DidResolver> resolver,
    HelloExtensions helloExtensions,
    Clock clock,
    SecureRandom random,
    Duration sendTimeout,
    Duration handshakeTimeout,
    Duration heartbeatInterval,
    int missedHeartbeats,
    Backoff backoff,
    int maxInFlight,
    int maxFrameBytes,
    Duration queuedResendWindow,
    Optional<Executor> callbackExecutor,
    Optional<ScheduledExecutorService> executor) {
  public MessengerSettings {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(resolver, "resolver");
    Objects.requireNonNull(helloExtensions, "helloExtensions");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(sendTimeout, "sendTimeout");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(queuedResendWindow, "queuedResendWindow");
    Objects.requireNonNull(callbackExecutor, "callbackExecutor");
    Objects.requireNonNull(executor, "executor");
  }
}
