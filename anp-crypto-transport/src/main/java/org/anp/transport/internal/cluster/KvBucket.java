package org.anp.transport.internal.cluster;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.KeyValueOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.cluster.ClusterConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JetStream key-value bucket of "seen once" entries: each key holds the instant it expires
 * (epoch milliseconds as text), one revision per key, on file storage, bounded in bytes, and the
 * bucket's max age removes entries by itself after the retention (nats-server 2.9 has no per-key
 * TTL; the bucket's max age is the retention of every key).
 *
 * <p>{@link #insertIfAbsent} is atomic across every client of the bucket: {@code KeyValue.create}
 * succeeds only if the key holds nothing, and a key whose entry expired but was not yet removed by
 * the server is replaced only by a compare-and-set on its revision, so of concurrent callers
 * exactly one wins. Every failure to reach the server in time (disconnected, timeout, JetStream
 * not answering) is a {@link TransportException} {@code CLUSTER_UNAVAILABLE}: callers fail closed.
 * Thread-safe.
 */
public final class KvBucket {
  private static final Logger log = LoggerFactory.getLogger(KvBucket.class);
  // JetStream API error codes (nats-server errors.json).
  private static final int STREAM_NOT_FOUND = 10059;
  private static final int STREAM_NAME_IN_USE = 10058;
  private static final int WRONG_LAST_SEQUENCE = 10071;
  private static final int ATTEMPTS = 3;

  /** What {@link #insertIfAbsent} did. */
  public enum Insert {
    /** The key was absent (or expired) and now holds the entry. */
    INSERTED,
    /** The key holds a live entry: the caller saw a replay. */
    PRESENT,
    /** The bucket is at its byte bound: nothing was recorded. */
    FULL
  }

  private final ClusterConnection connection;
  private final String name;
  private final Duration maxAge;
  private final KeyValue kv;

  private KvBucket(ClusterConnection connection, String name, Duration maxAge, KeyValue kv) {
    this.connection = connection;
    this.name = name;
    this.maxAge = maxAge;
    this.kv = kv;
  }

  /**
   * Opens bucket {@code name}, creating it with max age {@code maxAge} and {@code maxBytes} if it
   * does not exist. An existing bucket whose max age is shorter is lengthened to {@code maxAge}
   * (never shortened: a longer age only keeps entries longer, which is safe); its byte bound is
   * left as it is.
   *
   * @throws TransportException {@code CLUSTER_UNAVAILABLE} if JetStream does not answer
   */
  public static KvBucket open(ClusterConnection connection, String name, Duration maxAge, long maxBytes) {
    Objects.requireNonNull(connection, "connection");
    KvKeys.bucket(name);
    try {
      KeyValueOptions options = KeyValueOptions.builder().jsRequestTimeout(connection.requestTimeout()).build();
      KeyValueManagement kvm = connection.nats().keyValueManagement(options);
      KeyValueStatus status = existing(kvm, name).orElse(null);
      if (status == null) {
        KeyValueConfiguration config = KeyValueConfiguration.builder()
            .name(name)
            .description("ANP replay protection: entries seen once, kept " + maxAge.toSeconds() + " s")
            .maxHistoryPerKey(1)
            .ttl(maxAge)
            .maxBucketSize(maxBytes)
            .storageType(StorageType.File)
            .build();
        try {
          status = kvm.create(config);
          log.info("created key-value bucket {} (max age {} s, {} bytes)", name, maxAge.toSeconds(), maxBytes);
        } catch (JetStreamApiException e) {
          if (e.getApiErrorCode() != STREAM_NAME_IN_USE) {
            throw e;
          }
          status = existing(kvm, name).orElseThrow(() -> e); // created meanwhile by another instance
        }
      }
      if (status.getTtl().compareTo(maxAge) < 0) {
        log.info("lengthening key-value bucket {} max age from {} s to {} s",
            name, status.getTtl().toSeconds(), maxAge.toSeconds());
        kvm.update(KeyValueConfiguration.builder(status.getConfiguration()).ttl(maxAge).build());
      }
      return new KvBucket(connection, name, maxAge, connection.nats().keyValue(name, options));
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      throw unavailable("cannot open key-value bucket " + name, e);
    }
  }

  /** The bucket's name. */
  public String name() {
    return name;
  }

  /**
   * Records {@code key} until {@code expiresAt} unless it holds an entry live at {@code now}.
   *
   * @throws TransportException {@code CLUSTER_UNAVAILABLE} if the server cannot be asked
   */
  public Insert insertIfAbsent(String key, Instant expiresAt, Instant now) {
    byte[] value = Long.toString(expiresAt.toEpochMilli()).getBytes(StandardCharsets.US_ASCII);
    checkConnected();
    try {
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        try {
          kv.create(key, value);
          return Insert.INSERTED;
        } catch (JetStreamApiException e) {
          if (full(e)) {
            return Insert.FULL;
          }
          if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
            throw e;
          }
        }
        KeyValueEntry entry = kv.get(key);
        if (entry == null) {
          continue; // removed by its max age between the two calls: create again
        }
        if (expiry(entry).isAfter(now)) {
          return Insert.PRESENT;
        }
        try {
          kv.update(key, value, entry.getRevision()); // expired but not yet removed by the server
          return Insert.INSERTED;
        } catch (JetStreamApiException e) {
          if (full(e)) {
            return Insert.FULL;
          }
          if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
            throw e;
          }
          return Insert.PRESENT; // another caller replaced it first
        }
      }
      throw unavailable("key-value bucket " + name + ": the key kept changing", null);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      if (e instanceof TransportException te) {
        throw te;
      }
      suspect(e);
      throw unavailable("key-value bucket " + name + " did not record the entry", e);
    }
  }

  /**
   * Whether {@code key} holds an entry live at {@code now}.
   *
   * @throws TransportException {@code CLUSTER_UNAVAILABLE} if the server cannot be asked
   */
  public boolean containsLive(String key, Instant now) {
    checkConnected();
    try {
      KeyValueEntry entry = kv.get(key);
      return entry != null && expiry(entry).isAfter(now);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      suspect(e);
      throw unavailable("key-value bucket " + name + " did not answer a lookup", e);
    }
  }

  // The recorded expiry; for a value that is not ours, the server's creation time plus the max age.
  private Instant expiry(KeyValueEntry entry) {
    if (entry.getOperation() != KeyValueOperation.PUT) {
      return Instant.MIN;
    }
    byte[] value = entry.getValue();
    if (value != null) {
      try {
        return Instant.ofEpochMilli(Long.parseLong(new String(value, StandardCharsets.US_ASCII)));
      } catch (NumberFormatException e) {
        // not written by this class: fall back on the server's time stamp
      }
    }
    return entry.getCreated().toInstant().plus(maxAge);
  }

  // A request that timed out on a connection that says it is up may be on a half-broken
  // connection: have it re-established (ClusterConnection.reconnect is rate-limited).
  private void suspect(Exception e) {
    if (e instanceof IOException) {
      connection.reconnect();
    }
  }

  private void checkConnected() {
    if (!connection.isConnected()) {
      throw unavailable("not connected to NATS server " + connection.url() + " (reconnecting)", null);
    }
  }

  private static boolean full(JetStreamApiException e) {
    String description = String.valueOf(e.getErrorDescription());
    return description.contains("maximum bytes") || description.contains("maximum messages");
  }

  private static Optional<KeyValueStatus> existing(KeyValueManagement kvm, String name)
      throws IOException, JetStreamApiException {
    try {
      return Optional.of(kvm.getStatus(name));
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static TransportException unavailable(String what, Exception cause) {
    String reason = cause == null ? "" : ": " + cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : " " + cause.getMessage());
    return new TransportException(TransportError.CLUSTER_UNAVAILABLE, what + reason, cause);
  }
}
