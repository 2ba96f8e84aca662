package org.anp.meta.wire;

/**
 * Size limits applied to received negotiation messages. Immutable.
 *
 * @param maxMessageBytes the largest PT=00 JSON payload accepted, in bytes
 * @param maxTextBytes the largest text field (candidate protocol, test cases, error
 *     description, natural-language message) accepted, in UTF-8 bytes; spec/meta-protocol.md
 *     §2.6 suggests 256 KiB before text reaches a language model
 */
public record WireLimits(int maxMessageBytes, int maxTextBytes) {
  /** 1 MiB messages, 256 KiB text fields. */
  public static final WireLimits DEFAULT = new WireLimits(1 << 20, 256 << 10);

  /**
   * @throws IllegalArgumentException unless both are positive and a text fits in a message
   */
  public WireLimits {
    if (maxMessageBytes < 1 || maxTextBytes < 1 || maxTextBytes > maxMessageBytes) {
      throw new IllegalArgumentException(
          "limits: need 0 < maxTextBytes <= maxMessageBytes, got "
              + maxTextBytes
              + " and "
              + maxMessageBytes);
    }
  }
}
