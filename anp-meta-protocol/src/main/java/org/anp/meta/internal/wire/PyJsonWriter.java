package org.anp.meta.internal.wire;

import java.nio.charset.StandardCharsets;

/**
 * Writes a flat JSON object exactly as Python's {@code json.dumps} does with its defaults, which
 * is how the reference SDK 0.9.2 writes every negotiation message: members in insertion order,
 * {@code ", "} and {@code ": "} as separators, and {@code ensure_ascii}: every character outside
 * ASCII as a lower-case {@code \}{@code uXXXX} escape (UTF-16 units, so a supplementary character
 * becomes two). Writing the same bytes lets our frames be compared with the SDK's recorded ones.
 * Not thread-safe; one instance per message.
 */
public final class PyJsonWriter {
  private final StringBuilder out = new StringBuilder(256).append('{');
  private boolean first = true;

  /** Appends a string member. */
  public PyJsonWriter string(String name, String value) {
    key(name);
    quote(value);
    return this;
  }

  /** Appends an integer member. */
  public PyJsonWriter integer(String name, long value) {
    key(name);
    out.append(value);
    return this;
  }

  /** Closes the object and returns its bytes (ASCII, hence also UTF-8). */
  public byte[] toBytes() {
    return out.append('}').toString().getBytes(StandardCharsets.US_ASCII);
  }

  private void key(String name) {
    if (!first) {
      out.append(", ");
    }
    first = false;
    quote(name);
    out.append(": ");
  }

  private void quote(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7E) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
