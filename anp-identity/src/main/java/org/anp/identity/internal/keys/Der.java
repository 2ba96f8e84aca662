package org.anp.identity.internal.keys;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;

/**
 * The small, strict subset of ASN.1 DER that keys and ECDSA signatures need. Only definite,
 * minimal lengths (at most two length bytes) and minimal non-negative INTEGERs are accepted, so
 * BER variants (indefinite or padded lengths, leading zero bytes) are rejected, as Wycheproof
 * expects of a verifier.
 */
public final class Der {
  public static final int INTEGER = 0x02;
  public static final int BIT_STRING = 0x03;
  public static final int OCTET_STRING = 0x04;
  public static final int OID = 0x06;
  public static final int SEQUENCE = 0x30;

  private Der() {}

  /** Reads consecutive TLVs from a byte range; failures are thrown with a fixed code and field. */
  public static final class Reader {
    private final byte[] buf;
    private final int end;
    private final IdentityError code;
    private final String field;
    private int pos;

    public Reader(byte[] buf, IdentityError code, String field) {
      this(buf, 0, buf.length, code, field);
    }

    private Reader(byte[] buf, int pos, int end, IdentityError code, String field) {
      this.buf = buf;
      this.pos = pos;
      this.end = end;
      this.code = code;
      this.field = field;
    }

    public boolean hasMore() {
      return pos < end;
    }

    /** The tag of the next element, without consuming it. */
    public int peekTag() {
      if (pos >= end) {
        throw fail("unexpected end of data");
      }
      return buf[pos] & 0xff;
    }

    /** Reads an element with the given tag and returns its contents. */
    public byte[] read(int tag) {
      int start = enter(tag);
      int len = pos - start;
      return Arrays.copyOfRange(buf, start, start + len);
    }

    /** Reads a constructed element with the given tag and returns a reader over its contents. */
    public Reader readConstructed(int tag) {
      int start = enter(tag);
      return new Reader(buf, start, pos, code, field);
    }

    /** Reads an INTEGER that must be minimally encoded and non-negative. */
    public BigInteger readNonNegativeInteger() {
      byte[] content = read(INTEGER);
      if (content.length == 0) {
        throw fail("empty INTEGER");
      }
      if (content[0] < 0) {
        throw fail("negative INTEGER");
      }
      if (content.length > 1 && content[0] == 0 && content[1] >= 0) {
        throw fail("INTEGER with a redundant leading zero");
      }
      return new BigInteger(1, content);
    }

    /** Reads a BIT STRING without unused bits and returns its bytes. */
    public byte[] readBitString(int tag) {
      byte[] content = read(tag);
      if (content.length == 0 || content[0] != 0) {
        throw fail("BIT STRING with unused bits");
      }
      return Arrays.copyOfRange(content, 1, content.length);
    }

    /** Fails unless every byte has been consumed. */
    public void expectEnd() {
      if (pos != end) {
        throw fail((end - pos) + " unexpected trailing byte(s)");
      }
    }

    public IdentityException fail(String reason) {
      return new IdentityException(code, field + ": " + reason);
    }

    /** Consumes tag and length, checks the length; returns the content start, pos = content end. */
    private int enter(int tag) {
      if (peekTag() != tag) {
        throw fail(String.format("expected tag 0x%02x, found 0x%02x", tag, peekTag()));
      }
      pos++;
      if (pos >= end) {
        throw fail("missing length");
      }
      int first = buf[pos++] & 0xff;
      int len;
      if (first < 0x80) {
        len = first;
      } else if (first == 0x81) {
        len = readLengthByte();
        if (len < 0x80) {
          throw fail("length not minimally encoded");
        }
      } else if (first == 0x82) {
        len = (readLengthByte() << 8) | readLengthByte();
        if (len < 0x100) {
          throw fail("length not minimally encoded");
        }
      } else {
        throw fail(first == 0x80 ? "indefinite length" : "length too large");
      }
      if (len > end - pos) {
        throw fail("length " + len + " exceeds the remaining " + (end - pos) + " byte(s)");
      }
      int start = pos;
      pos += len;
      return start;
    }

    private int readLengthByte() {
      if (pos >= end) {
        throw fail("truncated length");
      }
      return buf[pos++] & 0xff;
    }
  }

  /** Encodes one TLV whose contents are the concatenation of {@code parts}. */
  public static byte[] tlv(int tag, byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      content.writeBytes(part);
    }
    int len = content.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream(len + 4);
    out.write(tag);
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else {
      out.write(0x82);
      out.write(len >>> 8);
      out.write(len & 0xff);
    }
    out.writeBytes(content.toByteArray());
    return out.toByteArray();
  }

  /** A minimal non-negative INTEGER. */
  public static byte[] integer(BigInteger value) {
    return tlv(INTEGER, value.toByteArray());
  }

  /** A BIT STRING with no unused bits. */
  public static byte[] bitString(int tag, byte[] bytes) {
    return tlv(tag, new byte[] {0}, bytes);
  }
}
