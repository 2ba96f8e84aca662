package org.anp.identity.resolve;

import java.time.Duration;
import java.util.Objects;
import org.anp.identity.internal.resolve.AddressPolicy;
import org.anp.identity.internal.resolve.JdkDocumentFetcher;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.spi.DocumentFetcher;

/**
 * The document fetchers this library ships, on the JDK {@link java.net.http.HttpClient}: GET with
 * {@code Accept: application/json}, no redirects, a connect and a request timeout, and the size
 * limit enforced while the body streams in. Each returned fetcher is thread-safe and owns one client.
 *
 * <p>Outbound lookups are bounded, since a peer that names a DID chooses the host (issue 12,
 * decision 0044): host names that resolve to loopback, private or link-local addresses are
 * refused with {@code RESOLUTION_REFUSED} unless {@link Builder#allowPrivateAddresses()} (or, for
 * loopback only, the insecure loopback option) says otherwise, and at most {@link
 * Builder#maxConcurrentPerHost} fetches per host ({@link Builder#maxConcurrent} in all) run at
 * once; {@link Builder#maxQueued} more may wait, and past that they are refused at once, counted
 * and logged at WARN once a minute.
 *
 * @see org.anp.identity.spi.DocumentFetcher for the error codes
 */
public final class DocumentFetchers {
  /** The default connect and request timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private DocumentFetchers() {}

  /** Fetches {@code https} URLs only; any other scheme fails with {@code RESOLUTION_FAILED}. */
  public static DocumentFetcher https() {
    return https(DEFAULT_TIMEOUT);
  }

  /** As {@link #https()}, with the given connect and request timeout. */
  public static DocumentFetcher https(Duration timeout) {
    return builder().timeout(timeout).build();
  }

  /**
   * For tests: as {@link #https()}, but also plain {@code http} to the loopback host
   * ({@code 127.0.0.1}, {@code localhost}, {@code [::1]}); http to any other host is still refused.
   * Loopback addresses may be reached; other internal addresses are still refused.
   */
  public static DocumentFetcher insecureAllowLoopbackHttp() {
    return insecureAllowLoopbackHttp(DEFAULT_TIMEOUT);
  }

  /** As {@link #insecureAllowLoopbackHttp()}, with the given connect and request timeout. */
  public static DocumentFetcher insecureAllowLoopbackHttp(Duration timeout) {
    return builder().timeout(timeout).insecureAllowLoopbackHttp().build();
  }

  /** A builder of the JDK fetcher with every option. */
  public static Builder builder() {
    return new Builder();
  }

  /** Options of the JDK fetcher. Not thread-safe; the fetcher it builds is. */
  public static final class Builder {
    private Duration timeout = DEFAULT_TIMEOUT;
    private boolean loopbackHttp;
    private boolean privateAddresses;
    private int maxConcurrentPerHost = 4;
    private int maxConcurrent = 64;
    private int maxQueued = 256;
    private MetricsRegistry metrics = MetricsRegistry.create();

    private Builder() {}

    /** Connect and request timeout; default 10 seconds. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Plain http to the loopback host, and loopback addresses may be reached (tests, one machine). */
    public Builder insecureAllowLoopbackHttp() {
      this.loopbackHttp = true;
      return this;
    }

    /**
     * Hosts that resolve to loopback, private, link-local or unique-local addresses may be
     * reached: for a resolver inside a private network whose DIDs are hosted there. Off by default.
     */
    public Builder allowPrivateAddresses() {
      this.privateAddresses = true;
      return this;
    }

    /** Fetches to one host at once; default 4; more wait (see {@link #maxQueued}). */
    public Builder maxConcurrentPerHost(int fetches) {
      this.maxConcurrentPerHost = fetches;
      return this;
    }

    /** Fetches at once in all; default 64; more wait (see {@link #maxQueued}). */
    public Builder maxConcurrent(int fetches) {
      this.maxConcurrent = fetches;
      return this;
    }

    /**
     * Fetches that may wait for a slot, at most the timeout each; default 256; past it, fetches
     * are refused at once with {@code RESOLUTION_REFUSED}.
     */
    public Builder maxQueued(int fetches) {
      this.maxQueued = fetches;
      return this;
    }

    /** Where refusals are counted; default a private registry. */
    public Builder metrics(MetricsRegistry metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /**
     * The fetcher.
     *
     * @throws IllegalArgumentException if the timeout is not positive, {@code
     *     maxConcurrentPerHost < 1}, {@code maxConcurrent < maxConcurrentPerHost} or {@code
     *     maxQueued < 0}
     */
    public DocumentFetcher build() {
      AddressPolicy policy = privateAddresses ? AddressPolicy.ANY
          : loopbackHttp ? AddressPolicy.PUBLIC_AND_LOOPBACK : AddressPolicy.PUBLIC_ONLY;
      return new JdkDocumentFetcher(
          timeout, loopbackHttp, policy, maxConcurrentPerHost, maxConcurrent, maxQueued, metrics);
    }
  }
}
