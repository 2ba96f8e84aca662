package org.anp.meta.wire;

/**
 * The 2-bit protocol type (PT) in the top bits of a frame's header byte (spec/meta-protocol.md
 * §1). The six reserved bits are sent as 0 and ignored on receipt.
 */
public enum ProtocolType {
  /** {@code 00}, header {@code 0x00}: a negotiation message, UTF-8 JSON. */
  META(0),
  /** {@code 01}, header {@code 0x40}: data in the negotiated application protocol. */
  APPLICATION(1),
  /** {@code 10}, header {@code 0x80}: natural-language data, UTF-8 text. */
  NATURAL_LANGUAGE(2),
  /** {@code 11}, header {@code 0xC0}: verification traffic, never delivered to the application. */
  VERIFICATION(3);

  private final int value;

  ProtocolType(int value) {
    this.value = value;
  }

  /** The 2-bit value, 0 to 3 (the reference SDK's {@code ProtocolType} enum values). */
  public int value() {
    return value;
  }

  /** The header byte this type is sent with: the value in bits 7-6, reserved bits 0. */
  public byte headerByte() {
    return (byte) (value << 6);
  }

  /** The type a received header byte carries; the reserved bits are ignored. */
  public static ProtocolType fromHeader(byte header) {
    return values()[(header & 0xFF) >>> 6];
  }
}
