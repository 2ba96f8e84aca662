package org.anp.meta.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;

/**
 * One upper-layer payload: a 1-byte header carrying the {@link ProtocolType} and the protocol
 * data after it (spec/meta-protocol.md §1). This is what travels as the plaintext of an E2E
 * message. Immutable: the data is copied in and out.
 *
 * <p>The header is always sent with its reserved bits 0; a received header's reserved bits are
 * ignored, as the spec leaves them unused.
 */
public final class Frame {
  private final ProtocolType type;
  private final byte[] data;

  private Frame(ProtocolType type, byte[] data) {
    this.type = type;
    this.data = data;
  }

  /** A frame of {@code type} carrying a copy of {@code data}. */
  public static Frame of(ProtocolType type, byte[] data) {
    Objects.requireNonNull(type, "type");
    return new Frame(type, data.clone());
  }

  /** A PT=00 frame carrying one negotiation message, written as the reference SDK writes it. */
  public static Frame meta(MetaMessage message) {
    return new Frame(ProtocolType.META, MetaMessageCodec.encode(message));
  }

  /** A PT=01 frame carrying application data in the negotiated format. */
  public static Frame application(byte[] data) {
    return of(ProtocolType.APPLICATION, data);
  }

  /** A PT=10 frame carrying natural-language text, UTF-8. */
  public static Frame naturalLanguage(String text) {
    return new Frame(ProtocolType.NATURAL_LANGUAGE, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A PT=11 frame carrying verification (test) traffic. */
  public static Frame verification(byte[] data) {
    return of(ProtocolType.VERIFICATION, data);
  }

  /**
   * Splits a received payload into header and data.
   *
   * @param maxBytes the largest accepted payload, header included
   * @throws MetaProtocolException {@code MALFORMED_MESSAGE} for an empty payload,
   *     {@code MESSAGE_TOO_LARGE} for one over {@code maxBytes}
   */
  public static Frame decode(byte[] payload, int maxBytes) {
    Objects.requireNonNull(payload, "payload");
    if (payload.length == 0) {
      throw new MetaProtocolException(
          MetaProtocolError.MALFORMED_MESSAGE, "frame: empty, no header byte");
    }
    if (payload.length > maxBytes) {
      throw new MetaProtocolException(
          MetaProtocolError.MESSAGE_TOO_LARGE,
          "frame: " + payload.length + " bytes, limit " + maxBytes);
    }
    return new Frame(
        ProtocolType.fromHeader(payload[0]), Arrays.copyOfRange(payload, 1, payload.length));
  }

  /** The header byte followed by the data. */
  public byte[] encode() {
    byte[] out = new byte[data.length + 1];
    out[0] = type.headerByte();
    System.arraycopy(data, 0, out, 1, data.length);
    return out;
  }

  public ProtocolType type() {
    return type;
  }

  /** A copy of the protocol data (everything after the header byte). */
  public byte[] data() {
    return data.clone();
  }

  /** The data's length in bytes. */
  public int dataLength() {
    return data.length;
  }

  /**
   * The data of a PT=10 frame as text.
   *
   * @throws MetaProtocolException {@code MALFORMED_MESSAGE} if this is not a PT=10 frame or its
   *     data is not valid UTF-8
   */
  public String naturalLanguageText() {
    if (type != ProtocolType.NATURAL_LANGUAGE) {
      throw new MetaProtocolException(
          MetaProtocolError.MALFORMED_MESSAGE, "frame: PT " + type + ", not NATURAL_LANGUAGE");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(java.nio.ByteBuffer.wrap(data))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new MetaProtocolException(
          MetaProtocolError.MALFORMED_MESSAGE, "frame: natural-language data is not UTF-8", e);
    }
  }

  /**
   * The negotiation message of a PT=00 frame.
   *
   * @throws MetaProtocolException as {@link MetaMessageCodec#decode(byte[], WireLimits)}, or
   *     {@code MALFORMED_MESSAGE} if this is not a PT=00 frame
   */
  public MetaMessage metaMessage(WireLimits limits) {
    if (type != ProtocolType.META) {
      throw new MetaProtocolException(
          MetaProtocolError.MALFORMED_MESSAGE, "frame: PT " + type + ", not META");
    }
    return MetaMessageCodec.decode(data, limits);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Frame f && f.type == type && Arrays.equals(f.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Frame[" + type + ", " + data.length + " bytes]";
  }
}
