package org.anp.transport.internal.relay;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks that a text frame is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF). The relay's WebSocket decoder leaves this to the relay, which reads
 * every frame anyway: ASCII, the common case for E2E frames, is recognized eight bytes at a
 * time, and only a frame with other bytes goes through the JDK's strict decoder. Stateless.
 */
final class Utf8Check {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Utf8Check() {}

  /** @throws org.anp.transport.TransportException {@code INVALID_MESSAGE} for invalid UTF-8 */
  static void require(byte[] bytes) {
    int firstNonAscii = firstNonAscii(bytes);
    if (firstNonAscii == bytes.length) {
      return;
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, firstNonAscii, bytes.length - firstNonAscii);
    CharBuffer out = CharBuffer.allocate(bytes.length - firstNonAscii);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw FrameFields.invalid("frame", "invalid UTF-8 at byte offset " + in.position());
    }
  }

  /** Whether {@code bytes} are well-formed UTF-8. */
  static boolean isValid(byte[] bytes) {
    try {
      require(bytes);
      return true;
    } catch (org.anp.transport.TransportException e) {
      return false;
    }
  }

  /** The index of the first byte with its high bit set, or the length if there is none. */
  static int firstNonAscii(byte[] bytes) {
    int i = 0;
    for (int end = bytes.length - Long.BYTES; i <= end; i += Long.BYTES) {
      if (((long) LONGS.get(bytes, i) & HIGH_BITS) != 0) {
        break;
      }
    }
    for (; i < bytes.length; i++) {
      if (bytes[i] < 0) {
        return i;
      }
    }
    return bytes.length;
  }
}
