package org.anp.transport.cluster;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection to a NATS server with JetStream, shared by the stores of one process that
 * keep their state there ({@link JetStreamNonceStore}, {@link JetStreamHelloReplayCache}).
 *
 * <p>Opening fails at once, with {@link TransportError#CLUSTER_UNAVAILABLE} naming the URL, when
 * the server cannot be reached or does not answer JetStream requests; a process does not start
 * half-configured. Once open, a lost
 * connection is re-established for ever (every {@link Builder#reconnectWait} plus jitter) and
 * meanwhile the stores refuse to work (they fail closed); {@link #connected()} completes when it
 * is back. Thread-safe. Closing it is the owner's job; the stores never close it.
 */
public final class ClusterConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterConnection.class);

  private final String url;
  private final Duration requestTimeout;
  private final AtomicReference<CompletableFuture<Void>> up = new AtomicReference<>(new CompletableFuture<>());
  private final Connection nats;
  private volatile boolean ready;
  private final AtomicLong lastReconnect = new AtomicLong(System.nanoTime());

  private ClusterConnection(Builder b) {
    this.url = b.url;
    this.requestTimeout = b.requestTimeout;
    Options options = Options.builder()
        .server(b.url)
        .connectionName(b.name)
        .connectionTimeout(b.connectTimeout)
        .maxReconnects(-1)
        .reconnectWait(b.reconnectWait)
        .reconnectJitter(b.reconnectWait.dividedBy(4))
        .pingInterval(b.pingInterval)
        .maxPingsOut(2)
        .connectionListener(this::event)
        .errorListener(new QuietErrorListener())
        .build();
    try {
      this.nats = Nats.connect(options);
    } catch (IOException e) {
      throw new TransportException(TransportError.CLUSTER_UNAVAILABLE,
          "NATS server " + b.url + " unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException(TransportError.CLUSTER_UNAVAILABLE,
          "interrupted while connecting to NATS server " + b.url, e);
    }
    try {
      probe();
    } catch (IOException | JetStreamApiException e) {
      close();
      throw new TransportException(TransportError.CLUSTER_UNAVAILABLE, "NATS server " + b.url
          + " does not answer JetStream requests (is it started with --jetstream?): " + e.getMessage(), e);
    }
    ready = true;
    up.get().complete(null);
    log.info("connected to NATS server {} as {}", b.url, b.name);
  }

  /** Opens a connection to {@code url} ({@code nats://HOST:PORT}) with the default options. */
  public static ClusterConnection open(String url) {
    return builder().url(url).open();
  }

  /** A builder of connection options. */
  public static Builder builder() {
    return new Builder();
  }

  /** The URL this connection was opened to. */
  public String url() {
    return url;
  }

  /** How long one request to JetStream may take before it counts as a failure. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Whether the connection is up now and JetStream answered on it since it was (re-)established. */
  public boolean isConnected() {
    return ready && nats.getStatus() == Connection.Status.CONNECTED;
  }

  /**
   * A future that completes when the connection is up: at once if it is up now, otherwise when it
   * is re-established and JetStream has answered on it. It never fails; bound the wait with
   * {@code orTimeout}.
   */
  public CompletableFuture<Void> connected() {
    if (isConnected()) {
      return CompletableFuture.completedFuture(null);
    }
    // The DISCONNECTED event may not have been delivered yet: start waiting here, then look again
    // in case the RECONNECTED event was delivered in between.
    CompletableFuture<Void> next = up.updateAndGet(f -> f.isDone() ? new CompletableFuture<>() : f);
    if (isConnected()) {
      next.complete(null);
    }
    return next.copy();
  }

  /**
   * The underlying jnats connection, for other JetStream components of the same process. Do not
   * close it; close this object instead.
   */
  public Connection nats() {
    return nats;
  }

  /** Closes the connection; stores built on it fail closed from now on. Idempotent. */
  @Override
  public void close() {
    try {
      nats.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "ClusterConnection[" + url + ", " + nats.getStatus() + "]";
  }

  private void event(Connection connection, ConnectionListener.Events type) {
    switch (type) {
      case RECONNECTED -> background("anp-nats-reconnected", this::checkReconnected);
      case DISCONNECTED -> {
        ready = false;
        log.warn("lost the connection to NATS server {}; reconnecting", url);
        up.updateAndGet(f -> f.isDone() ? new CompletableFuture<>() : f);
      }
      default -> {
        // CONNECTED (handled by the constructor), RESUBSCRIBED, CLOSED, LAME_DUCK,
        // DISCOVERED_SERVERS: nothing to track
      }
    }
  }

  // After a server restart, jnats 2.25 with nats-server 2.9 sometimes keeps a reconnected
  // connection on which requests get no answer until its pings go stale (about four ping
  // intervals), while a new connection works at once. So a reconnection counts only once JetStream
  // answered on it; otherwise it is re-established at once.
  private void checkReconnected() {
    if (nats.getStatus() != Connection.Status.CONNECTED) {
      return;
    }
    try {
      probe();
      ready = true;
      up.get().complete(null);
      log.info("reconnected to NATS server {}", url);
    } catch (IOException | JetStreamApiException e) {
      log.warn("NATS server {} does not answer on the re-established connection; reconnecting", url);
      forceReconnect();
    }
  }

  /**
   * Re-establishes the connection in the background, for a caller whose request timed out on a
   * connection that says it is up (a half-broken connection otherwise lingers until its pings go
   * stale). Does nothing while the connection is down, and at most once per {@link
   * #requestTimeout()}.
   */
  public void reconnect() {
    long now = System.nanoTime();
    long last = lastReconnect.get();
    if (!isConnected() || now - last < requestTimeout.toNanos() || !lastReconnect.compareAndSet(last, now)) {
      return;
    }
    log.warn("NATS server {} did not answer in time on a live connection; reconnecting", url);
    background("anp-nats-reconnect", this::forceReconnect);
  }

  private void forceReconnect() {
    try {
      nats.forceReconnect();
    } catch (IOException e) {
      log.debug("forced reconnect to {} failed: {}", url, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // Rare events (reconnections) that may block for a request timeout: a short-lived daemon
  // thread each, off jnats' callback thread and off the common pool.
  private static void background(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  private void probe() throws IOException, JetStreamApiException {
    nats.jetStreamManagement(JetStreamOptions.builder().requestTimeout(requestTimeout).build())
        .getAccountStatistics();
  }

  /** Logs jnats' asynchronous errors at DEBUG only: the stores report failures to their callers. */
  private static final class QuietErrorListener implements io.nats.client.ErrorListener {
    @Override
    public void errorOccurred(Connection conn, String error) {
      log.debug("NATS error: {}", error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
      log.debug("NATS exception: {}", exp.toString());
    }
  }

  /**
   * Options of a {@link ClusterConnection}. Not thread-safe; the connection it opens is.
   */
  public static final class Builder {
    private String url;
    private String name = "anp";
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(2);
    private Duration reconnectWait = Duration.ofSeconds(1);
    private Duration pingInterval = Duration.ofSeconds(10);

    private Builder() {}

    /** The server, {@code nats://HOST:PORT}; required. */
    public Builder url(String url) {
      this.url = Objects.requireNonNull(url, "url");
      return this;
    }

    /** The connection name the server shows in its monitoring; default {@code anp}. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** How long opening the connection may take; default 5 seconds. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * How long one JetStream request (a nonce insert or lookup) may take; default 2 seconds. A
     * request past it fails closed, so this bounds how long a caller waits while NATS is lost.
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /** The pause between reconnection attempts (plus up to a quarter of it at random); default 1 second. */
    public Builder reconnectWait(Duration wait) {
      this.reconnectWait = positive(wait, "reconnectWait");
      return this;
    }

    /** How often the client pings the server to notice a dead connection (two missed pings); default 10 seconds. */
    public Builder pingInterval(Duration interval) {
      this.pingInterval = positive(interval, "pingInterval");
      return this;
    }

    /**
     * Opens the connection.
     *
     * @throws IllegalArgumentException if the URL is missing or not {@code nats://HOST:PORT}
     * @throws TransportException {@code CLUSTER_UNAVAILABLE} if the server cannot be reached
     */
    public ClusterConnection open() {
      if (url == null) {
        throw new IllegalArgumentException("url: required (nats://HOST:PORT)");
      }
      checkUrl(url);
      return new ClusterConnection(this);
    }

    private static void checkUrl(String url) {
      try {
        URI uri = new URI(url);
        if (!"nats".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1
            || (uri.getPath() != null && !uri.getPath().isEmpty()) || uri.getQuery() != null) {
          throw new IllegalArgumentException("url: expected nats://HOST:PORT, got " + url);
        }
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("url: expected nats://HOST:PORT, got " + url, e);
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
