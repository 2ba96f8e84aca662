package org.anp.identity.codec;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;

/**
 * Multicodec codes for public keys, written as an unsigned LEB128 varint in front of the raw key
 * bytes (as in {@code publicKeyMultibase} of {@code Multikey} / {@code Ed25519VerificationKey2020}
 * methods and in {@code did:key}). This enum only handles the prefix; key lengths and point
 * formats are checked by the key layer. Thread-safe and immutable.
 *
 * <p>Spec: ANP identity digest, ambiguity 4 ({@code publicKeyMultibase} payload) and section 1.3.
 */
public enum Multicodec {
  /** Ed25519 public key, 32 bytes; prefix {@code ed 01}. */
  ED25519_PUB(0xed),
  /** X25519 public key, 32 bytes; prefix {@code ec 01}. */
  X25519_PUB(0xec),
  /** secp256k1 public key, 33-byte compressed point; prefix {@code e7 01}. */
  SECP256K1_PUB(0xe7),
  /** P-256 public key, 33-byte compressed point; prefix {@code 80 24}. */
  P256_PUB(0x1200),
  /** P-384 public key (recognised so it can be rejected by name); prefix {@code 81 24}. */
  P384_PUB(0x1201),
  /** P-521 public key (recognised so it can be rejected by name); prefix {@code 82 24}. */
  P521_PUB(0x1202);

  private static final int MAX_VARINT_BYTES = 9;

  private final int code;
  private final byte[] prefix;

  Multicodec(int code) {
    this.code = code;
    this.prefix = varint(code);
  }

  /** The multicodec table code, e.g. {@code 0xed}. */
  public int code() {
    return code;
  }

  /** The varint prefix bytes; a fresh copy on each call. */
  public byte[] prefix() {
    return prefix.clone();
  }

  /** Returns {@code prefix() || key}. */
  public byte[] addPrefix(byte[] key) {
    Objects.requireNonNull(key, "key");
    byte[] out = Arrays.copyOf(prefix, prefix.length + key.length);
    System.arraycopy(key, 0, out, prefix.length, key.length);
    return out;
  }

  /**
   * Returns the bytes after this codec's prefix.
   *
   * @throws IdentityException {@code INVALID_ENCODING} if {@code prefixed} does not start with
   *     this codec's prefix; the message names the expected and the found codec
   */
  public byte[] stripPrefix(byte[] prefixed) {
    Objects.requireNonNull(prefixed, "prefixed");
    if (!startsWith(prefixed, prefix)) {
      String found =
          identify(prefixed).map(Multicodec::name).orElse("an unknown or malformed prefix");
      throw new IdentityException(
          IdentityError.INVALID_ENCODING,
          "multicodec: expected " + name() + " (0x" + Integer.toHexString(code) + "), found "
              + found);
    }
    return Arrays.copyOfRange(prefixed, prefix.length, prefixed.length);
  }

  /**
   * The codec whose varint prefix starts {@code prefixed}, if it is one of this enum's codes.
   * Empty for an unknown code or a malformed (truncated or non-minimal) varint.
   */
  public static Optional<Multicodec> identify(byte[] prefixed) {
    Objects.requireNonNull(prefixed, "prefixed");
    long value = 0;
    for (int i = 0; i < prefixed.length && i < MAX_VARINT_BYTES; i++) {
      int b = prefixed[i] & 0xff;
      value |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        // A final zero byte after other bytes is a non-minimal encoding; multiformats forbids it.
        if (b == 0 && i > 0) {
          return Optional.empty();
        }
        return fromCode(value);
      }
    }
    return Optional.empty();
  }

  /** The constant for a multicodec table code, if this enum has one. */
  public static Optional<Multicodec> fromCode(long code) {
    for (Multicodec c : values()) {
      if (c.code == code) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  private static byte[] varint(int value) {
    byte[] buf = new byte[MAX_VARINT_BYTES];
    int n = 0;
    int rest = value;
    while (rest >= 0x80) {
      buf[n++] = (byte) ((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    buf[n++] = (byte) rest;
    return Arrays.copyOf(buf, n);
  }

  private static boolean startsWith(byte[] bytes, byte[] start) {
    return bytes.length >= start.length
        && Arrays.equals(bytes, 0, start.length, start, 0, start.length);
  }
}
