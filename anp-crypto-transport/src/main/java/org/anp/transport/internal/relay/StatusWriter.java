package org.anp.transport.internal.relay;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.anp.transport.e2e.E2eMessage;
import org.anp.transport.e2e.MessageType;
import org.anp.transport.internal.e2e.Frames;

/**
 * Writes the relay's {@code response} frames (decision 0004) straight to bytes, in the reference
 * SDK's member order. The relay sends one for almost every frame, so this avoids a JSON tree and
 * a generator: the fixed parts are constant bytes, the timestamp text is kept for the current
 * millisecond, and message ids count up from a random start (they need to be unique, not secret).
 * Thread-safe.
 */
final class StatusWriter {
  private static final byte[] HEAD = ascii("{\"version\":\"" + E2eMessage.VERSION + "\",\"type\":\""
      + MessageType.RESPONSE.wireName() + "\",\"timestamp\":\"");
  private static final byte[] MESSAGE_ID = ascii("\",\"messageId\":\"");
  private static final byte[] SOURCE_DID = ascii("\",\"sourceDid\":\"");
  private static final byte[] DESTINATION_DID = ascii("\",\"destinationDid\":\"");
  private static final byte[] ORIGINAL_TYPE = ascii("\",\"originalType\":\"");
  private static final byte[] ORIGINAL_MESSAGE_ID = ascii("\",\"originalMessageId\":\"");
  private static final byte[] CODE = ascii("\",\"code\":");
  private static final byte[] DETAIL = ascii(",\"detail\":\"");
  private static final byte[] TAIL = ascii("\"}");
  private static final byte[] HEX = ascii("0123456789abcdef");

  private final Optional<byte[]> relayDid;
  private final AtomicLong ids;
  private volatile Stamp stamp = new Stamp(Long.MIN_VALUE, new byte[0]);

  private record Stamp(long millis, byte[] text) {}

  StatusWriter(SecureRandom random, Optional<String> relayDid) {
    this.relayDid = relayDid.map(StatusWriter::escaped);
    this.ids = new AtomicLong(random.nextLong());
  }

  /** A {@code response} answering {@code original} with {@code code} and {@code detail}. */
  byte[] response(Instant now, FrameInfo original, int code, String detail) {
    Out out = new Out(192 + detail.length());
    out.put(HEAD).put(timestamp(now)).put(MESSAGE_ID).hex(ids.getAndIncrement());
    relayDid.ifPresent(did -> out.put(SOURCE_DID).put(did));
    original.sourceDid().ifPresent(did -> out.put(DESTINATION_DID).put(escaped(did)));
    out.put(ORIGINAL_TYPE).put(escaped(original.type()));
    original.messageId().ifPresent(id -> out.put(ORIGINAL_MESSAGE_ID).put(escaped(id)));
    out.put(CODE).put(ascii(Integer.toString(code))).put(DETAIL).put(escaped(detail)).put(TAIL);
    return out.bytes();
  }

  private byte[] timestamp(Instant now) {
    long millis = now.toEpochMilli();
    Stamp s = stamp;
    if (s.millis() != millis) {
      s = new Stamp(millis, ascii(Frames.timestamp(now)));
      stamp = s;
    }
    return s.text();
  }

  /** The UTF-8 of {@code text} as the inside of a JSON string. */
  static byte[] escaped(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        return JsonStringEncoder.getInstance().quoteAsUTF8(text);
      }
    }
    return ascii(text);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** A growable byte array; single use. */
  private static final class Out {
    private byte[] buf;
    private int size;

    Out(int capacity) {
      buf = new byte[capacity];
    }

    Out put(byte[] b) {
      if (size + b.length > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + b.length));
      }
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
      return this;
    }

    Out hex(long v) {
      byte[] b = new byte[16];
      for (int i = 15; i >= 0; i--, v >>>= 4) {
        b[i] = HEX[(int) (v & 0xf)];
      }
      return put(b);
    }

    byte[] bytes() {
      return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }
  }
}
