package org.anp.identity.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;

/**
 * Writes a {@link JsonNode} tree in one of the two canonical forms ANP signs. The forms share the
 * structure (sorted keys, no white space) and differ in key order, string escaping and numbers;
 * see {@link Jcs} and {@link PyCompactSortedJson} for the contracts. Not thread-safe; one
 * instance per call.
 */
final class CanonicalWriter {
  /** Deepest nesting written; deeper trees are rejected rather than overflowing the stack. */
  static final int MAX_DEPTH = 1000;

  /** Largest integer magnitude JCS accepts: beyond it, IEEE 754 doubles lose integers. */
  private static final BigInteger MAX_SAFE_INTEGER =
      BigInteger.ONE.shiftLeft(53).subtract(BigInteger.ONE);

  private static final long MAX_SAFE_LONG = MAX_SAFE_INTEGER.longValueExact();

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  enum Form {
    /** RFC 8785. */
    JCS("JCS"),
    /** Python {@code json.dumps(sort_keys=True, separators=(',', ':'))}, ASCII output. */
    PYTHON("PySorted");

    private final String label;

    Form(String label) {
      this.label = label;
    }
  }

  private final Form form;
  private final StringBuilder out = new StringBuilder(256);
  /** Field names and array indexes from the root to the node being written, for messages. */
  private final List<Object> path = new ArrayList<>();
  private int depth;

  private CanonicalWriter(Form form) {
    this.form = form;
  }

  static String write(Form form, JsonNode node) {
    CanonicalWriter writer = new CanonicalWriter(form);
    writer.value(node);
    return writer.out.toString();
  }

  private void value(JsonNode node) {
    JsonNodeType type = node.getNodeType();
    switch (type) {
      case OBJECT -> object(node);
      case ARRAY -> array(node);
      case STRING -> string(node.textValue());
      case NUMBER -> number(node);
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NULL -> out.append("null");
      default -> throw fail("unsupported node type " + type);
    }
  }

  private void object(JsonNode node) {
    enter();
    List<String> names = new ArrayList<>(node.size());
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    names.sort(form == Form.JCS ? Comparator.naturalOrder() : CanonicalWriter::compareCodePoints);
    out.append('{');
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      String name = names.get(i);
      path.add(name);
      string(name);
      out.append(':');
      value(node.get(name));
      path.remove(path.size() - 1);
    }
    out.append('}');
    leave();
  }

  private void array(JsonNode node) {
    enter();
    out.append('[');
    for (int i = 0; i < node.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      path.add(i);
      value(node.get(i));
      path.remove(path.size() - 1);
    }
    out.append(']');
    leave();
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw fail("nesting deeper than " + MAX_DEPTH);
    }
  }

  private void leave() {
    depth--;
  }

  private void string(String s) {
    out.append('"');
    if (isPlain(s)) {
      // Printable ASCII without quote or backslash reads the same in both forms.
      out.append(s).append('"');
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || (form == Form.PYTHON && c > 0x7e)) {
            // Python's ensure_ascii escapes per UTF-16 unit, which yields surrogate pairs for
            // non-BMP characters; both forms use lower-case hex.
            unicodeEscape(c);
          } else if (form == Form.JCS && Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c)
                && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1))) {
              out.append(c).append(s.charAt(++i));
            } else {
              // RFC 8785 section 3.2.2.2: strings must be valid Unicode; UTF-8 cannot carry this.
              throw fail("unpaired surrogate at index " + i + " of a string");
            }
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean isPlain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private void unicodeEscape(char c) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xf])
        .append(HEX[(c >> 8) & 0xf])
        .append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }

  private void number(JsonNode node) {
    if (node.isInt() || node.isLong()) {
      // The common case, written without a BigInteger; the same digits.
      long value = node.longValue();
      if (form == Form.JCS && (value > MAX_SAFE_LONG || value < -MAX_SAFE_LONG)) {
        throw fail("integer outside +/-(2^53 - 1); send it as a string");
      }
      out.append(value);
      return;
    }
    if (node.isIntegralNumber()) {
      BigInteger value = node.bigIntegerValue();
      if (form == Form.JCS && value.abs().compareTo(MAX_SAFE_INTEGER) > 0) {
        // JavaScript would round this integer to a double and Python would keep it exact, so
        // there is no single canonical form (RFC 8785 section 3.2.2.3, I-JSON range).
        throw fail("integer outside +/-(2^53 - 1); send it as a string");
      }
      out.append(value);
      return;
    }
    double d = node.isBigDecimal() ? node.decimalValue().doubleValue() : node.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw fail("number " + d + " is not representable in JSON");
    }
    if (d == 0) {
      // ES6 writes -0 as "0"; Python keeps the sign and the fraction.
      out.append(form == Form.JCS ? "0" : (1 / d < 0 ? "-0.0" : "0.0"));
      return;
    }
    if (d < 0) {
      out.append('-');
    }
    ShortestDecimal decimal = ShortestDecimal.of(Math.abs(d));
    out.append(form == Form.JCS ? decimal.ecmaScript() : decimal.python());
  }

  /** Orders strings by Unicode code point, as Python's {@code sorted} orders {@code str} keys. */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    while (i < a.length() && i < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(i);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
    }
    return Integer.compare(a.length(), b.length());
  }

  private IdentityException fail(String reason) {
    StringBuilder where = new StringBuilder("$");
    for (Object segment : path) {
      if (segment instanceof Integer index) {
        where.append('[').append(index).append(']');
      } else {
        where.append('.').append(segment);
      }
    }
    return new IdentityException(
        IdentityError.INVALID_JSON, form.label + ": " + reason + " at " + where);
  }
}
