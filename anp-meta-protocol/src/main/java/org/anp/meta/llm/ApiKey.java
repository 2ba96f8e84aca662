package org.anp.meta.llm;

import java.util.Objects;

/**
 * The key sent as {@code Authorization: Bearer} to a language-model endpoint. A secret:
 * {@link #toString()} is redacted and the text is only available through
 * {@link #valueInsecure()}; never log it. Immutable and thread-safe.
 */
public final class ApiKey {
  private final String value;

  private ApiKey(String value) {
    this.value = value;
  }

  /**
   * @throws IllegalArgumentException if {@code value} is blank or contains a line break
   */
  public static ApiKey of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isBlank() || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("API key: blank or contains a line break");
    }
    return new ApiKey(value);
  }

  /** The key text, for the request header only. */
  public String valueInsecure() {
    return value;
  }

  @Override
  public String toString() {
    return "ApiKey[redacted]";
  }
}
