package org.anp.meta;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity of a negotiated protocol: {@code hex(SHA-256(UTF-8(text)))}, 64 lower-case hex
 * digits (spec/meta-protocol.md §3, §9; the {@code usedProtocolHash} of the hellos). Immutable.
 *
 * @param hex 64 lower-case hexadecimal digits
 */
public record ProtocolHash(String hex) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  /**
   * @throws MetaProtocolException {@code MALFORMED_MESSAGE} unless {@code hex} is 64 lower-case
   *     hex digits
   */
  public ProtocolHash {
    Objects.requireNonNull(hex, "hex");
    if (!HEX64.matcher(hex).matches()) {
      throw new MetaProtocolException(
          MetaProtocolError.MALFORMED_MESSAGE, "protocol hash: not 64 lower-case hex digits");
    }
  }

  /** The hash of a protocol document's exact text. */
  public static ProtocolHash of(String protocolText) {
    Objects.requireNonNull(protocolText, "protocolText");
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(protocolText.getBytes(StandardCharsets.UTF_8));
      return new ProtocolHash(HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return hex;
  }
}
