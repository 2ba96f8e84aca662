package org.anp.identity.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a fuzzer's raw bytes into the arguments of a parser. Corpus files stay plain text: a
 * target that needs several strings reads them as lines separated by {@code '\n'}.
 */
final class FuzzInput {
  private FuzzInput() {}

  /** The bytes as UTF-8 text (malformed sequences become U+FFFD, as a server would decode). */
  static String utf8(byte[] data) {
    return new String(data, StandardCharsets.UTF_8);
  }

  /**
   * The first {@code count - 1} lines of {@code data} and the rest as the last element; missing
   * lines are empty strings, so the list always has {@code count} elements.
   */
  static List<String> lines(byte[] data, int count) {
    String text = utf8(data);
    List<String> out = new ArrayList<>(count);
    int start = 0;
    for (int i = 0; i < count - 1; i++) {
      int nl = start <= text.length() ? text.indexOf('\n', start) : -1;
      if (nl < 0) {
        out.add(start <= text.length() ? text.substring(start) : "");
        start = text.length() + 1;
      } else {
        out.add(text.substring(start, nl));
        start = nl + 1;
      }
    }
    out.add(start <= text.length() ? text.substring(start) : "");
    return out;
  }
}
