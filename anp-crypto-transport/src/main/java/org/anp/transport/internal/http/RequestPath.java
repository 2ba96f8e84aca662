package org.anp.transport.internal.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;

/**
 * A request path split on {@code /} into raw segments and their strict percent-decoding (UTF-8).
 * Dot segments and malformed escapes are refused so that no handler ever sees a path that
 * climbs out of its prefix. Immutable.
 */
final class RequestPath {
  private final List<String> raw;
  private final List<String> decoded;

  private RequestPath(List<String> raw, List<String> decoded) {
    this.raw = raw;
    this.decoded = decoded;
  }

  /**
   * Splits a raw absolute path.
   *
   * @throws TransportException {@code INVALID_MESSAGE} for a relative path, a bad escape, invalid
   *     UTF-8 or a {@code .}/{@code ..} segment
   */
  static RequestPath parse(String rawPath) {
    if (!rawPath.startsWith("/")) {
      throw new TransportException(TransportError.INVALID_MESSAGE, "path: not absolute");
    }
    List<String> raw = new ArrayList<>();
    List<String> decoded = new ArrayList<>();
    if (!rawPath.equals("/")) {
      for (String segment : rawPath.substring(1).split("/", -1)) {
        String value = decode(segment);
        if (value.equals(".") || value.equals("..")) {
          throw new TransportException(TransportError.INVALID_MESSAGE, "path: dot segment");
        }
        raw.add(segment);
        decoded.add(value);
      }
    }
    return new RequestPath(List.copyOf(raw), List.copyOf(decoded));
  }

  int size() {
    return raw.size();
  }

  String decoded(int index) {
    return decoded.get(index);
  }

  /** The raw segments from {@code from} on, joined with {@code /}. */
  String rawRest(int from) {
    return String.join("/", raw.subList(from, raw.size()));
  }

  private static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    ByteBuffer bytes = ByteBuffer.allocate(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        int hi = i + 1 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
        int lo = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw new TransportException(TransportError.INVALID_MESSAGE, "path: bad percent-escape");
        }
        bytes.put((byte) (hi << 4 | lo));
        i += 2;
      } else if (c > 0x7e) {
        throw new TransportException(TransportError.INVALID_MESSAGE, "path: non-ASCII character");
      } else {
        bytes.put((byte) c);
      }
    }
    bytes.flip();
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      throw new TransportException(TransportError.INVALID_MESSAGE, "path: escapes are not UTF-8");
    }
  }
}
