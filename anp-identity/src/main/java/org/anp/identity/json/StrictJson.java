package org.anp.identity.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Objects;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;

/**
 * Strict JSON parsing for everything ANP reads from a peer (DID documents, auth bodies, hellos,
 * agent descriptions). Accepts exactly RFC 8259 JSON in UTF-8 and rejects, with
 * {@code IdentityException}:
 *
 * <ul>
 *   <li>input over the caller's byte limit: {@code INPUT_TOO_LARGE}, checked before parsing;
 *   <li>invalid UTF-8 (including overlong forms and encoded surrogates), a byte order mark,
 *       empty input, malformed JSON, anything after the first value, duplicate object keys,
 *       nesting deeper than {@link #MAX_DEPTH} arrays and objects, and numbers whose value
 *       overflows a double: {@code INVALID_JSON} with the line and column (or byte offset).
 * </ul>
 *
 * <p>Numbers: a literal without fraction or exponent becomes an exact integer node
 * ({@code IntNode}, {@code LongNode} or {@code BigIntegerNode} by size); a literal with a fraction
 * or exponent becomes a {@code DoubleNode} holding the correctly rounded double. That is what
 * both canonical forms need: {@link Jcs} formats doubles as ECMAScript does and
 * {@link PyCompactSortedJson} keeps Python's int/float distinction ({@code 56} vs {@code 56.0}).
 *
 * <p>A top-level scalar is valid JSON and is returned as such; callers check the shape they
 * expect. Strings may contain escaped unpaired surrogates (<code>"&#92;ud800"</code>);
 * {@link Jcs} rejects them when canonicalizing. Thread-safe.
 */
public final class StrictJson {
  /** Deepest nesting of arrays and objects accepted by {@link #parse(byte[], int)}. */
  public static final int MAX_DEPTH = 64;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private StrictJson() {}

  /**
   * The shared mapper with the strict settings above (duplicate keys, trailing tokens and nesting
   * rejected; no scalar coercion such as {@code "1"} to {@code int} or {@code 1.5} to
   * {@code int}; {@code null} for a primitive rejected). Use it to bind or write POJOs. It is
   * shared: never reconfigure it; call {@code copy()} for a variant. Note that binding through
   * it does not apply a byte limit or the UTF-8 checks; parse with {@link #parse(byte[], int)}
   * first and bind with {@code treeToValue} when the input comes from a peer.
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Parses UTF-8 JSON of at most {@code maxBytes} bytes.
   *
   * @param maxBytes the largest accepted input, {@code >= 0}
   * @throws IllegalArgumentException if {@code maxBytes < 0}
   * @throws IdentityException {@code INPUT_TOO_LARGE} or {@code INVALID_JSON} as described above
   */
  public static JsonNode parse(byte[] utf8, int maxBytes) {
    Objects.requireNonNull(utf8, "utf8");
    checkLimit(utf8.length, maxBytes);
    int bad = firstInvalidUtf8(utf8);
    if (bad >= 0) {
      throw new IdentityException(
          IdentityError.INVALID_JSON, "json: invalid UTF-8 at byte offset " + bad);
    }
    if (!parsesAsUtf8(utf8)) {
      return parseText(decodeUtf8(utf8));
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(utf8);
    } catch (IOException e) {
      // Cold path: the text parser reports the error exactly as it always has, with the
      // column counted in characters rather than bytes.
      return parseText(decodeUtf8(utf8));
    }
    return checkRoot(root);
  }

  /**
   * Whether Jackson's byte parser reads {@code utf8} (already valid UTF-8) as UTF-8 JSON with
   * nothing skipped. It guesses UTF-16/32 from NUL bytes and skips a UTF-8 byte order mark; a NUL
   * byte is never valid here and a byte order mark is rejected, so both go to the text parser,
   * which reports them as before.
   */
  private static boolean parsesAsUtf8(byte[] utf8) {
    for (int i = 0, head = Math.min(utf8.length, 4); i < head; i++) {
      if (utf8[i] == 0) {
        return false;
      }
    }
    return !(utf8.length >= 3
        && utf8[0] == (byte) 0xEF
        && utf8[1] == (byte) 0xBB
        && utf8[2] == (byte) 0xBF);
  }

  /**
   * Index of the first byte of the first ill-formed sequence (Unicode Table 3-7: no overlong
   * forms, no encoded surrogates, nothing above U+10FFFF, no truncated sequence), or -1. Same
   * set and same offset as the JDK decoder with {@code CodingErrorAction.REPORT}.
   */
  static int firstInvalidUtf8(byte[] b) {
    int n = b.length;
    int i = 0;
    while (i < n) {
      // Skip ASCII eight bytes at a time: most input is ASCII.
      while (i + Long.BYTES <= n && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
        i += Long.BYTES;
      }
      if (i == n) {
        break;
      }
      int b0 = b[i];
      if (b0 >= 0) {
        i++;
        continue;
      }
      b0 &= 0xFF;
      int len;
      int lo = 0x80;
      int hi = 0xBF;
      if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
      } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        if (b0 == 0xE0) {
          lo = 0xA0;
        } else if (b0 == 0xED) {
          hi = 0x9F;
        }
      } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        if (b0 == 0xF0) {
          lo = 0x90;
        } else if (b0 == 0xF4) {
          hi = 0x8F;
        }
      } else {
        return i;
      }
      if (i + len > n) {
        return i;
      }
      int b1 = b[i + 1] & 0xFF;
      if (b1 < lo || b1 > hi) {
        return i;
      }
      for (int k = 2; k < len; k++) {
        if ((b[i + k] & 0xC0) != 0x80) {
          return i;
        }
      }
      i += len;
    }
    return -1;
  }

  /**
   * Parses JSON text whose UTF-8 encoding is at most {@code maxBytes} bytes.
   *
   * @param maxBytes the largest accepted input in UTF-8 bytes, {@code >= 0}
   * @throws IllegalArgumentException if {@code maxBytes < 0}
   * @throws IdentityException {@code INPUT_TOO_LARGE}; {@code INVALID_JSON} also for an unpaired
   *     surrogate {@code char} in {@code text}
   */
  public static JsonNode parse(String text, int maxBytes) {
    Objects.requireNonNull(text, "text");
    // Every char is at least one UTF-8 byte, so this bounds the work done below.
    checkLimit(text.length(), maxBytes);
    checkLimit(utf8Length(text), maxBytes);
    return parseText(text);
  }

  private static void checkLimit(long bytes, int maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes < 0: " + maxBytes);
    }
    if (bytes > maxBytes) {
      throw new IdentityException(
          IdentityError.INPUT_TOO_LARGE, "json: " + bytes + " bytes, limit " + maxBytes);
    }
  }

  private static long utf8Length(String text) {
    long n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (!Character.isSurrogate(c)) {
        n += 3;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        throw new IdentityException(
            IdentityError.INVALID_JSON, "json: unpaired surrogate at char index " + i);
      }
    }
    return n;
  }

  private static String decodeUtf8(byte[] utf8) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(utf8);
    CharBuffer out = CharBuffer.allocate(utf8.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw new IdentityException(
          IdentityError.INVALID_JSON, "json: invalid UTF-8 at byte offset " + in.position());
    }
    return out.flip().toString();
  }

  private static JsonNode parseText(String text) {
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      throw new IdentityException(IdentityError.INVALID_JSON, "json: byte order mark at offset 0");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IdentityException(
          IdentityError.INVALID_JSON,
          "json: " + e.getOriginalMessage() + where(e.getLocation()),
          e);
    }
    return checkRoot(root);
  }

  private static JsonNode checkRoot(JsonNode root) {
    if (root.isMissingNode()) {
      throw new IdentityException(IdentityError.INVALID_JSON, "json: no value in input");
    }
    checkNumbers(root);
    return root;
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /** Jackson turns {@code 1e400} into an infinite double; no JSON number denotes infinity. */
  private static void checkNumbers(JsonNode node) {
    if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
      throw new IdentityException(
          IdentityError.INVALID_JSON, "json: number out of the range of a double");
    }
    if (node.isContainerNode()) {
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        checkNumbers(it.next());
      }
    }
  }
}
