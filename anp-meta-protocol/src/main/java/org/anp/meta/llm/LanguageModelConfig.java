package org.anp.meta.llm;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach an OpenAI-compatible chat-completions endpoint: base URL (the part
 * before {@code /chat/completions}, e.g. {@code https://api.openai.com/v1}), optional API key,
 * model name, and the limits of one request. Plain {@code http} is allowed only to a loopback
 * host, so a key never crosses a network in clear. Immutable; {@link #toString()} never shows the
 * key.
 */
public final class LanguageModelConfig {
  /** Environment variable holding the base URL. */
  public static final String ENV_BASE_URL = "ANP_LLM_BASE_URL";
  /** Environment variable holding the API key (optional). */
  public static final String ENV_API_KEY = "ANP_LLM_API_KEY";
  /** Environment variable holding the model name. */
  public static final String ENV_MODEL = "ANP_LLM_MODEL";

  /** Default wait for one reply, connection included. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
  /** Default largest reply body read. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 1 << 20;
  /** Default largest prompt (sum of the messages' UTF-8 bytes), spec/meta-protocol.md §2.6. */
  public static final int DEFAULT_MAX_PROMPT_BYTES = 256 * 1024;

  private final URI baseUrl;
  private final Optional<ApiKey> apiKey;
  private final String model;
  private final Duration requestTimeout;
  private final int maxResponseBytes;
  private final int maxPromptBytes;

  private LanguageModelConfig(Builder b) {
    this.baseUrl = b.baseUrl;
    this.apiKey = b.apiKey;
    this.model = b.model;
    this.requestTimeout = b.requestTimeout;
    this.maxResponseBytes = b.maxResponseBytes;
    this.maxPromptBytes = b.maxPromptBytes;
  }

  /**
   * @param baseUrl {@code https} (or {@code http} to a loopback host), without query or fragment
   * @param model the model name sent in each request, not blank
   */
  public static Builder builder(URI baseUrl, String model) {
    return new Builder(baseUrl, model);
  }

  /** The configuration from the process environment, if {@code ANP_LLM_BASE_URL} and {@code ANP_LLM_MODEL} are set. */
  public static Optional<LanguageModelConfig> fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * The configuration from {@code env}: {@value #ENV_BASE_URL} and {@value #ENV_MODEL} required
   * (empty result without them, the offline default), {@value #ENV_API_KEY} optional.
   *
   * @throws IllegalArgumentException if a variable is set to an unusable value
   */
  public static Optional<LanguageModelConfig> fromEnvironment(Map<String, String> env) {
    String base = env.getOrDefault(ENV_BASE_URL, "").strip();
    String model = env.getOrDefault(ENV_MODEL, "").strip();
    if (base.isEmpty() || model.isEmpty()) {
      return Optional.empty();
    }
    Builder b = builder(URI.create(base), model);
    String key = env.getOrDefault(ENV_API_KEY, "").strip();
    if (!key.isEmpty()) {
      b.apiKey(ApiKey.of(key));
    }
    return Optional.of(b.build());
  }

  public URI baseUrl() {
    return baseUrl;
  }

  public Optional<ApiKey> apiKey() {
    return apiKey;
  }

  public String model() {
    return model;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  public int maxResponseBytes() {
    return maxResponseBytes;
  }

  public int maxPromptBytes() {
    return maxPromptBytes;
  }

  @Override
  public String toString() {
    return "LanguageModelConfig[" + baseUrl + ", model=" + model + ", apiKey="
        + (apiKey.isPresent() ? "redacted" : "none") + ", timeout=" + requestTimeout + "]";
  }

  /** Builder; defaults are the {@code DEFAULT_*} constants and no key. */
  public static final class Builder {
    private final URI baseUrl;
    private final String model;
    private Optional<ApiKey> apiKey = Optional.empty();
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    private int maxPromptBytes = DEFAULT_MAX_PROMPT_BYTES;

    private Builder(URI baseUrl, String model) {
      this.baseUrl = checkBase(Objects.requireNonNull(baseUrl, "baseUrl"));
      this.model = Objects.requireNonNull(model, "model");
      if (model.isBlank()) {
        throw new IllegalArgumentException("model: blank");
      }
    }

    public Builder apiKey(ApiKey key) {
      this.apiKey = Optional.of(key);
      return this;
    }

    /** Wait for one reply (connect, headers and body), positive. */
    public Builder requestTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("requestTimeout: " + timeout);
      }
      this.requestTimeout = timeout;
      return this;
    }

    /** Largest reply body read, {@code >= 256}. */
    public Builder maxResponseBytes(int max) {
      if (max < 256) {
        throw new IllegalArgumentException("maxResponseBytes: " + max);
      }
      this.maxResponseBytes = max;
      return this;
    }

    /** Largest prompt sent (sum of the messages' UTF-8 bytes), {@code >= 256}. */
    public Builder maxPromptBytes(int max) {
      if (max < 256) {
        throw new IllegalArgumentException("maxPromptBytes: " + max);
      }
      this.maxPromptBytes = max;
      return this;
    }

    public LanguageModelConfig build() {
      return new LanguageModelConfig(this);
    }

    private static URI checkBase(URI uri) {
      String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
      String host = Optional.ofNullable(uri.getHost()).orElse("");
      if (host.isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
        throw new IllegalArgumentException("baseUrl: needs a host and no query, fragment or user info");
      }
      boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
      if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
        throw new IllegalArgumentException("baseUrl: https required (http only to a loopback host)");
      }
      return uri;
    }
  }
}
